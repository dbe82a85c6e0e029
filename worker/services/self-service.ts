// The client's own records: "Your payments", a receipt (page, PDF, a copy by email) and the
// statement of account. Every verb takes the session's client id, never one from the request;
// another client's payment is not_found, exactly like a missing one. Each page's reads are its
// tables' statement builders, composed here into a part of the session's one batch.
import { PortalError } from "../domain/errors";
import { maskEmail } from "../domain/email-address";
import { withBalances, type Allocation, type PayableItem } from "../domain/items";
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
import { clientQuery, toClientRecord, type ClientRecord } from "../storage/clients-repo";
import type { Database, Rows } from "../storage/db";
import { clientItemsQuery, toPayableItem } from "../storage/items-repo";
import { outboxByDedupeKeyQuery, RECEIPT_COPY_KIND, receiptCopiesSinceQuery } from "../storage/outbox-repo";
import type { PaymentSummary } from "../domain/payment-summary";
import {
  clientAllocationsQuery,
  clientPaymentAllocationsQuery,
  clientPaymentQuery,
  clientPaymentsPageQueries,
  clientPaymentsSinceQuery,
  receiptCopyStateQuery,
  toAllocation,
} from "../storage/payment-reads-repo";
import { receiptCopyInsert, type AllocationRecord, type PaymentRecord } from "../storage/payments-repo";
import type { SessionBatchPart } from "./sessions";

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
  const query = { since: historySince(now), statuses: HISTORY_STATUSES, page: requestedPage, size: HISTORY_PAGE_SIZE };
  return {
    statements: (db, { clientId }) => [clientQuery(db, clientId), ...clientPaymentsPageQueries(db, clientId, query)],
    decode([clientRows, counted, rows]) {
      const total = (counted as { n: number }[])[0]?.n ?? 0;
      return {
        client: toClientRecord((clientRows as Rows<typeof clientQuery>)[0]),
        payments: rows as PaymentRecord[],
        window: pageWindow(total, requestedPage),
        total,
      };
    },
  };
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

/**
 * A payment of this client with its items, the client and its recent receipt copies; the client
 * is an id or the session's subquery.
 */
function receiptStatements(db: Database, clientId: Parameters<typeof clientQuery>[1], paymentId: string, now: number) {
  return [
    clientPaymentQuery(db, clientId, paymentId),
    clientPaymentAllocationsQuery(db, clientId, paymentId),
    clientQuery(db, clientId),
    receiptCopiesSinceQuery(db, paymentId, now - RECEIPT_COPY_WINDOW_MS),
  ] as const;
}

/** What receiptStatements read, as the page shows it; null when the payment is not this client's. */
function toReceiptView([paymentRows, allocations, clientRows, copies]: readonly unknown[]): ReceiptView | null {
  const payment = (paymentRows as PaymentRecord[])[0];
  if (!payment) return null;
  const email = payment.receiptEmail;
  const copiesInWindow = (copies as { n: number }[])[0]?.n ?? 0;
  return {
    payment,
    summary: paymentSummary(payment, allocations as AllocationRecord[]),
    client: toClientRecord((clientRows as Rows<typeof clientQuery>)[0]),
    copies: email && hasReceipt(payment.status) ? { maskedEmail: maskEmail(email), left: receiptCopiesLeft(copiesInWindow) } : null,
  };
}

/** A receipt's reads for the session's batch; null when the payment is missing or another client's. */
export function receiptRead(paymentId: string, now: number): SessionBatchPart<ReceiptView | null> {
  return { statements: (db, { clientId }) => [...receiptStatements(db, clientId, paymentId, now)], decode: toReceiptView };
}

/** The same receipt read on its own (after a change made in this request): one batch. */
export async function loadReceiptView(db: Database, clientId: number, paymentId: string, now: number): Promise<ReceiptView> {
  return foundReceipt(toReceiptView(await db.batch(receiptStatements(db, clientId, paymentId, now))));
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
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

/**
 * "Email me this receipt": a copy to the address the payment was made with, through the outbox.
 * "queued" and "duplicate" (the same form posted twice) both mean the client will get one copy.
 */
export async function requestReceiptCopy(
  db: Database,
  request: { clientId: number; paymentId: string; requestId: string; language: Language; now: number },
): Promise<"queued" | "duplicate" | "limited"> {
  const dedupeKey = `${RECEIPT_COPY_KIND}:${request.paymentId}:${request.requestId}`;
  // The guarded insert, then what explains a refusal: one batch, one round trip.
  const [inserted, paymentRows, existing] = await db.batch([
    receiptCopyInsert(db, {
      ...request,
      dedupeKey,
      windowStart: request.now - RECEIPT_COPY_WINDOW_MS,
      limit: RECEIPT_COPY_LIMIT,
      receiptStatuses: RECEIPT_STATUSES,
    }),
    receiptCopyStateQuery(db, request.clientId, request.paymentId),
    outboxByDedupeKeyQuery(db, dedupeKey),
  ]);
  if (inserted.length > 0) return "queued";
  const payment = paymentRows[0];
  // Missing, another client's, no receipt or no address: nothing to send.
  if (!payment || !(RECEIPT_STATUSES as readonly string[]).includes(payment.status) || !payment.receiptEmail)
    throw new PortalError("not_found", "no receipt to send");
  return existing.length > 0 ? "duplicate" : "limited";
}

export interface StatementView {
  client: ClientRecord;
  statement: Statement;
}

/** The statement of account as of today in the firm's time zone, read in the session's batch. */
export function statementRead(now: number, timeZone: string): SessionBatchPart<StatementView> {
  return {
    // The client, every item and allocation (for balances) and the payments of the statement's window.
    statements: (db, { clientId }) => [
      clientQuery(db, clientId),
      clientItemsQuery(db, clientId),
      clientAllocationsQuery(db, clientId),
      clientPaymentsSinceQuery(db, clientId, now - STATEMENT_PAYMENT_DAYS * 86_400_000),
    ],
    decode: ([clientRows, itemRows, allocationRows, paymentRows]) =>
      toStatementView(
        {
          client: toClientRecord((clientRows as Rows<typeof clientQuery>)[0]),
          // The same mappings as the ledger's, so statement and summary balances are one computation.
          items: (itemRows as Rows<typeof clientItemsQuery>).map(toPayableItem),
          allocations: (allocationRows as Rows<typeof clientAllocationsQuery>).map((row) => ({ ...toAllocation(row), paymentId: row.paymentId })),
          payments: paymentRows as PaymentRecord[],
        },
        now,
        timeZone,
      ),
  };
}

/** What statementRead read, as the statement of account on `now`'s day in the firm's time zone. */
function toStatementView(
  data: { client: ClientRecord | null; items: PayableItem[]; allocations: (Allocation & { paymentId: string })[]; payments: PaymentRecord[] },
  now: number,
  timeZone: string,
): StatementView {
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
}
