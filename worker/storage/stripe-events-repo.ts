// Webhook events: stored once by id before they are applied, marked when applied, retried by the
// reconciliation job until they are.
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "./db";
import { stripeEvents } from "./schema";

/** Stores a webhook event once; returns whether it still needs processing. */
export async function storeEvent(
  db: Database,
  event: { id: string; type: string; objectId: string | null; raw: string; now: number },
): Promise<"new" | "pending" | "done"> {
  const inserted = await db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, objectId: event.objectId, payload: event.raw, receivedAt: event.now })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  if (inserted.length) return "new";
  const existing = await db.select({ processedAt: stripeEvents.processedAt }).from(stripeEvents).where(eq(stripeEvents.id, event.id)).get();
  return existing?.processedAt ? "done" : "pending";
}

export async function markEventProcessed(db: Database, id: string, now: number): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ processedAt: now, attempts: sql`${stripeEvents.attempts} + 1`, lastError: null })
    .where(eq(stripeEvents.id, id));
}

export async function markEventFailed(db: Database, id: string, error: string): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ attempts: sql`${stripeEvents.attempts} + 1`, lastError: error.slice(0, 300) })
    .where(eq(stripeEvents.id, id));
}

export async function listUnprocessedEvents(db: Database, limit: number) {
  return db.select().from(stripeEvents).where(sql`${stripeEvents.processedAt} IS NULL`).orderBy(asc(stripeEvents.receivedAt)).limit(limit);
}
