// The payment gateway port: what the portal needs from a payment provider, in its own terms.
// worker/gateways/stripe.ts implements it with the official SDK; nothing else imports Stripe.
import type { MethodPreview } from "../domain/fees";

export interface ConfirmationTokenPreview {
  id: string;
  /** ms since epoch */
  expiresAt: number;
  method: MethodPreview;
}

export interface CreatePaymentInput {
  amountCents: number;
  confirmationTokenId: string;
  methodType: "card" | "us_bank_account";
  idempotencyKey: string;
  receiptEmail: string | null;
  returnUrl: string;
  description: string;
  metadata: Record<string, string>;
}

export type GatewayPaymentStatus = "succeeded" | "processing" | "requires_action" | "failed" | "canceled";

export interface GatewayPayment {
  status: GatewayPaymentStatus;
  paymentIntentId: string;
  chargeId: string | null;
  /** Only for requires_action: the browser finishes 3D Secure or bank verification with it. */
  clientSecret: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  amountCents: number;
  amountRefundedCents: number;
  metadata: Record<string, string>;
}

export interface GatewayEvent {
  id: string;
  type: string;
  created: number;
  objectId: string | null;
  /** The event exactly as received, for storage before it is applied. */
  raw: string;
}

/** The provider could not be reached or answered 5xx: the outcome is unknown, retry is safe. */
export class GatewayUnavailableError extends Error {
  override name = "GatewayUnavailableError";
}

/** The provider refused the request itself (an expired or used token, a bad parameter). */
export class GatewayRequestError extends Error {
  override name = "GatewayRequestError";
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}

export interface CreateRefundInput {
  paymentIntentId: string;
  amountCents: number;
  reason: "duplicate" | "fraudulent" | "requested_by_customer";
  idempotencyKey: string;
  metadata: Record<string, string>;
}

export interface GatewayRefund {
  id: string;
  amountCents: number;
  status: string;
}

/** A bank deposit (Stripe payout). Instants in ms. */
export interface GatewayPayout {
  id: string;
  amountCents: number;
  created: number;
  arrivalDate: number;
  status: string;
}

/** One balance transaction inside a payout: a charge, a refund, the payout itself, ... */
export interface GatewayBalanceTransaction {
  id: string;
  type: string;
  amountCents: number;
  feeCents: number;
  netCents: number;
  sourceId: string | null;
  created: number;
}

export interface PaymentGateway {
  retrieveConfirmationToken(id: string): Promise<ConfirmationTokenPreview>;
  /** Creates and confirms one PaymentIntent; a decline comes back as status "failed", not a throw. */
  createPayment(input: CreatePaymentInput): Promise<GatewayPayment>;
  retrievePayment(paymentIntentId: string): Promise<GatewayPayment>;
  verifyWebhook(rawBody: string, signatureHeader: string | null): Promise<GatewayEvent>;
  /** Asks for a refund; the ledger changes only when the refund's webhook arrives. */
  createRefund(input: CreateRefundInput): Promise<GatewayRefund>;
  /** Cancels a PaymentIntent Stripe still allows to cancel; a refusal is a GatewayRequestError. */
  cancelPayment(paymentIntentId: string, idempotencyKey: string): Promise<GatewayPayment>;
  /** One page of payouts, newest first; `startingAfter` is the last payout id of the page before. */
  listPayouts(input: { limit: number; startingAfter: string | null }): Promise<{ payouts: GatewayPayout[]; hasMore: boolean }>;
  /** Every balance transaction a payout carried (all pages). */
  listPayoutTransactions(payoutId: string): Promise<GatewayBalanceTransaction[]>;
}
