// Messages no consumer could process, kept for the staff until someone retries or closes them.
import { and, desc, eq, getTableColumns, isNull, or, sql } from "drizzle-orm";
import type { ListQuery } from "../domain/cursor";
import type { Database } from "./db";
import { pageBelow } from "./keyset";
import { deadLetters, outbox } from "./schema";

export type DeadLetterRecord = typeof deadLetters.$inferSelect;

export async function insertDeadLetter(
  db: Database,
  letter: { dedupeKey: string; source: "help" | "email" | "unknown"; body: string; reason: string; now: number },
): Promise<boolean> {
  const rows = await db
    .insert(deadLetters)
    .values({ dedupeKey: letter.dedupeKey, source: letter.source, body: letter.body, reason: letter.reason, receivedAt: letter.now })
    .onConflictDoNothing()
    .returning({ id: deadLetters.id });
  return rows.length > 0;
}

/** A listed dead letter with, for an email's, the outbox row it stands for (null otherwise or if gone). */
export type ListedDeadLetter = DeadLetterRecord & {
  outboxKind: string | null;
  outboxRecipient: string | null;
  outboxStatus: string | null;
  outboxLastError: string | null;
};

/**
 * One page of dead letters, newest first, in one status if asked ("open": not resolved yet, else
 * the resolution), each with its email's outbox row read in the same statement (limit + 1 rows:
 * the caller pages them).
 */
export async function listDeadLetters(db: Database, query: ListQuery): Promise<ListedDeadLetter[]> {
  return (
    db
      .select({
        ...getTableColumns(deadLetters),
        outboxKind: outbox.kind,
        outboxRecipient: outbox.recipient,
        outboxStatus: outbox.status,
        outboxLastError: outbox.lastError,
      })
      .from(deadLetters)
      // An email's letter names its outbox row in its body; found by primary key, one row each.
      .leftJoin(
        outbox,
        sql`${outbox.id} = (CASE WHEN ${deadLetters.source} = 'email' AND json_valid(${deadLetters.body}) THEN json_extract(${deadLetters.body}, '$.outboxId') END)`,
      )
      .where(
        and(
          // resolution is set with resolved_at, always: one indexed column says where each letter stands.
          query.status === "open" ? isNull(deadLetters.resolution) : query.status ? eq(deadLetters.resolution, query.status) : undefined,
          pageBelow(deadLetters.receivedAt, deadLetters.id, query),
        ),
      )
      .orderBy(desc(deadLetters.receivedAt), desc(deadLetters.id))
      .limit(query.limit + 1)
  );
}

export async function findDeadLetter(db: Database, id: number): Promise<DeadLetterRecord | null> {
  return (await db.select().from(deadLetters).where(eq(deadLetters.id, id)).get()) ?? null;
}

/** Closes an open dead letter once; false if someone closed it first. */
export async function resolveDeadLetter(db: Database, id: number, by: string, resolution: "retried" | "handled", now: number): Promise<boolean> {
  const rows = await db
    .update(deadLetters)
    .set({ resolvedAt: now, resolvedBy: by, resolution })
    .where(and(eq(deadLetters.id, id), isNull(deadLetters.resolvedAt)))
    .returning({ id: deadLetters.id });
  return rows.length > 0;
}
