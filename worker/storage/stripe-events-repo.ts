// Webhook events: stored once by id before they are applied, marked when applied, retried by the
// reconciliation job until they are; a payment's events for its staff timeline.
import { and, asc, eq, inArray, or, sql, type SQLWrapper } from "drizzle-orm";
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

const DISPUTE_EVENTS = [
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
];

/**
 * Every event about a payment, oldest first: its PaymentIntent's, its charge's, its refunds' and
 * its disputes' (found by the PaymentIntent in their payload). The ids are subqueries on the
 * payment and its refunds (payment-reads-repo paymentStripeIds, refunds-repo paymentRefundIds).
 */
export function paymentEventsQuery(db: Database, ids: { intent: SQLWrapper; charge: SQLWrapper; refunds: SQLWrapper }) {
  return db
    .select({
      id: stripeEvents.id,
      type: stripeEvents.type,
      objectId: stripeEvents.objectId,
      receivedAt: stripeEvents.receivedAt,
      processedAt: stripeEvents.processedAt,
      lastError: stripeEvents.lastError,
    })
    .from(stripeEvents)
    .where(
      or(
        inArray(stripeEvents.objectId, ids.intent),
        inArray(stripeEvents.objectId, ids.charge),
        inArray(stripeEvents.objectId, ids.refunds),
        and(inArray(stripeEvents.type, DISPUTE_EVENTS), eq(sql`json_extract(${stripeEvents.payload}, '$.data.object.payment_intent')`, ids.intent)),
      ),
    )
    .orderBy(asc(stripeEvents.receivedAt));
}

export async function listUnprocessedEvents(db: Database, limit: number) {
  return db.select().from(stripeEvents).where(sql`${stripeEvents.processedAt} IS NULL`).orderBy(asc(stripeEvents.receivedAt)).limit(limit);
}
