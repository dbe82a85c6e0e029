// The periodic safety net (cron): webhooks that were stored but not applied, payments whose
// outcome we never heard, attempts abandoned before Stripe ever answered, and attempts abandoned
// at Stripe (3D Secure never finished), which are canceled so their reservation is released.
// Each payment is reconciled on its own: one that fails is logged, counted and shown to staff.
import { log } from "../logger";
import { GatewayRequestError, GatewayUnavailableError, type GatewayPayment, type PaymentGateway } from "../gateways/payments";
import type { Database } from "../storage/db";
import {
  advancePayment,
  listPaymentsForRefundCheck,
  listUnsettledPayments,
  markRefundsChecked,
  markReconcileError,
  type PaymentRecord,
} from "../storage/payments-repo";
import { listUnprocessedEvents, markEventFailed, markEventProcessed } from "../storage/stripe-events-repo";
import { applyGatewayPayment, applyRefund, recordReconcileFailure } from "./ledger";
import { applyEvent, cancelDeadIntent } from "./webhooks";

/** A payment in flight this long without news is asked about. */
const STALE_MS = 10 * 60_000;
/** Stripe keeps idempotency keys 24 h: an attempt never sent to Stripe by then never will be. */
const ABANDONED_MS = 24 * 60 * 60_000;
/** Default time a client has to finish 3D Secure before the attempt is canceled at Stripe. */
export const DEFAULT_ACTION_TIMEOUT_MS = 60 * 60_000;

export interface ReconcileReport {
  eventsApplied: number;
  paymentsRefreshed: number;
  attemptsAbandoned: number;
  /** Attempts canceled at Stripe because the client never finished them. */
  attemptsCanceled: number;
  errors: number;
}

export interface ReconcileDeps {
  db: Database;
  gateway: PaymentGateway;
  now: () => number;
  /** How long a PaymentIntent may wait for 3D Secure (or a new payment method) before it is canceled. */
  actionTimeoutMs?: number;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { eventsApplied: 0, paymentsRefreshed: 0, attemptsAbandoned: 0, attemptsCanceled: 0, errors: 0 };
  for (const event of await listUnprocessedEvents(deps.db, 50)) {
    try {
      await applyEvent(deps.db, JSON.parse(event.payload), deps.now(), deps.gateway);
      await markEventProcessed(deps.db, event.id, deps.now());
      report.eventsApplied++;
    } catch (error) {
      report.errors++;
      await markEventFailed(deps.db, event.id, error instanceof Error ? `${error.name}: ${error.message}` : "unknown");
    }
  }
  for (const payment of await listUnsettledPayments(deps.db, deps.now() - STALE_MS, 50)) {
    try {
      await reconcilePayment(deps, payment, report);
      if (payment.reconcileError) await markReconcileError(deps.db, payment.id, null, deps.now());
    } catch (error) {
      report.errors++;
      await recordReconcileFailure(deps.db, payment.id, error, deps.now());
    }
  }
  return report;
}

async function reconcilePayment(deps: ReconcileDeps, payment: PaymentRecord, report: ReconcileReport): Promise<void> {
  if (!payment.stripePaymentIntentId) {
    if (payment.status === "created" && deps.now() - payment.createdAt > ABANDONED_MS && (payment.providerCallUntil ?? 0) < deps.now()) {
      // Never reached Stripe (a late webhook would have attached its PaymentIntent): release the reservation.
      const changed = await advancePayment(
        deps.db,
        {
          paymentId: payment.id,
          to: "failed",
          from: ["created"],
          failureCode: "abandoned",
          failureMessage: "never confirmed with the provider",
          now: deps.now(),
        },
        null,
      );
      if (changed) report.attemptsAbandoned++;
    }
    return;
  }
  let result = await deps.gateway.retrievePayment(payment.stripePaymentIntentId);
  if (isAbandoned(deps, payment, result)) {
    result = await cancelDeadIntent(deps.gateway, payment.stripePaymentIntentId);
    if (result.status === "canceled") {
      // Our reason, not Stripe's generic "abandoned" cancellation: the page explains it to the client.
      result = { ...result, failureCode: result.failureCode ?? "abandoned", failureMessage: result.failureMessage ?? "not completed in time" };
      report.attemptsCanceled++;
    }
  }
  if (await applyGatewayPayment(deps.db, payment, result, deps.now())) report.paymentsRefreshed++;
}

/**
 * Waiting on the client at Stripe for too long: 3D Secure never finished, or a failed attempt left
 * in requires_payment_method (our flow never supplies a new method to the same PaymentIntent).
 * Microdeposits are left to Stripe's own expiry (10 days, then requires_payment_method).
 */
function isAbandoned(deps: ReconcileDeps, payment: PaymentRecord, live: GatewayPayment): boolean {
  if (live.providerStatus === "requires_payment_method") return true;
  if (live.providerStatus !== "requires_action" || live.verification) return false;
  return deps.now() - payment.updatedAt >= (deps.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS);
}

/** Each paid payment's refunds are listed at Stripe about this often (oldest check first). */
const REFUND_CHECK_EVERY_MS = 6 * 60 * 60_000;

/**
 * Refunds whose webhooks were missed (an outage, a refused endpoint): each paid payment's refunds
 * are listed at Stripe in turn and applied as Stripe reports them now. A failing payment is
 * counted and left for the next run; the others go on.
 */
export async function recoverRefunds(
  deps: { db: Database; gateway: PaymentGateway; now: () => number },
  limit = 20,
): Promise<{ paymentsChecked: number; errors: number }> {
  const report = { paymentsChecked: 0, errors: 0 };
  for (const payment of await listPaymentsForRefundCheck(deps.db, deps.now() - REFUND_CHECK_EVERY_MS, limit)) {
    try {
      for (const refund of await deps.gateway.listRefunds(payment.stripePaymentIntentId!)) await applyRefund(deps.db, payment, refund, deps.now());
      await markRefundsChecked(deps.db, payment.id, deps.now());
      report.paymentsChecked++;
    } catch (error) {
      report.errors++;
      log.error("refund recovery failed", { payment: payment.id, name: (error as Error)?.name });
    }
  }
  return report;
}
