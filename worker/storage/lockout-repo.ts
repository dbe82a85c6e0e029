import { inArray, sql } from "drizzle-orm";
import type { FailureCounter } from "../domain/lockout";
import type { Database } from "./db";
import { lookupFailures } from "./schema";

export async function readFailureCounters(db: Database, keys: readonly string[]): Promise<Map<string, FailureCounter>> {
  const rows = await db.select().from(lookupFailures).where(inArray(lookupFailures.key, [...keys]));
  return new Map(rows.map((row) => [row.key, { failures: row.failures, windowStartedAt: row.windowStartedAt }]));
}

/**
 * Counts one failure for each key in one atomic statement per key: a new window starts when the
 * old one has ended, so concurrent failures from many locations all count.
 */
export async function recordFailures(
  db: Database,
  keys: readonly string[],
  now: number,
  windowMs: number,
): Promise<Map<string, FailureCounter>> {
  const statements = keys.map((key) =>
    db
      .insert(lookupFailures)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: lookupFailures.key,
        set: {
          failures: sql`CASE WHEN ${now} - ${lookupFailures.windowStartedAt} >= ${windowMs} THEN 1 ELSE ${lookupFailures.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${now} - ${lookupFailures.windowStartedAt} >= ${windowMs} THEN ${now} ELSE ${lookupFailures.windowStartedAt} END`,
        },
      })
      .returning(),
  );
  const [first, ...rest] = statements;
  if (!first) return new Map();
  const results = await db.batch([first, ...rest]);
  return new Map(
    results.flat().map((row) => [row.key, { failures: row.failures, windowStartedAt: row.windowStartedAt }]),
  );
}
