// Applying what the payment provider reports to the ledger. Used by the confirm step, by the
// return from 3D Secure, by webhooks and by the reconciliation job: one path for every source.
import { disputeWithdrawnCents, emailForStatus, splitReversal, statusesBefore } from "../domain/payments";
import type { PaymentStatus } from "../domain/payment-status";
import { GatewayRequestError, GatewayUnavailableError, type GatewayDispute, type GatewayPayment, type GatewayRefund } from "../gateways/payments";
import { log } from "../logger";
import type { BatchStatement, Database } from "../storage/db";
import { recordAlert } from "../storage/alerts-repo";
import { disputedTotal, upsertDispute } from "../storage/disputes-repo";
import {
  advancePaymentStatements,
  attachPaymentIntentQuery,
  attachVerificationQuery,
  findPayment,
  listAllocations,
  markReconcileError,
  writeReversal,
  type PaymentRecord,
} from "../storage/payments-repo";
import { refundedTotal, upsertRefund } from "../storage/refunds-repo";

/**
 * Brings a payment up to what the provider says, if that is news, in one batch with `also` (the
 * caller's own writes that follow from the answer). Returns whether the status changed.
 */
export async function applyGatewayPayment(
  db: Database,
  payment: PaymentRecord,
  result: GatewayPayment,
  now: number,
  also: BatchStatement[] = [],
): Promise<boolean> {
  const to: PaymentStatus = result.status;
  const email = emailForStatus(to, payment.method, payment.status as PaymentStatus);
  // Stripe took the money after we recorded a failure: the ledger follows Stripe, and staff must
  // check the items were not paid twice meanwhile (and refund the duplicate if so).
  const lateSuccess =
    to === "succeeded" && (payment.status === "failed" || payment.status === "canceled")
      ? {
          kind: "succeeded_after_failure" as const,
          dedupeKey: `succeeded_after_failure:${payment.id}`,
          paymentId: payment.id,
          details: { previous: payment.status, failureCode: payment.failureCode, paymentIntent: result.paymentIntentId, totalCents: payment.totalCents },
        }
      : null;
  const attach = [
    ...(!payment.stripePaymentIntentId && result.paymentIntentId ? [attachPaymentIntentQuery(db, payment.id, result.paymentIntentId, now)] : []),
    // Stored before the status moves, so the verification email (rendered from the ledger) has the link.
    ...(result.verification && payment.verificationUrl !== result.verification.url ? [attachVerificationQuery(db, payment.id, result.verification)] : []),
  ];
  const advance = advancePaymentStatements(
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
    lateSuccess,
  );
  const results = (await db.batch([...attach, ...advance, ...also] as [BatchStatement, ...BatchStatement[]])) as unknown[][];
  return results[attach.length]!.length > 0;
}

/**
 * Records a refund as Stripe reports it now (the caller retrieved it), then recomputes the
 * reversal. A refund that is not positive, or that would take back more than was paid, is not
 * counted: staff are told instead.
 */
export async function applyRefund(db: Database, payment: PaymentRecord, refund: GatewayRefund, now: number): Promise<void> {
  const counted = refund.status === "succeeded" || refund.status === "pending" || refund.status === "requires_action";
  const othersCents = (await refundedTotal(db, payment.id, refund.id)) + (await disputedTotal(db, payment.id));
  if (refund.amountCents <= 0 || (counted && othersCents + refund.amountCents > payment.totalCents)) {
    await recordAlert(
      db,
      {
        kind: "refund_refused",
        dedupeKey: `refund_refused:${refund.id}:${refund.status}`,
        paymentId: payment.id,
        details: { refund: refund.id, amountCents: refund.amountCents, alreadyCents: othersCents, totalCents: payment.totalCents },
      },
      now,
    );
    return;
  }
  await upsertRefund(db, { id: refund.id, paymentId: payment.id, amountCents: refund.amountCents, status: refund.status, createdAt: refund.createdAt || now });
  await recomputeReversal(db, (await findPayment(db, payment.id))!, now);
}

/** Records a dispute as Stripe reports it now, then recomputes the reversal. */
export async function applyDispute(db: Database, payment: PaymentRecord, dispute: GatewayDispute, now: number): Promise<void> {
  await upsertDispute(db, {
    id: dispute.id,
    paymentId: payment.id,
    amountCents: dispute.amountCents,
    status: dispute.status,
    withdrawnCents: disputeWithdrawnCents(dispute),
    now,
  });
  await recomputeReversal(db, (await findPayment(db, payment.id))!, now);
}

/**
 * Recomputes what has been given back on a payment (refunds and disputes recorded so far) and
 * writes the pro-rata split. Cumulative, so replays and reordering change nothing.
 */
export async function recomputeReversal(db: Database, payment: PaymentRecord, now: number): Promise<void> {
  const [refunded, disputedCents, allocations] = await Promise.all([
    refundedTotal(db, payment.id),
    disputedTotal(db, payment.id),
    listAllocations(db, payment.id),
  ]);
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

/** Logs (the error class and code, never a payload) and records a payment the provider could not answer for. */
export async function recordReconcileFailure(db: Database, paymentId: string, error: unknown, now: number): Promise<void> {
  const kind =
    error instanceof GatewayRequestError
      ? `${error.name}:${error.code ?? "unknown"}`
      : error instanceof GatewayUnavailableError
        ? error.name
        : error instanceof Error
          ? error.name
          : "unknown";
  log.warn("payment reconcile failed", { paymentId, error: kind });
  await markReconcileError(db, paymentId, kind, now);
}
