// Refunds as Stripe reports them, one row per refund; the payment's reversal figures are derived
// from these (see payments-repo writeReversal).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "./db";
import { refunds } from "./schema";

export async function upsertRefund(
  db: Database,
  refund: { id: string; paymentId: string; amountCents: number; status: string; createdAt: number },
): Promise<void> {
  await db
    .insert(refunds)
    .values(refund)
    .onConflictDoUpdate({ target: refunds.id, set: { status: refund.status, amountCents: refund.amountCents } });
}

/** Refunds that count: pending ones too (the money is on its way back), failed or canceled ones not. */
export async function refundedTotal(db: Database, paymentId: string, exceptRefundId?: string): Promise<number> {
  const row = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amountCents}), 0)` })
    .from(refunds)
    .where(
      and(
        eq(refunds.paymentId, paymentId),
        inArray(refunds.status, ["succeeded", "pending", "requires_action"]),
        exceptRefundId ? sql`${refunds.id} <> ${exceptRefundId}` : undefined,
      ),
    )
    .get();
  return row?.total ?? 0;
}

/** A payment's refunds, oldest first (its staff page). */
export function paymentRefundsQuery(db: Database, paymentId: string) {
  return db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(asc(refunds.createdAt));
}

/** The ids of a payment's refunds, as a subquery for statements about them (their events). */
export function paymentRefundIds(db: Database, paymentId: string) {
  return db.select({ id: refunds.id }).from(refunds).where(eq(refunds.paymentId, paymentId));
}

export async function listRefunds(db: Database, paymentId: string): Promise<{ id: string; amountCents: number; status: string; createdAt: number }[]> {
  return db
    .select({ id: refunds.id, amountCents: refunds.amountCents, status: refunds.status, createdAt: refunds.createdAt })
    .from(refunds)
    .where(eq(refunds.paymentId, paymentId))
    .orderBy(asc(refunds.createdAt));
}
