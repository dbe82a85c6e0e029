// One payment as the client sees it (result page, receipt PDF): the service builds it from the
// ledger, ui/ renders it.
import type { StoredMethod } from "./payment-methods";
import type { Quote } from "./fees";

export interface PaymentSummary {
  id: string;
  status: string;
  method: StoredMethod;
  methodLabel: string | null;
  cardFunding: string | null;
  quote: Quote;
  refundedCents: number;
  receiptEmail: string | null;
  reference: string | null;
  createdAt: number;
  failureCode: string | null;
  /** Bank details entered by hand: where and by when the client verifies the microdeposits. */
  verification: { url: string; arrivalAt: number; type: string } | null;
  lines: { kind: "invoice" | "late_fee"; invoiceNumber: string; cents: number }[];
}
