// What a staff refund may be, before Stripe is asked. The fee part is the ledger's own pro-rata
// split (splitReversal), so the preview shows exactly what the webhook will record.
import type { Cents } from "./money";
import { splitReversal } from "./payments";

export interface RefundablePayment {
  status: string;
  totalCents: Cents;
  feeCents: Cents;
  refundedCents: Cents;
  disputedCents: Cents;
  allocations: { id: number; amountCents: Cents }[];
}

export type RefundPlan =
  | { ok: true; amountCents: Cents; feePartCents: Cents; itemsPartCents: Cents; leftAfterCents: Cents }
  | { ok: false; error: "not_settled" | "nothing_left" | "too_much" | "zero"; leftCents: Cents };

/** What can still be given back: the charge less refunds and anything a dispute took. */
export function refundableCents(payment: RefundablePayment): Cents {
  return Math.max(0, payment.totalCents - payment.refundedCents - payment.disputedCents);
}

/** `requestedCents` null means "the rest". */
export function planRefund(payment: RefundablePayment, requestedCents: Cents | null): RefundPlan {
  const left = refundableCents(payment);
  if (payment.status !== "succeeded") return { ok: false, error: "not_settled", leftCents: left };
  if (left === 0) return { ok: false, error: "nothing_left", leftCents: 0 };
  const amount = requestedCents ?? left;
  if (amount <= 0) return { ok: false, error: "zero", leftCents: left };
  if (amount > left) return { ok: false, error: "too_much", leftCents: left };
  const before = payment.refundedCents + payment.disputedCents;
  const shape = { totalCents: payment.totalCents, feeCents: payment.feeCents, allocations: payment.allocations };
  const feePartCents = splitReversal(shape, before + amount).feeReversedCents - splitReversal(shape, before).feeReversedCents;
  return { ok: true, amountCents: amount, feePartCents, itemsPartCents: amount - feePartCents, leftAfterCents: left - amount };
}

/** A pending payment Stripe may still cancel (ACH debits in processing cannot be: see cancel). */
export function cancellableStatus(status: string): boolean {
  return status === "requires_action" || status === "processing" || status === "created";
}
