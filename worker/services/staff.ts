// What the staff page shows, and the payments export for the firm's books.
import { PortalError } from "../domain/errors";
import {
  exportCsvHead,
  exportCsvLines,
  exportRows,
  exportTotals,
  parseDateRange,
  type DateRange,
  type ExportRow,
  type ExportTotals,
} from "../domain/payments-export";
import { FIRST_PAGE, pageOf, type Cursor, type ListQuery } from "../domain/cursor";
import type { Database } from "../storage/db";
import { listAlerts } from "../storage/alerts-repo";
import {
  listExportPage,
  listPaymentsForExport,
  listPendingAch,
  listReconcileProblems,
  listRecentPayments,
  type PaymentListing,
  type ReconcileProblem,
} from "../storage/payment-views-repo";
import { recordStaffAction } from "../storage/staff-actions-repo";
import { listLinks, type PayLinkView } from "./pay-links";
import type { StaffAlert, StaffDashboard } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { StaffAlert, StaffDashboard };

/** Rows the dashboard's short lists show; one more is read to say that there are more (never a silent cap). */
export const DASHBOARD_LISTS = { recentPayments: 25, pendingAch: 50, alerts: 20, reconcileProblems: 50 } as const;

function capped<T>(rows: T[], size: number): { rows: T[]; more: boolean } {
  return { rows: rows.slice(0, size), more: rows.length > size };
}

function alertView(alert: Awaited<ReturnType<typeof listAlerts>>[number]): StaffAlert {
  return { id: alert.id, at: alert.at, kind: alert.kind, paymentId: alert.paymentId, details: JSON.parse(alert.details) as Record<string, unknown> };
}

/** One page of alerts, newest first, with the cursor of the next (older) page. */
export async function listAlertsPage(deps: { db: Database }, query: ListQuery): Promise<{ rows: StaffAlert[]; nextCursor: string | null }> {
  const page = pageOf(await listAlerts(deps.db, query), query.limit, (alert): Cursor => ({ at: alert.at, id: String(alert.id) }));
  return { rows: page.rows.map(alertView), nextCursor: page.nextCursor };
}

/** One page of the payments reconciliation could not check, newest problem first, with the next page's cursor. */
export async function listReconcileProblemsPage(deps: { db: Database }, query: ListQuery): Promise<{ rows: ReconcileProblem[]; nextCursor: string | null }> {
  return pageOf(await listReconcileProblems(deps.db, query), query.limit, (problem): Cursor => ({ at: problem.reconcileErrorAt, id: problem.id }));
}

/** The dashboard: short lists that say when there are more, and one page of pay links. */
export async function loadDashboard(
  deps: { db: Database; now: () => number },
  links: ListQuery,
  options: { invoiceNumber?: string } = {},
): Promise<StaffDashboard> {
  const sizes = DASHBOARD_LISTS;
  const [recentPayments, pendingAch, linkPage, alerts, reconcileProblems] = await Promise.all([
    listRecentPayments(deps.db, sizes.recentPayments + 1),
    listPendingAch(deps.db, sizes.pendingAch + 1),
    listLinks(deps, links, { invoiceNumber: options.invoiceNumber }),
    // The first page of each full list (/staff/alerts, /staff/reconcile-problems), shorter.
    listAlertsPage(deps, { ...FIRST_PAGE, limit: sizes.alerts }),
    listReconcileProblemsPage(deps, { ...FIRST_PAGE, limit: sizes.reconcileProblems }),
  ]);
  const recent = capped(recentPayments, sizes.recentPayments);
  const pending = capped(pendingAch, sizes.pendingAch);
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

export interface PaymentsExport {
  from: string;
  to: string;
  rows: ExportRow[];
  totals: ExportTotals;
  paymentCount: number;
}

/** Payments per page of the streamed export: about 1,000 CSV rows, one D1 round trip each. */
export const EXPORT_PAGE_PAYMENTS = 500;

function exportRange(query: { from?: string; to?: string }): Extract<DateRange, { ok: true }> {
  const range = parseDateRange(query.from, query.to);
  if (!range.ok) throw new PortalError("validation", "from and to must be YYYY-MM-DD dates, from <= to", { fieldErrors: { range: "invalid" } });
  return range;
}

/**
 * The CSV export as a stream: the header, then one page of payments at a time, read only when the
 * reader wants more (keyset paging), so memory stays flat however many rows the range holds.
 * The export is recorded when it starts; its size is not known until the last page.
 */
export async function streamPaymentsExportCsv(
  deps: { db: Database; now: () => number },
  query: { from?: string; to?: string },
  actor: { email: string },
  pagePayments = EXPORT_PAGE_PAYMENTS,
): Promise<{ from: string; to: string; body: ReadableStream<Uint8Array> }> {
  const range = exportRange(query);
  await recordStaffAction(deps.db, {
    email: actor.email,
    action: "export_payments",
    target: `${range.from}..${range.to}`,
    details: { format: "csv", streamed: true },
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
          controller.enqueue(encoder.encode(exportCsvHead()));
          return;
        }
        const page = await listExportPage(deps.db, range, after, pagePayments);
        if (page.payments.length > 0) controller.enqueue(encoder.encode(exportCsvLines(page.payments)));
        if (page.last === null) controller.close();
        after = page.last;
      },
    },
    // One page ahead at most: the next is read only once the client has taken this one.
    { highWaterMark: 1 },
  );
  return { from: range.from, to: range.to, body };
}

/** Payments created in an inclusive range of UTC days, one row per allocation; the export is recorded. */
export async function exportPayments(
  deps: { db: Database; now: () => number },
  query: { from?: string; to?: string },
  actor: { email: string; format: string },
): Promise<PaymentsExport> {
  const range = exportRange(query);
  const payments = await listPaymentsForExport(deps.db, range.startMs, range.endMs);
  const rows = exportRows(payments);
  await recordStaffAction(deps.db, {
    email: actor.email,
    action: "export_payments",
    target: `${range.from}..${range.to}`,
    details: { format: actor.format, payments: payments.length, rows: rows.length },
    now: deps.now(),
  });
  return { from: range.from, to: range.to, rows, totals: exportTotals(payments), paymentCount: payments.length };
}
