// PaymentGateway over the official Stripe SDK. With STRIPE_API_BASE set (local runs, tests) the
// same code talks to the project's Stripe emulator; unset, to api.stripe.com.
import Stripe from "stripe";
import { PAYMENT_METHODS, type CardFunding, type MethodPreview } from "../domain/payment-methods";
import {
  GatewayRequestError,
  GatewayUnavailableError,
  WebhookApiVersionError,
  WebhookSignatureError,
  type ConfirmationTokenPreview,
  type GatewayDispute,
  type GatewayRefund,
  type CreatePaymentInput,
  type GatewayBalanceTransaction,
  type GatewayPayment,
  type MicrodepositVerification,
  type PaymentGateway,
} from "./payments";

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** e.g. http://127.0.0.1:12111 for the emulator; empty for Stripe itself. */
  apiBase: string;
}

export function createStripeGateway(config: StripeConfig): PaymentGateway {
  const endpoint = config.apiBase ? new URL(config.apiBase) : null;
  const stripe = new Stripe(config.secretKey, {
    // fetch looked up on each call, not captured when the gateway is made: it lives as long as the isolate.
    httpClient: Stripe.createFetchHttpClient((input, init) => fetch(input, init)),
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(endpoint
      ? {
          host: endpoint.hostname,
          port: Number(endpoint.port || (endpoint.protocol === "https:" ? 443 : 80)),
          protocol: endpoint.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  const crypto = Stripe.createSubtleCryptoProvider();

  return {
    async retrieveConfirmationToken(id) {
      const token = await call(() => stripe.confirmationTokens.retrieve(id));
      return toPreview(token);
    },

    async createPayment(input: CreatePaymentInput) {
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: input.amountCents,
            currency: "usd",
            confirm: true,
            confirmation_token: input.confirmationTokenId,
            allowed_payment_method_types: [input.methodType],
            receipt_email: input.receiptEmail ?? undefined,
            return_url: input.returnUrl,
            description: input.description,
            metadata: input.metadata,
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return toPayment(intent);
      } catch (error) {
        // A decline is an answer, not a failure: Stripe returns the PaymentIntent with the error.
        if (error instanceof Stripe.errors.StripeCardError && error.payment_intent) {
          return toPayment(error.payment_intent as Stripe.PaymentIntent, error.decline_code ?? error.code ?? null, error.message);
        }
        throw mapError(error);
      }
    },

    async retrievePayment(paymentIntentId) {
      return toPayment(await call(() => stripe.paymentIntents.retrieve(paymentIntentId)));
    },

    async findPaymentForAttempt(portalPaymentId, createdSince) {
      // List, not search: search is eventually consistent and would miss a PaymentIntent made seconds ago.
      const params: Stripe.PaymentIntentListParams = { created: { gte: Math.floor(createdSince / 1000) - 60 }, limit: 100 };
      return call(async () => {
        let scanned = 0;
        for await (const intent of stripe.paymentIntents.list(params)) {
          if (intent.metadata?.portal_payment_id === portalPaymentId) return toPayment(intent);
          // Past this many, "not found" is no longer a safe answer: report the outcome as unknown.
          if (++scanned >= MAX_INTENTS_SCANNED) throw new GatewayUnavailableError("too many PaymentIntents to scan for the attempt");
        }
        return null;
      });
    },

    async retrieveRefund(id) {
      return toRefund(await call(() => stripe.refunds.retrieve(id)));
    },

    async listRefunds(paymentIntentId) {
      const params: Stripe.RefundListParams = { payment_intent: paymentIntentId, limit: 100 };
      return call(async () => {
        const all: GatewayRefund[] = [];
        for await (const refund of stripe.refunds.list(params)) all.push(toRefund(refund));
        return all;
      });
    },

    async retrieveDispute(id) {
      return toDispute(await call(() => stripe.disputes.retrieve(id)));
    },

    async createRefund(input) {
      return toRefund(
        await call(() =>
          stripe.refunds.create(
            { payment_intent: input.paymentIntentId, amount: input.amountCents, reason: input.reason, metadata: input.metadata },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      );
    },

    async cancelPayment(paymentIntentId, reason, idempotencyKey) {
      return toPayment(await call(() => stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: reason }, { idempotencyKey })));
    },

    async listPayouts(input) {
      // Stripe filters: arrival_date is in seconds, [gte, lt) as the list's days are.
      const arrival = {
        ...(input.arrivalFromMs !== null ? { gte: input.arrivalFromMs / 1000 } : {}),
        ...(input.arrivalToMs !== null ? { lt: input.arrivalToMs / 1000 } : {}),
      };
      const page = await call(() =>
        stripe.payouts.list({
          limit: input.limit,
          ...(input.startingAfter ? { starting_after: input.startingAfter } : {}),
          ...(input.status ? { status: input.status } : {}),
          ...(Object.keys(arrival).length ? { arrival_date: arrival } : {}),
        }),
      );
      return {
        payouts: page.data.map((p) => ({ id: p.id, amountCents: p.amount, created: p.created * 1000, arrivalDate: p.arrival_date * 1000, status: p.status })),
        hasMore: page.has_more,
      };
    },

    async listPayoutTransactions(payoutId) {
      const all: GatewayBalanceTransaction[] = [];
      let startingAfter: string | undefined;
      for (;;) {
        const page = await call(() =>
          stripe.balanceTransactions.list({ payout: payoutId, limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) }),
        );
        for (const t of page.data) {
          all.push({
            id: t.id,
            type: t.type,
            amountCents: t.amount,
            feeCents: t.fee,
            netCents: t.net,
            sourceId: typeof t.source === "string" ? t.source : (t.source?.id ?? null),
            created: t.created * 1000,
          });
        }
        if (!page.has_more || page.data.length === 0) return all;
        startingAfter = page.data[page.data.length - 1]!.id;
      }
    },

    async verifyWebhook(rawBody, signatureHeader) {
      if (!signatureHeader) throw new WebhookSignatureError("missing Stripe-Signature");
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(rawBody, signatureHeader, config.webhookSecret, undefined, crypto);
      } catch {
        throw new WebhookSignatureError("bad signature");
      }
      // Objects in an event are rendered in the endpoint's API version; another version means other shapes.
      if (event.api_version !== Stripe.API_VERSION) throw new WebhookApiVersionError(event.id, event.api_version, Stripe.API_VERSION);
      const object = event.data.object as { id?: string };
      return { id: event.id, type: event.type, created: event.created, objectId: object.id ?? null, raw: rawBody };
    },
  };
}

const MAX_INTENTS_SCANNED = 1000;

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw mapError(error);
  }
}

function mapError(error: unknown): Error {
  if (error instanceof GatewayUnavailableError || error instanceof GatewayRequestError) return error;
  if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError) {
    return new GatewayRequestError(error.message, error.code ?? null);
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) return new GatewayRequestError(error.message, "idempotency_error");
  // Connection errors, timeouts, 5xx, rate limits, auth problems: the outcome is unknown.
  const name = error instanceof Error ? error.name : "unknown";
  return new GatewayUnavailableError(`payment provider unavailable (${name})`);
}

function toPreview(token: Stripe.ConfirmationToken): ConfirmationTokenPreview {
  const preview = token.payment_method_preview;
  // Stripe's preview types are the method table's provider types.
  let method: MethodPreview;
  if (preview?.type === PAYMENT_METHODS.card.providerType && preview.card) {
    const funding = preview.card.funding;
    method = {
      type: PAYMENT_METHODS.card.providerType,
      funding: (["credit", "debit", "prepaid"].includes(funding) ? funding : "unknown") as CardFunding,
      brand: preview.card.brand,
      last4: preview.card.last4,
    };
  } else if (preview?.type === PAYMENT_METHODS.ach.providerType && preview.us_bank_account) {
    const bank = preview.us_bank_account;
    method = { type: PAYMENT_METHODS.ach.providerType, bankName: bank.bank_name ?? "Bank account", last4: bank.last4 ?? "" };
  } else {
    throw new GatewayRequestError("unsupported payment method", "unsupported_payment_method");
  }
  return { id: token.id, expiresAt: (token.expires_at ?? token.created + 12 * 3600) * 1000, method };
}

function toRefund(refund: Stripe.Refund): GatewayRefund {
  const intent = refund.payment_intent;
  return {
    id: refund.id,
    paymentIntentId: typeof intent === "string" ? intent : (intent?.id ?? null),
    amountCents: refund.amount,
    status: refund.status ?? "pending",
    createdAt: refund.created * 1000,
  };
}

function toDispute(dispute: Stripe.Dispute): GatewayDispute {
  const intent = dispute.payment_intent;
  return {
    id: dispute.id,
    paymentIntentId: typeof intent === "string" ? intent : (intent?.id ?? null),
    amountCents: dispute.amount,
    status: dispute.status,
    balanceNetCents: dispute.balance_transactions.reduce((sum, transaction) => sum + transaction.amount, 0),
  };
}

const STATUS_FROM_STRIPE: Record<string, GatewayPayment["status"]> = {
  succeeded: "succeeded",
  processing: "processing",
  requires_action: "requires_action",
  canceled: "canceled",
  // After a confirm, "requires_payment_method" means the attempt failed (declined, 3DS failed).
  requires_payment_method: "failed",
};

function toPayment(intent: Stripe.PaymentIntent, failureCode: string | null = null, failureMessage: string | null = null): GatewayPayment {
  const status = STATUS_FROM_STRIPE[intent.status] ?? "processing";
  const charge = intent.latest_charge;
  const chargeObject = typeof charge === "object" && charge ? charge : null;
  return {
    status,
    paymentIntentId: intent.id,
    chargeId: typeof charge === "string" ? charge : (chargeObject?.id ?? null),
    clientSecret: status === "requires_action" ? intent.client_secret : null,
    failureCode: failureCode ?? intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? null,
    failureMessage: failureMessage ?? intent.last_payment_error?.message ?? null,
    amountCents: intent.amount,
    amountRefundedCents: chargeObject?.amount_refunded ?? 0,
    metadata: intent.metadata ?? {},
    verification: toVerification(intent),
    providerStatus: intent.status,
  };
}

function toVerification(intent: Stripe.PaymentIntent): MicrodepositVerification | null {
  const next = intent.status === "requires_action" ? intent.next_action?.verify_with_microdeposits : undefined;
  if (!next) return null;
  return { url: next.hosted_verification_url, arrivalAt: next.arrival_date * 1000, type: next.microdeposit_type === "amounts" ? "amounts" : "descriptor_code" };
}
