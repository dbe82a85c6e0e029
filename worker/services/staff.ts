// What the staff page shows, and the payments export for the firm's books.
import { PortalError } from "../domain/errors";
import {
  exportCsvHead,
  exportCsvLines,
  exportRows,
  exportTotals,
  parseDateRange,
  type DateRange,
  type ExportPayment,
  type ExportTotals,
} from "../domain/payments-export";
import { centsToPlain } from "../domain/money";
import { FIRST_PAGE, pageOf, type Cursor, type ListQuery } from "../domain/cursor";
import type { Database } from "../storage/db";
import { alertsPageQuery } from "../storage/alerts-repo";
import { payLinksPageQuery, toPayLinkListings } from "../storage/pay-links-repo";
import {
  listExportPage,
  listReconcileProblems,
  pendingAchQueries,
  reconcileProblemsQuery,
  recentPaymentsQueries,
  toReconcileProblems,
  withInvoiceNumbers,
  type PaymentListing,
  type ReconcileProblem,
} from "../storage/payment-views-repo";
import { recordStaffAction } from "../storage/staff-actions-repo";
import { checkInvoiceFilter, payLinksPage, type PayLinkView } from "./pay-links";
import type { StaffAlert, StaffDashboard } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { StaffAlert, StaffDashboard };

/** Rows the dashboard's short lists show; one more is read to say that there are more (never a silent cap). */
export const DASHBOARD_LISTS = { recentPayments: 25, pendingAch: 50, alerts: 20, reconcileProblems: 50 } as const;

function capped<T>(rows: T[], size: number): { rows: T[]; more: boolean } {
  return { rows: rows.slice(0, size), more: rows.length > size };
}

function alertView(alert: Awaited<ReturnType<typeof alertsPageQuery>>[number]): StaffAlert {
  return { id: alert.id, at: alert.at, kind: alert.kind, paymentId: alert.paymentId, details: JSON.parse(alert.details) as Record<string, unknown> };
}

function alertsPage(rows: Awaited<ReturnType<typeof alertsPageQuery>>, query: ListQuery): { rows: StaffAlert[]; nextCursor: string | null } {
  const page = pageOf(rows, query.limit, (alert): Cursor => ({ at: alert.at, id: String(alert.id) }));
  return { rows: page.rows.map(alertView), nextCursor: page.nextCursor };
}

/** One page of alerts, newest first, with the cursor of the next (older) page. */
export async function listAlertsPage(deps: { db: Database }, query: ListQuery): Promise<{ rows: StaffAlert[]; nextCursor: string | null }> {
  return alertsPage(await alertsPageQuery(deps.db, query), query);
}

function reconcileProblemsPage(rows: ReconcileProblem[], query: ListQuery): { rows: ReconcileProblem[]; nextCursor: string | null } {
  return pageOf(rows, query.limit, (problem): Cursor => ({ at: problem.reconcileErrorAt, id: problem.id }));
}

/** One page of the payments reconciliation could not check, newest problem first, with the next page's cursor. */
export async function listReconcileProblemsPage(deps: { db: Database }, query: ListQuery): Promise<{ rows: ReconcileProblem[]; nextCursor: string | null }> {
  return reconcileProblemsPage(await listReconcileProblems(deps.db, query), query);
}

/** The dashboard: short lists that say when there are more, and one page of pay links; all read in one round trip. */
export async function loadDashboard(
  deps: { db: Database; now: () => number },
  links: ListQuery,
  options: { invoiceNumber?: string } = {},
): Promise<StaffDashboard> {
  const { db } = deps;
  const sizes = DASHBOARD_LISTS;
  checkInvoiceFilter(options.invoiceNumber);
  const now = deps.now();
  // The first page of each full list (/staff/alerts, /staff/reconcile-problems), shorter.
  const alertsQuery: ListQuery = { ...FIRST_PAGE, limit: sizes.alerts };
  const problemsQuery: ListQuery = { ...FIRST_PAGE, limit: sizes.reconcileProblems };
  const [recentRows, recentNumbers, pendingRows, pendingNumbers, linkRows, alertRows, problemRows] = await db.batch([
    ...recentPaymentsQueries(db, sizes.recentPayments + 1),
    ...pendingAchQueries(db, sizes.pendingAch + 1),
    payLinksPageQuery(db, links, { now, invoiceNumber: options.invoiceNumber }),
    alertsPageQuery(db, alertsQuery),
    reconcileProblemsQuery(db, problemsQuery),
  ]);
  const recent = capped(withInvoiceNumbers(recentRows, recentNumbers), sizes.recentPayments);
  const pending = capped(withInvoiceNumbers(pendingRows, pendingNumbers), sizes.pendingAch);
  const linkPage = payLinksPage(toPayLinkListings(linkRows), links, now);
  const alerts = alertsPage(alertRows, alertsQuery);
  const reconcileProblems = reconcileProblemsPage(toReconcileProblems(problemRows), problemsQuery);
  return {
    recentPayments: recent.rows,
    pendingAch: pending.rows,
    links: linkPage.rows,
    linksNextCursor: linkPage.nextCursor,
    alerts: alerts.rows,
    reconcileProblems: reconcileProblems.rows,
    more: {
      recentPayments: recent.more,
      pendingAch: pending.more,
      alerts: alerts.nextCursor !== null,
      reconcileProblems: reconcileProblems.nextCursor !== null,
    },
  };
}

/** Payments per page of the streamed export: about 1,000 CSV rows, one D1 round trip each. */
export const EXPORT_PAGE_PAYMENTS = 500;

function exportRange(query: { from?: string; to?: string }): Extract<DateRange, { ok: true }> {
  const range = parseDateRange(query.from, query.to);
  if (!range.ok) throw new PortalError("validation", "from and to must be YYYY-MM-DD dates, from <= to", { fieldErrors: { range: "invalid" } });
  return range;
}

/** How one export format writes itself: its opening, each page of payments, and its end. */
interface ExportWriter {
  head(range: { from: string; to: string }): string;
  page(payments: readonly ExportPayment[]): string;
  tail(): string;
}

/**
 * A payments export as a stream: the head, then one page of payments at a time, read only when the
 * reader wants more (keyset paging), so memory stays flat however many rows the range holds.
 * The export is recorded when it starts; its size is not known until the last page.
 */
async function streamPaymentsExport(
  deps: { db: Database; now: () => number },
  query: { from?: string; to?: string },
  actor: { email: string },
  format: "csv" | "json",
  writer: ExportWriter,
  pagePayments: number,
): Promise<{ from: string; to: string; body: ReadableStream<Uint8Array> }> {
  const range = exportRange(query);
  await recordStaffAction(deps.db, {
    email: actor.email,
    action: "export_payments",
    target: `${range.from}..${range.to}`,
    details: { format, streamed: true },
    now: deps.now(),
  });
  const encoder = new TextEncoder();
  let after: Cursor | null = null;
  let started = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(writer.head(range)));
          return;
        }
        const page = await listExportPage(deps.db, range, after, pagePayments);
        if (page.payments.length > 0) controller.enqueue(encoder.encode(writer.page(page.payments)));
        if (page.last === null) {
          const tail = writer.tail();
          if (tail) controller.enqueue(encoder.encode(tail));
          controller.close();
        }
        after = page.last;
      },
    },
    // One page ahead at most: the next is read only once the client has taken this one.
    { highWaterMark: 1 },
  );
  return { from: range.from, to: range.to, body };
}

/** The CSV export, streamed: a header line, then one line per allocation. */
export function streamPaymentsExportCsv(
  deps: { db: Database; now: () => number },
  query: { from?: string; to?: string },
  actor: { email: string },
  pagePayments = EXPORT_PAGE_PAYMENTS,
) {
  return streamPaymentsExport(deps, query, actor, "csv", { head: exportCsvHead, page: exportCsvLines, tail: () => "" }, pagePayments);
}

/**
 * The JSON export, streamed: `{from, to, rows: [...], paymentCount, totals}`, the count and the
 * totals summed page by page and written after the rows (built whole, 100,000 rows took about
 * 200 MB, more than a Worker has).
 */
export function streamPaymentsExportJson(
  deps: { db: Database; now: () => number },
  query: { from?: string; to?: string },
  actor: { email: string },
  pagePayments = EXPORT_PAGE_PAYMENTS,
) {
  let paymentCount = 0;
  let totals: ExportTotals = { amountAppliedCents: 0, amountRefundedCents: 0, feeCents: 0, feeRefundedCents: 0 };
  let rowsWritten = 0;
  return streamPaymentsExport(
    deps,
    query,
    actor,
    "json",
    {
      head: (range) => `{"from":${JSON.stringify(range.from)},"to":${JSON.stringify(range.to)},"rows":[`,
      page: (payments) => {
        paymentCount += payments.length;
        totals = addTotals(totals, exportTotals(payments));
        const rows = exportRows(payments).map((row) => JSON.stringify(row));
        const text = `${rowsWritten > 0 && rows.length > 0 ? "," : ""}${rows.join(",")}`;
        rowsWritten += rows.length;
        return text;
      },
      tail: () =>
        `],"paymentCount":${paymentCount},"totals":${JSON.stringify({
          amount_applied: centsToPlain(totals.amountAppliedCents),
          amount_refunded: centsToPlain(totals.amountRefundedCents),
          fee: centsToPlain(totals.feeCents),
          fee_refunded: centsToPlain(totals.feeRefundedCents),
        })}}`,
    },
    pagePayments,
  );
}

function addTotals(a: ExportTotals, b: ExportTotals): ExportTotals {
  return {
    amountAppliedCents: a.amountAppliedCents + b.amountAppliedCents,
    amountRefundedCents: a.amountRefundedCents + b.amountRefundedCents,
    feeCents: a.feeCents + b.feeCents,
    feeRefundedCents: a.feeRefundedCents + b.feeRefundedCents,
  };
}
