// The periodic safety net (cron): webhooks that were stored but not applied, payments whose
// outcome we never heard, and attempts abandoned before Stripe ever answered.
import { log } from "../logger";
import { GatewayUnavailableError, type PaymentGateway } from "../gateways/payments";
import type { Database } from "../storage/db";
import {
  advancePayment,
  listPaymentsForRefundCheck,
  listUnprocessedEvents,
  listUnsettledPayments,
  markEventFailed,
  markEventProcessed,
  markRefundsChecked,
} from "../storage/payments-repo";
import { applyGatewayPayment, applyRefund } from "./ledger";
import { applyEvent } from "./webhooks";

/** A payment in flight this long without news is asked about. */
const STALE_MS = 10 * 60_000;
/** Stripe keeps idempotency keys 24 h: an attempt never sent to Stripe by then never will be. */
const ABANDONED_MS = 24 * 60 * 60_000;

export interface ReconcileReport {
  eventsApplied: number;
  paymentsRefreshed: number;
  attemptsAbandoned: number;
  errors: number;
}

export async function reconcile(deps: { db: Database; gateway: PaymentGateway; now: () => number }): Promise<ReconcileReport> {
  const report: ReconcileReport = { eventsApplied: 0, paymentsRefreshed: 0, attemptsAbandoned: 0, errors: 0 };
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
    if (payment.stripePaymentIntentId) {
      try {
        const result = await deps.gateway.retrievePayment(payment.stripePaymentIntentId);
        if (await applyGatewayPayment(deps.db, payment, result, deps.now())) report.paymentsRefreshed++;
      } catch (error) {
        report.errors++;
        if (!(error instanceof GatewayUnavailableError)) throw error;
      }
    } else if (payment.status === "created" && deps.now() - payment.createdAt > ABANDONED_MS && (payment.providerCallUntil ?? 0) < deps.now()) {
      // Never reached Stripe (a late webhook would have attached its PaymentIntent): release the reservation.
      const changed = await advancePayment(
        deps.db,
        { paymentId: payment.id, to: "failed", from: ["created"], failureCode: "abandoned", failureMessage: "never confirmed with the provider", now: deps.now() },
        null,
      );
      if (changed) report.attemptsAbandoned++;
    }
  }
  return report;
}

/** Each paid payment's refunds are listed at Stripe about this often (oldest check first). */
const REFUND_CHECK_EVERY_MS = 6 * 60 * 60_000;

/**
 * Refunds whose webhooks were missed (an outage, a refused endpoint): each paid payment's refunds
 * are listed at Stripe in turn and applied as Stripe reports them now. A failing payment is
 * counted and left for the next run; the others go on.
 */
export async function recoverRefunds(deps: { db: Database; gateway: PaymentGateway; now: () => number }, limit = 20): Promise<{ paymentsChecked: number; errors: number }> {
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
