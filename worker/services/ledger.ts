// Applying what the payment provider reports to the ledger. Used by the confirm step, by the
// return from 3D Secure, by webhooks and by the reconciliation job: one path for every source.
import { emailForStatus, splitReversal, statusesBefore } from "../domain/payments";
import type { PaymentStatus } from "../domain/payment-status";
import type { GatewayPayment } from "../gateways/payments";
import type { Database } from "../storage/db";
import {
  advancePayment,
  attachPaymentIntent,
  attachVerification,
  listAllocations,
  refundedTotal,
  writeReversal,
  type PaymentRecord,
} from "../storage/payments-repo";

/** Brings a payment up to what the provider says, if that is news. Returns whether it changed. */
export async function applyGatewayPayment(db: Database, payment: PaymentRecord, result: GatewayPayment, now: number): Promise<boolean> {
  if (!payment.stripePaymentIntentId && result.paymentIntentId) await attachPaymentIntent(db, payment.id, result.paymentIntentId, now);
  // Stored before the status moves, so the verification email (rendered from the ledger) has the link.
  if (result.verification && payment.verificationUrl !== result.verification.url) await attachVerification(db, payment.id, result.verification);
  const to: PaymentStatus = result.status;
  const email = emailForStatus(to, payment.method, payment.status as PaymentStatus);
  return advancePayment(
    db,
    {
      paymentId: payment.id,
      to,
      from: statusesBefore(to),
      stripePaymentIntentId: result.paymentIntentId,
      stripeChargeId: result.chargeId,
      failureCode: to === "failed" || to === "canceled" ? result.failureCode : undefined,
      failureMessage: to === "failed" || to === "canceled" ? result.failureMessage : undefined,
      now,
    },
    email ? { kind: email, dedupeKey: `${email}:${payment.id}`, recipient: payment.receiptEmail, language: payment.language } : null,
  );
}

/**
 * Recomputes what has been given back on a payment (refunds recorded so far plus any disputed
 * amount) and writes the pro-rata split. Cumulative, so replays and reordering change nothing.
 */
export async function recomputeReversal(db: Database, payment: PaymentRecord, disputedCents: number, now: number): Promise<void> {
  const [refunded, allocations] = await Promise.all([refundedTotal(db, payment.id), listAllocations(db, payment.id)]);
  const reversal = splitReversal(
    { totalCents: payment.totalCents, feeCents: payment.feeCents, allocations: allocations.map((a) => ({ id: a.id, amountCents: a.amountCents })) },
    refunded + disputedCents,
  );
  const email =
    refunded > payment.refundedCents
      ? { kind: "refund_issued", dedupeKey: `refund_issued:${payment.id}:${refunded}`, recipient: payment.receiptEmail, language: payment.language }
      : null;
  await writeReversal(
    db,
    payment.id,
    { refundedCents: refunded, disputedCents, feeReversedCents: reversal.feeReversedCents, allocationReversals: reversal.allocationReversals, now },
    email,
  );
}
