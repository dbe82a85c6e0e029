// What the portal's emails say, as data: the services fill these in from the ledger and ui/emails
// renders them (plugged in through EmailConfig.templates, so services never import ui/).
import type { StoredMethod } from "./payment-methods";
import type { Language } from "./language";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type PaymentEmailKind =
  | "payment_received"
  | "payment_pending"
  | "payment_failed"
  | "refund_issued"
  | "receipt_copy"
  | "payment_verify_bank"
  | "payment_canceled";

export const PAYMENT_EMAIL_KINDS: readonly PaymentEmailKind[] = [
  "payment_received",
  "payment_pending",
  "payment_failed",
  "refund_issued",
  "receipt_copy",
  "payment_verify_bank",
  "payment_canceled",
];

export interface PaymentEmailData {
  kind: PaymentEmailKind;
  /** The payment's status when the email is rendered (a copy of a pending ACH receipt says so). */
  status?: string;
  language: Language;
  firmName: string;
  arEmail: string;
  client: { name: string; number: string } | null;
  payment: {
    id: string;
    method: StoredMethod;
    cardFunding: string | null;
    methodLabel: string | null;
    subtotalCents: number;
    feeCents: number;
    totalCents: number;
    refundedCents: number;
    feeRefundedCents: number;
    reference: string | null;
    createdAt: number;
    failureCode: string | null;
    /** Microdeposits: the provider's hosted verification page and when the deposits arrive. */
    verificationUrl?: string | null;
    verificationArrivalAt?: number | null;
    verificationType?: string | null;
  };
  lines: { kind: "invoice" | "late_fee"; invoiceNumber: string; cents: number }[];
  refunds: { amountCents: number; createdAt: number }[];
}

export interface HelpEmailRequest {
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
  dueDate: string;
}

/** The renderers the email service uses: ui/emails/templates.ts provides them. */
export interface EmailTemplates {
  payment(data: PaymentEmailData): RenderedEmail;
  helpReceived(request: HelpEmailRequest, options: { language: Language; firmName: string; timeZone: string }): RenderedEmail;
  helpAck(
    request: Pick<HelpEmailRequest, "reference" | "topic">,
    window: { from: string; to: string },
    options: { language: Language; firmName: string; arEmail: string },
  ): RenderedEmail;
}
