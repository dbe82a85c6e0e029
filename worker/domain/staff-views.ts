// What the staff pages show: plain view models. The services return them and ui/ renders them, so
// ui/ never reaches into services, storage or gateways for a type.
import type { StoredMethod } from "./payment-methods";
import type { HelpRequestMessage, HelpStatus, HelpTopic } from "./help";
import type { ItemWithBalance } from "./items";
import type { PayLinkState } from "./pay-links";
import type { PaymentStaffAction } from "./staff-timeline";

// ---------------------------------------------------------------------------------------------
// Dashboard

export interface PaymentListing {
  id: string;
  createdAt: number;
  clientNumber: string;
  clientName: string;
  method: StoredMethod;
  methodLabel: string | null;
  cardFunding: string | null;
  status: string;
  subtotalCents: number;
  feeCents: number;
  totalCents: number;
  refundedCents: number;
  invoiceNumbers: string[];
}

export interface PayLinkListing {
  id: number;
  code: string;
  invoiceNumber: string;
  clientNumber: string;
  clientName: string;
  expiresAt: number;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
  revokedBy: string | null;
  useCount: number;
  uses: { usedAt: number; ipPrefix: string; browser: string; outcome: string }[];
}

export interface PayLinkView extends PayLinkListing {
  state: PayLinkState;
}

/** What an alert is about; the alerts list filters on it (?kind=). */
export const ALERT_KINDS = ["succeeded_after_failure", "refund_refused", "webhook_api_version"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface StaffAlert {
  id: number;
  at: number;
  kind: string;
  paymentId: string | null;
  details: Record<string, unknown>;
}

export interface ReconcileProblem {
  id: string;
  clientNumber: string;
  clientName: string;
  status: string;
  totalCents: number;
  stripePaymentIntentId: string | null;
  reconcileError: string;
  reconcileErrorAt: number;
}

export interface StaffDashboard {
  recentPayments: PaymentListing[];
  pendingAch: PaymentListing[];
  /** One page of pay links, newest first; the next page's cursor, if there is one. */
  links: PayLinkView[];
  linksNextCursor: string | null;
  alerts: StaffAlert[];
  /** Payments the provider could not answer for: each was skipped, the rest reconciled. */
  reconcileProblems: ReconcileProblem[];
  /** Which short lists hold more rows than they show (the page says so and links to the full list). */
  more: { recentPayments: boolean; pendingAch: boolean; alerts: boolean; reconcileProblems: boolean };
}

// ---------------------------------------------------------------------------------------------
// Help inbox

export interface HelpRequestView {
  id: number;
  reference: string;
  submittedAt: number;
  language: string;
  name: string;
  email: string;
  phone: string | null;
  company: string;
  sessionClientNumber: string | null;
  typedNumber: string | null;
  topic: string;
  message: string;
  status: HelpStatus;
  dueDate: string;
  storedAt: number;
  updatedAt: number;
}

export interface HelpEventView {
  id: number;
  requestId: number;
  at: number;
  staffEmail: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
}

export interface InboxRow {
  request: HelpRequestView;
  overdue: boolean;
}

/** Where a dead letter stands: open until a staff member retries or closes it, or its email turns out sent. */
export const DEAD_LETTER_STATUSES = ["open", "retried", "handled", "sent"] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export interface DeadLetterRow {
  id: number;
  dedupeKey: string;
  source: string;
  body: string;
  reason: string;
  receivedAt: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export type DeadLetterSummary =
  | { kind: "help"; message: HelpRequestMessage }
  | { kind: "email"; outboxId: number; emailKind: string | null; recipient: string | null; status: string | null; lastError: string | null }
  | { kind: "unknown" };

export interface DeadLetterView {
  letter: DeadLetterRow;
  summary: DeadLetterSummary;
}

// ---------------------------------------------------------------------------------------------
// Search, payments, clients, deposits

export type SearchResult =
  | { type: "client"; clientNumber: string; name: string; email: string | null; matchedBy: "client_number" | "name_prefix" }
  | { type: "invoice"; invoiceNumber: string; itemDate: string; originalCents: number; clientNumber: string; clientName: string }
  | {
      type: "payment";
      paymentId: string;
      status: string;
      totalCents: number;
      createdAt: number;
      paymentIntentId: string | null;
      clientNumber: string;
      clientName: string;
      matchedBy: "payment_id" | "payment_intent" | "amount";
    }
  | { type: "pay_link"; code: string; state: PayLinkState; invoiceNumber: string; clientNumber: string; clientName: string }
  | { type: "help_request"; reference: string; id: number; name: string; company: string; status: string; submittedAt: number };

export interface SearchAnswer {
  query: string;
  results: SearchResult[];
  /** More clients match the name than are listed: type more of it. */
  moreClients: boolean;
  /** More payments are of the amount than are listed. */
  morePayments: boolean;
}

export type PaymentSummaryRow = {
  id: string;
  status: string;
  method: StoredMethod;
  cardFunding: string | null;
  methodLabel: string | null;
  subtotalCents: number;
  feeCents: number;
  totalCents: number;
  refundedCents: number;
  createdAt: number;
  stripePaymentIntentId: string | null;
  clientNumber: string;
  clientName: string;
  invoiceNumbers: string | null;
};

export interface ClientView {
  client: { id: number; number: string; name: string; email: string | null; createdAt: number };
  items: ItemWithBalance[];
  /** What the client owes across its open items (as the portal shows it), and how much of it is in payments still in flight. */
  outstandingCents: number;
  pendingCents: number;
  payments: PaymentSummaryRow[];
  morePayments: boolean;
  links: { code: string; invoiceNumber: string; expiresAt: number; revokedAt: number | null; createdAt: number; createdBy: string; state: PayLinkState }[];
  help: { id: number; reference: string; topic: string; status: HelpStatus; submittedAt: number; name: string }[];
}

export type TimelineKind = "attempt" | "stripe_call" | "webhook" | "refund" | "dispute" | "email" | "staff" | "settled";

export interface TimelineEntry {
  at: number;
  kind: TimelineKind;
  /** A short machine-readable label: the event type, email kind or staff action. */
  label: string;
  detail: string | null;
  /** A staff member's action: who, and what in words when the timeline knows the action. */
  staff?: { by: string; action: PaymentStaffAction | null };
}

/** The payment page: the fields it shows (the service's answer carries more). */
export interface PaymentView {
  payment: {
    id: string;
    status: string;
    method: StoredMethod;
    methodLabel: string | null;
    cardFunding: string | null;
    receiptEmail: string | null;
    subtotalCents: number;
    feeCents: number;
    totalCents: number;
    refundedCents: number;
    feeRefundedCents: number;
    disputedCents: number;
    createdAt: number;
    stripePaymentIntentId: string | null;
  };
  client: { number: string; name: string; email: string | null };
  allocations: { id: number; amountCents: number; reversedCents: number; kind: string; invoiceNumber: string; itemDate: string }[];
  refundableCents: number;
  cancellable: boolean;
  timeline: TimelineEntry[];
}

/** A Stripe payout's status. */
export const PAYOUT_STATUSES = ["pending", "in_transit", "paid", "failed", "canceled"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
/** The deposits list's status filter: what Stripe's payouts list filters on (in_transit is not one). */
export const PAYOUT_FILTER_STATUSES = ["pending", "paid", "failed", "canceled"] as const satisfies readonly PayoutStatus[];

export interface GatewayPayout {
  id: string;
  amountCents: number;
  created: number;
  /** Midnight UTC of the day the money reaches the bank (Stripe gives a day). */
  arrivalDate: number;
  status: string;
}

/** One page of the deposits list: Stripe pages it (`startingAfter`: the last payout id shown); arrival days as [fromMs, toMs). */
export interface PayoutListQuery {
  limit: number;
  startingAfter: string | null;
  status: PayoutStatus | null;
  arrivalFromMs: number | null;
  arrivalToMs: number | null;
}

export interface DepositLine {
  transactionId: string;
  type: string;
  sourceId: string | null;
  grossCents: number;
  feeCents: number;
  netCents: number;
  paymentId: string | null;
  clientNumber: string | null;
  clientName: string | null;
  invoiceNumbers: string | null;
}

export interface DepositDetail {
  payoutId: string;
  amountCents: number;
  arrivalDate: number;
  status: string;
  lines: DepositLine[];
  totals: { grossCents: number; feeCents: number; netCents: number };
  /** Lines whose Stripe object is not one of our payments (made in the Dashboard, say). */
  unmatched: number;
}
