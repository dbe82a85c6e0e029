// The payment gateway port: what the portal needs from a payment provider, in its own terms.
// worker/gateways/stripe.ts implements it with the official SDK; nothing else imports Stripe.
import type { MethodPreview, ProviderMethodType } from "../domain/payment-methods";
import type { PaymentStatus } from "../domain/payment-status";
import { GatewayRequestError, GatewayUnavailableError, WebhookApiVersionError, WebhookSignatureError } from "../domain/gateway-errors";

// Where the services and tests already look for them.
export { GatewayRequestError, GatewayUnavailableError, WebhookApiVersionError, WebhookSignatureError };
import type { GatewayPayout, PayoutListQuery } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { GatewayPayout, PayoutListQuery };

export interface ConfirmationTokenPreview {
  id: string;
  /** ms since epoch */
  expiresAt: number;
  method: MethodPreview;
}

export interface CreatePaymentInput {
  amountCents: number;
  confirmationTokenId: string;
  methodType: ProviderMethodType;
  idempotencyKey: string;
  receiptEmail: string | null;
  returnUrl: string;
  description: string;
  metadata: Record<string, string>;
}

/** A payment's status as the provider reports it: every ledger status but "created" (ours, before the call). */
export type GatewayPaymentStatus = Exclude<PaymentStatus, "created">;

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
  /** Bank details entered by hand: the client verifies microdeposits on the provider's page. */
  verification?: MicrodepositVerification | null;
  /** The provider's own status word (e.g. requires_payment_method behind "failed"), for reconciliation. */
  providerStatus?: string;
}

export interface MicrodepositVerification {
  url: string;
  /** ms since epoch: when the deposits are expected in the account. */
  arrivalAt: number;
  type: "amounts" | "descriptor_code";
}

export interface GatewayRefund {
  id: string;
  paymentIntentId: string | null;
  amountCents: number;
  /** Stripe's: pending, requires_action, succeeded, failed, canceled. */
  status: string;
  /** ms since epoch */
  createdAt: number;
}

export interface GatewayDispute {
  id: string;
  paymentIntentId: string | null;
  amountCents: number;
  /** Stripe's dispute status (warning_*, needs_response, under_review, won, lost, prevented ...). */
  status: string;
  /** Sum of the dispute's balance transactions: negative while funds are withdrawn. */
  balanceNetCents: number;
}

export interface GatewayEvent {
  id: string;
  type: string;
  created: number;
  objectId: string | null;
  /** The event exactly as received, for storage before it is applied. */
  raw: string;
}

export interface CreateRefundInput {
  paymentIntentId: string;
  amountCents: number;
  reason: "duplicate" | "fraudulent" | "requested_by_customer";
  idempotencyKey: string;
  metadata: Record<string, string>;
}

/** A bank deposit (Stripe payout). Instants in ms. */
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

/**
 * What a client's checkout asks of the provider: the client Worker's whole use of it, which it
 * reaches through the staff Worker's Checkout entrypoint (worker/gateways/checkout-rpc.ts).
 */
export type CheckoutGateway = Pick<PaymentGateway, "retrieveConfirmationToken" | "createPayment" | "retrievePayment" | "findPaymentForAttempt">;

export interface PaymentGateway {
  retrieveConfirmationToken(id: string): Promise<ConfirmationTokenPreview>;
  /** Creates and confirms one PaymentIntent; a decline comes back as status "failed", not a throw. */
  createPayment(input: CreatePaymentInput): Promise<GatewayPayment>;
  retrievePayment(paymentIntentId: string): Promise<GatewayPayment>;
  /** The PaymentIntent an attempt created, found by its metadata among those created since `createdSince` (ms); null if none. */
  findPaymentForAttempt(portalPaymentId: string, createdSince: number): Promise<GatewayPayment | null>;
  retrieveRefund(id: string): Promise<GatewayRefund>;
  listRefunds(paymentIntentId: string): Promise<GatewayRefund[]>;
  retrieveDispute(id: string): Promise<GatewayDispute>;
  verifyWebhook(rawBody: string, signatureHeader: string | null): Promise<GatewayEvent>;
  /** Asks for a refund; the ledger changes only when the refund's webhook arrives. */
  createRefund(input: CreateRefundInput): Promise<GatewayRefund>;
  /**
   * Cancels a PaymentIntent Stripe still allows to cancel ("abandoned": reconciliation; "requested_by_customer":
   * staff); a refusal is a GatewayRequestError.
   */
  cancelPayment(paymentIntentId: string, reason: "abandoned" | "requested_by_customer", idempotencyKey: string): Promise<GatewayPayment>;
  /** One page of payouts, newest first, filtered by Stripe on status and arrival day; `startingAfter` is the last payout id of the page before. */
  listPayouts(input: PayoutListQuery): Promise<{ payouts: GatewayPayout[]; hasMore: boolean }>;
  /** Every balance transaction a payout carried (all pages). */
  listPayoutTransactions(payoutId: string): Promise<GatewayBalanceTransaction[]>;
}
