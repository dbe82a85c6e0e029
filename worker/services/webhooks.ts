// Stripe webhooks: verified on the raw body, stored first (the event id makes redelivery a no-op),
// then applied through the same ledger path as the confirm step.
import type { GatewayPaymentStatus, MicrodepositVerification, PaymentGateway } from "../gateways/payments";
import type { Database } from "../storage/db";
import {
  findPayment,
  findPaymentByIntent,
  markEventFailed,
  markEventProcessed,
  storeEvent,
  upsertRefund,
  type PaymentRecord,
} from "../storage/payments-repo";
import { applyGatewayPayment, recomputeReversal } from "./ledger";

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
  // Throws WebhookSignatureError before anything is stored.
  const event = await deps.gateway.verifyWebhook(rawBody, signature);
  const stored = await storeEvent(deps.db, { id: event.id, type: event.type, objectId: event.objectId, raw: event.raw, now: deps.now() });
  if (stored === "done") return "duplicate";
  try {
    const applied = await applyEvent(deps.db, JSON.parse(event.raw) as StripeEventShape, deps.now());
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
export async function applyEvent(db: Database, event: StripeEventShape, now: number): Promise<boolean> {
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
    return true;
  }
  if (event.type === "refund.created" || event.type === "refund.updated" || event.type === "refund.failed") {
    const payment = await paymentFor(db, str(object.payment_intent), metadataId(object));
    if (!payment || !str(object.id)) return false;
    await upsertRefund(db, {
      id: str(object.id)!,
      paymentId: payment.id,
      amountCents: Number(object.amount ?? 0),
      status: event.type === "refund.failed" ? "failed" : (str(object.status) ?? "pending"),
      createdAt: Number(object.created ?? 0) * 1000 || now,
    });
    await recomputeReversal(db, (await findPayment(db, payment.id))!, payment.disputedCents, now);
    return true;
  }
  if (event.type === "charge.refunded") {
    const payment = await paymentFor(db, str(object.payment_intent), metadataId(object));
    if (!payment) return false;
    const listed = (object.refunds as { data?: Record<string, unknown>[] } | undefined)?.data ?? [];
    for (const refund of listed) {
      if (!str(refund.id)) continue;
      await upsertRefund(db, {
        id: str(refund.id)!,
        paymentId: payment.id,
        amountCents: Number(refund.amount ?? 0),
        status: str(refund.status) ?? "succeeded",
        createdAt: Number(refund.created ?? 0) * 1000 || now,
      });
    }
    await recomputeReversal(db, payment, payment.disputedCents, now);
    return true;
  }
  if (event.type === "charge.dispute.created" || event.type === "charge.dispute.closed" || event.type === "charge.dispute.updated") {
    const payment = await paymentFor(db, str(object.payment_intent), null);
    if (!payment) return false;
    // A won dispute returns the money; an open or lost one takes it back.
    const disputed = event.type === "charge.dispute.closed" && object.status === "won" ? 0 : Number(object.amount ?? 0);
    await recomputeReversal(db, payment, disputed, now);
    return true;
  }
  return false;
}

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
