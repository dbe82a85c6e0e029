// The client's own records: "Your payments", a receipt (page, PDF, a copy by email) and the
// statement of account. Every verb takes the session's client id, never one from the request;
// another client's payment is not_found, exactly like a missing one.
import { PortalError } from "../domain/errors";
import { maskEmail } from "../domain/email-address";
import { withBalances } from "../domain/items";
import type { Language } from "../domain/language";
import {
  HISTORY_PAGE_SIZE,
  HISTORY_STATUSES,
  RECEIPT_COPY_LIMIT,
  RECEIPT_COPY_WINDOW_MS,
  hasReceipt,
  historySince,
  pageWindow,
  receiptCopiesLeft,
  type PageWindow,
} from "../domain/payment-history";
import { buildStatement, STATEMENT_PAYMENT_DAYS, type Statement } from "../domain/statement";
import { isoDateInZone } from "../domain/business-days";
import type { Database } from "../storage/db";
import type { ClientRecord } from "../storage/items-repo";
import type { PaymentSummary } from "../domain/payment-summary";
import type { AllocationRecord, PaymentRecord } from "../storage/payments-repo";
import { loadReceipt, paymentHistoryPart, queueReceiptCopy, receiptPart, statementPart, type ReceiptCopyResult, type ReceiptData } from "../storage/self-service-repo";
import { mapPart, type SessionBatchPart } from "./sessions";

const RECEIPT_STATUSES = ["succeeded", "processing"] as const;

// How many receipt copies a payment may send, for the page\'s words.
export { RECEIPT_COPY_LIMIT } from "../domain/payment-history";

export interface PaymentHistory {
  client: ClientRecord | null;
  payments: PaymentRecord[];
  window: PageWindow;
  total: number;
}

/**
 * One page of the client's payments of the last 24 months, read in the session's batch. A page
 * past the end reads as the last page (`window.page` says which).
 */
export function paymentHistoryRead(now: number, requestedPage: number): SessionBatchPart<PaymentHistory> {
  return mapPart(paymentHistoryPart({ since: historySince(now), statuses: HISTORY_STATUSES, page: requestedPage, size: HISTORY_PAGE_SIZE }), (result) => ({
    client: result.client,
    payments: result.rows,
    window: pageWindow(result.total, requestedPage),
    total: result.total,
  }));
}

/** The receipt's figures as the pages and the PDF show them; the address is masked. */
export function paymentSummary(payment: PaymentRecord, allocations: readonly AllocationRecord[]): PaymentSummary {
  return {
    id: payment.id,
    status: payment.status,
    method: payment.method,
    methodLabel: payment.methodLabel,
    cardFunding: payment.cardFunding,
    quote: { subtotalCents: payment.subtotalCents, feeCents: payment.feeCents, totalCents: payment.totalCents },
    refundedCents: payment.refundedCents,
    receiptEmail: payment.receiptEmail ? maskEmail(payment.receiptEmail) : null,
    reference: payment.stripePaymentIntentId,
    createdAt: payment.createdAt,
    failureCode: payment.failureCode,
    verification:
      payment.status === "requires_action" && payment.verificationUrl
        ? { url: payment.verificationUrl, arrivalAt: payment.verificationArrivalAt ?? payment.createdAt, type: payment.verificationType ?? "descriptor_code" }
        : null,
    lines: allocations.map((a) => ({ kind: a.kind, invoiceNumber: a.invoiceNumber, cents: a.amountCents })),
  };
}

export interface ReceiptView {
  payment: PaymentRecord;
  summary: PaymentSummary;
  client: ClientRecord | null;
  /** Null when this payment has no receipt to send (failed, canceled, no address). */
  copies: { maskedEmail: string; left: number } | null;
}

function toReceiptView(data: ReceiptData): ReceiptView {
  const email = data.payment.receiptEmail;
  return {
    payment: data.payment,
    summary: paymentSummary(data.payment, data.allocations),
    client: data.client,
    copies: email && hasReceipt(data.payment.status) ? { maskedEmail: maskEmail(email), left: receiptCopiesLeft(data.copiesInWindow) } : null,
  };
}

/** A receipt's reads for the session's batch; null when the payment is missing or another client's. */
export function receiptRead(paymentId: string, now: number): SessionBatchPart<ReceiptView | null> {
  return mapPart(receiptPart(paymentId, now - RECEIPT_COPY_WINDOW_MS), (data) => (data ? toReceiptView(data) : null));
}

/** The same receipt read on its own (after a change made in this request). */
export async function loadReceiptView(db: Database, clientId: number, paymentId: string, now: number): Promise<ReceiptView> {
  const data = await loadReceipt(db, clientId, paymentId, now - RECEIPT_COPY_WINDOW_MS);
  return foundReceipt(data ? toReceiptView(data) : null);
}

/** Another client's payment reads exactly like a missing one. */
export function foundReceipt(view: ReceiptView | null): ReceiptView {
  if (!view) throw new PortalError("not_found", "no such payment");
  return view;
}

/** A receipt PDF exists only for money received or on its way by ACH. */
export function receiptForPdf(view: ReceiptView | null): ReceiptView {
  if (!hasReceipt(foundReceipt(view).payment.status)) throw new PortalError("not_found", "no receipt");
  return view!;
}

/** A fresh id for one "Email me this receipt" form. */
export function newCopyRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

/**
 * "Email me this receipt": a copy to the address the payment was made with, through the outbox.
 * "queued" and "duplicate" (the same form posted twice) both mean the client will get one copy.
 */
export async function requestReceiptCopy(
  db: Database,
  request: { clientId: number; paymentId: string; requestId: string; language: Language; now: number },
): Promise<Exclude<ReceiptCopyResult, "not_found" | "no_receipt" | "no_email">> {
  const result = await queueReceiptCopy(db, {
    ...request,
    windowStart: request.now - RECEIPT_COPY_WINDOW_MS,
    limit: RECEIPT_COPY_LIMIT,
    receiptStatuses: RECEIPT_STATUSES,
  });
  if (result === "not_found" || result === "no_receipt" || result === "no_email") throw new PortalError("not_found", "no receipt to send");
  return result;
}

export interface StatementView {
  client: ClientRecord;
  statement: Statement;
}

/** The statement of account as of today in the firm's time zone, read in the session's batch. */
export function statementRead(now: number, timeZone: string): SessionBatchPart<StatementView> {
  return mapPart(statementPart(now - STATEMENT_PAYMENT_DAYS * 86_400_000), (data) => {
    if (!data.client) throw new PortalError("not_found", "client not found");
    const statement = buildStatement({
      items: withBalances(data.items, data.allocations),
      allocations: data.allocations,
      payments: data.payments.map((p) => ({
        id: p.id,
        createdAt: p.createdAt,
        date: isoDateInZone(p.createdAt, timeZone),
        status: p.status,
        method: p.method,
        methodLabel: p.methodLabel,
        reference: p.stripePaymentIntentId,
        subtotalCents: p.subtotalCents,
        feeCents: p.feeCents,
        totalCents: p.totalCents,
      })),
      today: isoDateInZone(now, timeZone),
    });
    return { client: data.client, statement };
  });
}
