// Disputes as Stripe reports them, one row per dispute.
import { eq, sql } from "drizzle-orm";
import type { Database } from "./db";
import { disputes } from "./schema";

/** Stores a dispute as Stripe reports it now (a replay of an older event re-reads the same state). */
export async function upsertDispute(
  db: Database,
  dispute: { id: string; paymentId: string; amountCents: number; status: string; withdrawnCents: number; now: number },
): Promise<void> {
  await db
    .insert(disputes)
    .values({
      id: dispute.id,
      paymentId: dispute.paymentId,
      amountCents: dispute.amountCents,
      status: dispute.status,
      withdrawnCents: dispute.withdrawnCents,
      updatedAt: dispute.now,
    })
    .onConflictDoUpdate({
      target: disputes.id,
      set: { status: dispute.status, amountCents: dispute.amountCents, withdrawnCents: dispute.withdrawnCents, updatedAt: dispute.now },
    });
}

export async function disputedTotal(db: Database, paymentId: string): Promise<number> {
  const row = await db
    .select({ total: sql<number>`coalesce(sum(${disputes.withdrawnCents}), 0)` })
    .from(disputes)
    .where(eq(disputes.paymentId, paymentId))
    .get();
  return row?.total ?? 0;
}
