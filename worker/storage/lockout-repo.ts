import { and, eq, lte, sql } from "drizzle-orm";
import type { FailureCounter } from "../domain/lockout";
import type { Database } from "./db";
import { invoiceForLookupQuery } from "./items-repo";
import { preparedQuery, type Placeholders } from "./prepared";
import { lookupFailures } from "./schema";

// One atomic upsert per key: a new window starts when the old one has ended; RETURNING gives
// this attempt its own place in the count, so concurrent attempts never share one.
const countAttempt = preparedQuery((db, p: Placeholders<{ key: string; now: number; windowMs: number }>) =>
  db
    .insert(lookupFailures)
    .values({ key: p.key, failures: 1, windowStartedAt: p.now })
    .onConflictDoUpdate({
      target: lookupFailures.key,
      set: {
        failures: sql`CASE WHEN ${p.now} - ${lookupFailures.windowStartedAt} >= ${p.windowMs} THEN 1 ELSE ${lookupFailures.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${p.now} - ${lookupFailures.windowStartedAt} >= ${p.windowMs} THEN ${p.now} ELSE ${lookupFailures.windowStartedAt} END`,
      },
    })
    .returning(),
);

const invoiceForLookup = preparedQuery((db, p: Placeholders<{ invoiceNumber: string }>) => invoiceForLookupQuery(db, p.invoiceNumber));

/**
 * A lookup's one round trip: counts the attempt on the network key and on the invoice key, and
 * reads the invoice the guess will be compared with (compared only if both counts allow it).
 */
export async function countLookupAttempt(
  db: Database,
  keys: { ip: string; invoice: string },
  invoiceNumber: string,
  now: number,
  windowMs: number,
): Promise<{ ip: FailureCounter; invoice: FailureCounter; found: { clientId: number; originalCents: number } | null }> {
  const [ipRows, invoiceRows, invoices] = await db.batch([
    countAttempt(db, { key: keys.ip, now, windowMs }),
    countAttempt(db, { key: keys.invoice, now, windowMs }),
    invoiceForLookup(db, { invoiceNumber }),
  ]);
  return { ip: ipRows[0]!, invoice: invoiceRows[0]!, found: invoices[0] ?? null };
}

/**
 * A successful lookup gives its attempt back, but only while it is still the latest one counted
 * on that key: a concurrent burst never gets places back, so it cannot exceed the limit.
 */
export async function releaseAttempt(db: Database, counters: { key: string; counter: FailureCounter }[]): Promise<void> {
  const [first, ...rest] = releaseAttemptQueries(db, counters);
  if (first) await db.batch([first, ...rest]);
}

/** releaseAttempt's statements, for the caller's own write batch (the new session's). */
export function releaseAttemptQueries(db: Database, counters: { key: string; counter: FailureCounter }[]) {
  return counters.map(({ key, counter }) => releaseOne(db, { key, windowStartedAt: counter.windowStartedAt, failures: counter.failures }));
}

const releaseOne = preparedQuery((db, p: Placeholders<{ key: string; windowStartedAt: number; failures: number }>) =>
  db
    .update(lookupFailures)
    .set({ failures: sql`${lookupFailures.failures} - 1` })
    .where(and(eq(lookupFailures.key, p.key), eq(lookupFailures.windowStartedAt, p.windowStartedAt), eq(lookupFailures.failures, p.failures))),
);

/** The cron's purge: windows that have ended count for nothing (the next attempt starts anew). */
export async function deleteExpiredAttempts(db: Database, now: number, windowMs: number): Promise<number> {
  const result = await db.delete(lookupFailures).where(lte(lookupFailures.windowStartedAt, now - windowMs));
  return result.meta.changes ?? 0;
}
