// Stripe webhooks: verified on the raw body, stored first (the event id makes redelivery a no-op),
// then applied through the same ledger path as the confirm step.
import { log } from "../logger";
import {
  GatewayRequestError,
  WebhookApiVersionError,
  type GatewayPayment,
  type GatewayPaymentStatus,
  type MicrodepositVerification,
  type PaymentGateway,
} from "../gateways/payments";
import type { Database } from "../storage/db";
import { recordAlert } from "../storage/alerts-repo";
import { findPayment, findPaymentByIntent, type PaymentRecord } from "../storage/payments-repo";
import { markEventFailed, markEventProcessed, storeEvent } from "../storage/stripe-events-repo";
import { applyDispute, applyGatewayPayment, applyRefund } from "./ledger";

// The two refusals the route answers with 400 (anything else is a handling failure).
export { WebhookApiVersionError, WebhookSignatureError } from "../domain/gateway-errors";

export type WebhookOutcome = "applied" | "duplicate" | "ignored";

const PAYMENT_INTENT_EVENTS: Record<string, GatewayPaymentStatus> = {
  "payment_intent.succeeded": "succeeded",
  "payment_intent.processing": "processing",
  "payment_intent.payment_failed": "failed",
  "payment_intent.canceled": "canceled",
  "payment_intent.requires_action": "requires_action",
};

export async function receiveWebhook(
  deps: { db: Database; gateway: PaymentGateway; now: () => number },
  rawBody: string,
  signature: string | null,
): Promise<WebhookOutcome> {
  // Throws WebhookSignatureError (or WebhookApiVersionError) before anything is stored.
  let event: Awaited<ReturnType<PaymentGateway["verifyWebhook"]>>;
  try {
    event = await deps.gateway.verifyWebhook(rawBody, signature);
  } catch (error) {
    if (error instanceof WebhookApiVersionError) {
      // A misconfigured endpoint: refused (Stripe keeps retrying, reconciliation fills the gap) and shown to staff.
      log.error("stripe webhook refused: endpoint api_version differs from the SDK's; set the endpoint's version in the Stripe dashboard", {
        event: error.eventId,
        received: error.received,
        expected: error.expected,
      });
      await recordAlert(
        deps.db,
        {
          kind: "webhook_api_version",
          dedupeKey: `webhook_api_version:${error.received}`,
          paymentId: null,
          details: { received: error.received, expected: error.expected, event: error.eventId },
        },
        deps.now(),
      );
    }
    throw error;
  }
  const stored = await storeEvent(deps.db, { id: event.id, type: event.type, objectId: event.objectId, raw: event.raw, now: deps.now() });
  if (stored === "done") return "duplicate";
  try {
    const applied = await applyEvent(deps.db, JSON.parse(event.raw) as StripeEventShape, deps.now(), deps.gateway);
    await markEventProcessed(deps.db, event.id, deps.now());
    return applied ? "applied" : "ignored";
  } catch (error) {
    // Stored but not applied: the provider retries, and the reconciliation job picks it up.
    await markEventFailed(deps.db, event.id, error instanceof Error ? `${error.name}: ${error.message}` : "unknown");
    throw error;
  }
}

interface StripeEventShape {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

/** Applies one stored event. Returns false for events about payments that are not ours. */
export async function applyEvent(db: Database, event: StripeEventShape, now: number, gateway: PaymentGateway): Promise<boolean> {
  const object = event.data.object;
  const status = PAYMENT_INTENT_EVENTS[event.type];
  if (status) {
    const payment = await paymentFor(db, str(object.id), metadataId(object));
    if (!payment) return false;
    const lastError = object.last_payment_error as { code?: string; decline_code?: string; message?: string } | null | undefined;
    await applyGatewayPayment(
      db,
      payment,
      {
        status,
        paymentIntentId: str(object.id) ?? "",
        chargeId: typeof object.latest_charge === "string" ? object.latest_charge : null,
        clientSecret: null,
        failureCode: lastError?.decline_code ?? lastError?.code ?? null,
        failureMessage: lastError?.message ?? null,
        amountCents: Number(object.amount ?? 0),
        amountRefundedCents: 0,
        metadata: {},
        verification: verificationOf(object),
      },
      now,
    );
    if (status === "failed" && object.status === "requires_payment_method") {
      // Our flow never gives a failed PaymentIntent another payment method (a new attempt makes a new
      // one), and its client secret was in the browser: cancel it at Stripe so nothing can confirm it
      // later. Stripe's answer is applied in case it had moved on meanwhile (a late success).
      const live = await cancelDeadIntent(gateway, str(object.id) ?? "");
      if (live.status !== "canceled") await applyGatewayPayment(db, (await findPayment(db, payment.id))!, live, now);
    }
    return true;
  }
  // Refunds and disputes are applied from Stripe's object as it is now, never from the event's
  // snapshot: a late or replayed event then re-reads the final state instead of rewinding to its own.
  if (REFUND_EVENTS.has(event.type)) {
    const refundId = str(object.id);
    const payment = await paymentFor(db, str(object.payment_intent), metadataId(object));
    if (!payment || !refundId) return false;
    await applyRefund(db, payment, await gateway.retrieveRefund(refundId), now);
    return true;
  }
  if (event.type === "charge.refunded") {
    // refunds.data is not included on this API version: list the PaymentIntent's refunds instead.
    const payment = await paymentFor(db, str(object.payment_intent), metadataId(object));
    if (!payment?.stripePaymentIntentId) return false;
    for (const refund of await gateway.listRefunds(payment.stripePaymentIntentId)) await applyRefund(db, payment, refund, now);
    return true;
  }
  if (event.type.startsWith("charge.dispute.")) {
    const disputeId = str(object.id);
    const payment = await paymentFor(db, str(object.payment_intent), null);
    if (!payment || !disputeId) return false;
    await applyDispute(db, payment, await gateway.retrieveDispute(disputeId), now);
    return true;
  }
  return false;
}

/**
 * Cancels a PaymentIntent nobody will finish (failed, or abandoned at 3D Secure). Idempotent: the
 * key is the PaymentIntent's, and a PaymentIntent Stripe will not cancel (already canceled,
 * processing, succeeded) is answered with its current state instead.
 */
export async function cancelDeadIntent(gateway: PaymentGateway, paymentIntentId: string): Promise<GatewayPayment> {
  try {
    return await gateway.cancelPayment(paymentIntentId, "abandoned", `portal-cancel-${paymentIntentId}`);
  } catch (error) {
    if (error instanceof GatewayRequestError && error.code === "payment_intent_unexpected_state") return gateway.retrievePayment(paymentIntentId);
    throw error;
  }
}

const REFUND_EVENTS = new Set(["refund.created", "refund.updated", "refund.failed", "charge.refund.updated"]);

async function paymentFor(db: Database, paymentIntentId: string | null, portalPaymentId: string | null): Promise<PaymentRecord | null> {
  if (paymentIntentId) {
    const byIntent = await findPaymentByIntent(db, paymentIntentId);
    if (byIntent) return byIntent;
  }
  return portalPaymentId ? findPayment(db, portalPaymentId) : null;
}

/** next_action.verify_with_microdeposits of a PaymentIntent in an event, in the gateway's terms. */
function verificationOf(object: Record<string, unknown>): MicrodepositVerification | null {
  const next = (object.next_action as { verify_with_microdeposits?: Record<string, unknown> } | null | undefined)?.verify_with_microdeposits;
  const url = str(next?.hosted_verification_url);
  if (object.status !== "requires_action" || !next || !url) return null;
  return { url, arrivalAt: Number(next.arrival_date ?? 0) * 1000, type: next.microdeposit_type === "amounts" ? "amounts" : "descriptor_code" };
}

function metadataId(object: Record<string, unknown>): string | null {
  const metadata = object.metadata as Record<string, string> | undefined;
  return metadata?.portal_payment_id ?? null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}
