// Messages no consumer could process, kept for the staff until someone retries or closes them.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "./db";
import { deadLetters } from "./schema";

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

export async function listOpenDeadLetters(db: Database, limit: number): Promise<DeadLetterRecord[]> {
  return db.select().from(deadLetters).where(isNull(deadLetters.resolvedAt)).orderBy(desc(deadLetters.receivedAt), desc(deadLetters.id)).limit(limit);
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
