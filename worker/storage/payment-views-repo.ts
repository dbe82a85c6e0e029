// Payments as the staff's pages show them: each row is a payment with its client's number and name
// (and its invoices' numbers), so these read across payments, clients, payment_allocations and
// items by design. The dashboard's lists, the paged lists, search hits, the client and payment
// pages, a payout's lines and the export. The payment aggregate's own reads are in
// payment-reads-repo.ts; the builders here are composed into a page's one batch by its service.
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Cursor, ListQuery } from "../domain/cursor";
import type { ExportPayment } from "../domain/payments-export";
import { LATER_SETTLING_METHODS } from "../domain/payment-methods";
import type { PaymentStatus } from "../domain/payment-status";
import type { Database } from "./db";
import { pageAbove, pageBelow } from "./keyset";
import { clients, items, paymentAllocations, payments, refunds } from "./schema";
import type { PaymentListing, PaymentSummaryRow, ReconcileProblem } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { PaymentListing, PaymentSummaryRow, ReconcileProblem };

/** The invoice numbers of a list's payments, in allocation order; `paymentIds` is the list's own ids, as a subquery. */
function listingInvoiceNumbersQuery(db: Database, paymentIds: SQLWrapper) {
  return db
    .select({ paymentId: paymentAllocations.paymentId, invoiceNumber: items.invoiceNumber })
    .from(paymentAllocations)
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .where(inArray(paymentAllocations.paymentId, paymentIds))
    .orderBy(asc(paymentAllocations.id));
}

/** A list's rows, each with its invoices' numbers (each number once, in allocation order). */
export function withInvoiceNumbers(
  rows: Omit<PaymentListing, "invoiceNumbers">[],
  allocations: { paymentId: string; invoiceNumber: string }[],
): PaymentListing[] {
  const byPayment = new Map<string, Set<string>>();
  for (const allocation of allocations) {
    let numbers = byPayment.get(allocation.paymentId);
    if (!numbers) byPayment.set(allocation.paymentId, (numbers = new Set()));
    numbers.add(allocation.invoiceNumber);
  }
  return rows.map((row) => ({ ...row, invoiceNumbers: [...(byPayment.get(row.id) ?? [])] }));
}

const listingColumns = {
  id: payments.id,
  createdAt: payments.createdAt,
  clientNumber: clients.number,
  clientName: clients.name,
  method: payments.method,
  methodLabel: payments.methodLabel,
  cardFunding: payments.cardFunding,
  status: payments.status,
  subtotalCents: payments.subtotalCents,
  feeCents: payments.feeCents,
  totalCents: payments.totalCents,
  refundedCents: payments.refundedCents,
};

/**
 * A dashboard list: its payments, and its payments' invoice numbers (the same payments, chosen
 * again as a subquery), as two statements for the page's one batch; decode with withInvoiceNumbers.
 */
function listingQueries(db: Database, condition: SQL | undefined, order: SQL[], limit: number) {
  const listed = db
    .select(listingColumns)
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .where(condition)
    .orderBy(...order)
    .limit(limit);
  const listedIds = db
    .select({ id: payments.id })
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .where(condition)
    .orderBy(...order)
    .limit(limit);
  return [listed, listingInvoiceNumbersQuery(db, listedIds)] as const;
}

/** The newest payments of every kind (limit rows, newest first; ties by id). */
export function recentPaymentsQueries(db: Database, limit: number) {
  return listingQueries(db, undefined, [desc(payments.createdAt), desc(payments.id)], limit);
}

/** Payments of the methods that settle later (ACH), submitted and waiting for the bank, oldest first. */
export function pendingAchQueries(db: Database, limit: number) {
  return listingQueries(
    db,
    and(inArray(payments.method, LATER_SETTLING_METHODS), eq(payments.status, "processing")),
    [asc(payments.createdAt), asc(payments.id)],
    limit,
  );
}

/**
 * One page of the payments the provider could not answer for at the last reconciliation (or
 * refresh), newest problem first, of one payment status if asked (limit + 1 rows: the caller pages them).
 */
export function reconcileProblemsQuery(db: Database, query: ListQuery) {
  return db
    .select({
      id: payments.id,
      clientNumber: clients.number,
      clientName: clients.name,
      status: payments.status,
      totalCents: payments.totalCents,
      stripePaymentIntentId: payments.stripePaymentIntentId,
      reconcileError: payments.reconcileError,
      reconcileErrorAt: payments.reconcileErrorAt,
    })
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .where(
      and(
        // The partial indexes hold only these payments: every page walks problems, never the ledger.
        isNotNull(payments.reconcileError),
        // parseListQuery let through only PAYMENT_STATUSES for this list.
        query.status ? eq(payments.status, query.status as PaymentStatus) : undefined,
        pageBelow(payments.reconcileErrorAt, payments.id, query),
      ),
    )
    .orderBy(desc(payments.reconcileErrorAt), desc(payments.id))
    .limit(query.limit + 1);
}

/** A row of reconcileProblemsQuery as the list shows it (the query reads only payments with a problem). */
export function toReconcileProblems(rows: Awaited<ReturnType<typeof reconcileProblemsQuery>>): ReconcileProblem[] {
  return rows.map((row) => ({ ...row, reconcileError: row.reconcileError ?? "", reconcileErrorAt: row.reconcileErrorAt ?? 0 }));
}

export async function listReconcileProblems(db: Database, query: ListQuery): Promise<ReconcileProblem[]> {
  return toReconcileProblems(await reconcileProblemsQuery(db, query));
}

// The export's columns, shared by the whole export (JSON) and the paged one (the streamed CSV).
const exportPaymentColumns = {
  id: payments.id,
  createdAt: payments.createdAt,
  settledAt: payments.settledAt,
  clientNumber: clients.number,
  clientName: clients.name,
  method: payments.method,
  cardFunding: payments.cardFunding,
  status: payments.status,
  stripePaymentIntentId: payments.stripePaymentIntentId,
  feeCents: payments.feeCents,
  feeRefundedCents: payments.feeRefundedCents,
};

const exportAllocationColumns = {
  invoiceNumber: items.invoiceNumber,
  kind: items.kind,
  amountCents: paymentAllocations.amountCents,
  reversedCents: paymentAllocations.reversedCents,
};

function exportAllocation(row: ExportPayment["allocations"][number]): ExportPayment["allocations"][number] {
  return { invoiceNumber: row.invoiceNumber, kind: row.kind, amountCents: row.amountCents, reversedCents: row.reversedCents };
}

/** Payments created in [startMs, endMs), with every allocation, oldest first. */
export async function listPaymentsForExport(db: Database, startMs: number, endMs: number): Promise<ExportPayment[]> {
  const rows = await db
    .select({
      ...exportPaymentColumns,
      allocationPaymentId: paymentAllocations.paymentId,
      ...exportAllocationColumns,
    })
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .innerJoin(paymentAllocations, eq(paymentAllocations.paymentId, payments.id))
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .where(and(gte(payments.createdAt, startMs), lt(payments.createdAt, endMs)))
    .orderBy(asc(payments.createdAt), asc(payments.id), asc(paymentAllocations.id));
  const byId = new Map<string, ExportPayment>();
  for (const row of rows) {
    let payment = byId.get(row.id);
    if (!payment) {
      payment = {
        id: row.id,
        createdAt: row.createdAt,
        settledAt: row.settledAt,
        clientNumber: row.clientNumber,
        clientName: row.clientName,
        method: row.method,
        cardFunding: row.cardFunding,
        status: row.status,
        stripePaymentIntentId: row.stripePaymentIntentId,
        feeCents: row.feeCents,
        feeRefundedCents: row.feeRefundedCents,
        allocations: [],
      };
      byId.set(row.id, payment);
    }
    payment.allocations.push(exportAllocation(row));
  }
  return [...byId.values()];
}

/**
 * One page of the export: up to `limit` payments created in [startMs, endMs) after `after`
 * (keyset on created_at, id), oldest first, with their allocations. One round trip; `last` is
 * the key to continue from, null when this was the last page.
 */
export async function listExportPage(
  db: Database,
  range: { startMs: number; endMs: number },
  after: Cursor | null,
  limit: number,
): Promise<{ payments: ExportPayment[]; last: Cursor | null }> {
  // Just after the last payment sent, through the (created_at, id) index.
  const inPage = pageAbove(payments.createdAt, payments.id, { fromMs: range.startMs, toMs: range.endMs, after });
  const pageIds = db.select({ id: payments.id }).from(payments).where(inPage).orderBy(asc(payments.createdAt), asc(payments.id)).limit(limit);
  const [paymentRows, allocationRows] = await db.batch([
    db
      .select(exportPaymentColumns)
      .from(payments)
      .innerJoin(clients, eq(clients.id, payments.clientId))
      .where(inPage)
      .orderBy(asc(payments.createdAt), asc(payments.id))
      .limit(limit),
    db
      .select({ paymentId: paymentAllocations.paymentId, ...exportAllocationColumns })
      .from(paymentAllocations)
      .innerJoin(items, eq(items.id, paymentAllocations.itemId))
      .where(inArray(paymentAllocations.paymentId, pageIds))
      .orderBy(asc(paymentAllocations.id)),
  ]);
  const byId = new Map<string, ExportPayment>(paymentRows.map((row) => [row.id, { ...row, allocations: [] }]));
  for (const row of allocationRows) byId.get(row.paymentId)?.allocations.push(exportAllocation(row));
  const lastRow = paymentRows.at(-1);
  // A payment with no allocation (none is written without one) would have no row, as in the whole export.
  return {
    payments: [...byId.values()].filter((p) => p.allocations.length > 0),
    last: paymentRows.length === limit && lastRow ? { at: lastRow.createdAt, id: lastRow.id } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Payment summaries: the rows of search, the paged list, the client page and a payout's lines.

const paymentSummary = {
  id: payments.id,
  status: payments.status,
  method: payments.method,
  cardFunding: payments.cardFunding,
  methodLabel: payments.methodLabel,
  subtotalCents: payments.subtotalCents,
  feeCents: payments.feeCents,
  totalCents: payments.totalCents,
  refundedCents: payments.refundedCents,
  createdAt: payments.createdAt,
  stripePaymentIntentId: payments.stripePaymentIntentId,
  clientNumber: clients.number,
  clientName: clients.name,
  invoiceNumbers: sql<
    string | null
  >`(SELECT group_concat(${items.invoiceNumber}, ', ') FROM ${paymentAllocations} JOIN ${items} ON ${items.id} = ${paymentAllocations.itemId} WHERE ${paymentAllocations.paymentId} = ${payments.id})`,
};

function paymentsWhere(db: Database, condition: SQL | undefined, limit: number) {
  return db
    .select(paymentSummary)
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .where(condition)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

/** Staff search: the payment with this id. */
export function paymentIdMatchQuery(db: Database, paymentId: string) {
  return paymentsWhere(db, eq(payments.id, paymentId), 1);
}

/** Staff search: the payment of this PaymentIntent. */
export function paymentIntentMatchQuery(db: Database, paymentIntentId: string) {
  return paymentsWhere(db, eq(payments.stripePaymentIntentId, paymentIntentId), 1);
}

/** Staff search: payments that charged this amount (a card's fee included), newest first. */
export function paymentsChargedQuery(db: Database, cents: number, limit: number) {
  return paymentsWhere(db, eq(payments.totalCents, cents), limit);
}

/** Staff search: payments that paid this much on items (before any fee), newest first. */
export function paymentsPaidOnItemsQuery(db: Database, cents: number, limit: number) {
  return paymentsWhere(db, eq(payments.subtotalCents, cents), limit);
}

/** A client's payments, newest first; the client may be a subquery (on its number). */
export function clientPaymentSummariesQuery(db: Database, clientId: number | SQL<number>, limit: number) {
  return paymentsWhere(db, eq(payments.clientId, clientId), limit);
}

/** One page of payments, newest first (limit + 1 rows: the caller pages them). */
export function paymentsPageQuery(db: Database, query: ListQuery, clientNumber: string | null = null) {
  const conditions = [
    // parseListQuery let through only PAYMENT_STATUSES for this list.
    query.status ? eq(payments.status, query.status as PaymentStatus) : undefined,
    // Created in the query's dates, older than its cursor: one range of the (created_at, id) indexes.
    pageBelow(payments.createdAt, payments.id, query),
    clientNumber ? eq(clients.number, clientNumber) : undefined,
  ];
  return paymentsWhere(db, and(...conditions), query.limit + 1);
}

/** A payment with its client, for its staff page. */
export function paymentWithClientQuery(db: Database, paymentId: string) {
  return (
    db
      // Aliased: D1 batches return rows by column name, and payments.id would collide with clients.id.
      .select({
        payment: payments,
        client: {
          number: sql<string>`${clients.number}`.as("client_number"),
          name: sql<string>`${clients.name}`.as("client_name"),
          email: sql<string | null>`${clients.email}`.as("client_email"),
        },
      })
      .from(payments)
      .innerJoin(clients, eq(clients.id, payments.clientId))
      .where(eq(payments.id, paymentId))
  );
}

export type PayoutSourceRow = PaymentSummaryRow & { chargeId: string | null; refundId?: string };

/**
 * The payments behind a payout's Stripe charges and refunds (each row names the charge or refund
 * it matched), as statements for one batch; none when there is nothing to match.
 */
export function payoutSourcesQueries(db: Database, chargeIds: string[], refundIds: string[]) {
  // D1 binds at most 100 parameters per statement: match in slices, all in one batch.
  const slices = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / 90) }, (_, i) => list.slice(i * 90, i * 90 + 90));
  const columns = { chargeId: payments.stripeChargeId, ...paymentSummary };
  return [
    ...slices(chargeIds).map((ids) =>
      db.select(columns).from(payments).innerJoin(clients, eq(clients.id, payments.clientId)).where(inArray(payments.stripeChargeId, ids)),
    ),
    ...slices(refundIds).map((ids) =>
      db
        .select({ refundId: sql<string>`${refunds.id}`.as("refund_id"), ...columns })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .innerJoin(clients, eq(clients.id, payments.clientId))
        .where(inArray(refunds.id, ids)),
    ),
  ];
}
