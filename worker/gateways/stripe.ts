// PaymentGateway over the official Stripe SDK. With STRIPE_API_BASE set (local runs, tests) the
// same code talks to the project's Stripe emulator; unset, to api.stripe.com.
import Stripe from "stripe";
import type { CardFunding, MethodPreview } from "../domain/fees";
import {
  GatewayRequestError,
  GatewayUnavailableError,
  WebhookSignatureError,
  type ConfirmationTokenPreview,
  type CreatePaymentInput,
  type GatewayBalanceTransaction,
  type GatewayPayment,
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
    httpClient: Stripe.createFetchHttpClient(),
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

    async createRefund(input) {
      const refund = await call(() =>
        stripe.refunds.create(
          { payment_intent: input.paymentIntentId, amount: input.amountCents, reason: input.reason, metadata: input.metadata },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { id: refund.id, amountCents: refund.amount, status: refund.status ?? "pending" };
    },

    async cancelPayment(paymentIntentId, idempotencyKey) {
      const intent = await call(() => stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: "requested_by_customer" }, { idempotencyKey }));
      return toPayment(intent);
    },

    async listPayouts(input) {
      const page = await call(() => stripe.payouts.list({ limit: input.limit, ...(input.startingAfter ? { starting_after: input.startingAfter } : {}) }));
      return {
        payouts: page.data.map((p) => ({ id: p.id, amountCents: p.amount, created: p.created * 1000, arrivalDate: p.arrival_date * 1000, status: p.status })),
        hasMore: page.has_more,
      };
    },

    async listPayoutTransactions(payoutId) {
      const all: GatewayBalanceTransaction[] = [];
      let startingAfter: string | undefined;
      for (;;) {
        const page = await call(() => stripe.balanceTransactions.list({ payout: payoutId, limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) }));
        for (const t of page.data) {
          all.push({ id: t.id, type: t.type, amountCents: t.amount, feeCents: t.fee, netCents: t.net, sourceId: typeof t.source === "string" ? t.source : (t.source?.id ?? null), created: t.created * 1000 });
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
      const object = event.data.object as { id?: string };
      return { id: event.id, type: event.type, created: event.created, objectId: object.id ?? null, raw: rawBody };
    },
  };
}

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw mapError(error);
  }
}

function mapError(error: unknown): Error {
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
  let method: MethodPreview;
  if (preview?.type === "card" && preview.card) {
    const funding = preview.card.funding;
    method = {
      type: "card",
      funding: (["credit", "debit", "prepaid"].includes(funding) ? funding : "unknown") as CardFunding,
      brand: preview.card.brand,
      last4: preview.card.last4,
    };
  } else if (preview?.type === "us_bank_account" && preview.us_bank_account) {
    method = { type: "us_bank_account", bankName: preview.us_bank_account.bank_name ?? "Bank account", last4: preview.us_bank_account.last4 ?? "" };
  } else {
    throw new GatewayRequestError("unsupported payment method", "unsupported_payment_method");
  }
  return { id: token.id, expiresAt: (token.expires_at ?? token.created + 12 * 3600) * 1000, method };
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
  };
}
