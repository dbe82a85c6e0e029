// What the staff page shows, and the payments export for the firm's books.
import { PortalError } from "../domain/errors";
import { exportCsvHead, exportCsvLines, exportRows, exportTotals, parseDateRange, type DateRange, type ExportRow, type ExportTotals } from "../domain/payments-export";
import type { Cursor } from "../domain/cursor";
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
} from "../storage/staff-repo";
import { recordStaffAction } from "../storage/staff-actions-repo";
import { listLinks, type PayLinkView } from "./pay-links";
import type { StaffAlert, StaffDashboard } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { StaffAlert, StaffDashboard };

export async function loadDashboard(deps: { db: Database; now: () => number }, options: { invoiceNumber?: string } = {}): Promise<StaffDashboard> {
  const [recentPayments, pendingAch, links, alerts, reconcileProblems] = await Promise.all([
    listRecentPayments(deps.db, 25),
    listPendingAch(deps.db, 50),
    listLinks(deps, { invoiceNumber: options.invoiceNumber, limit: 50 }),
    listAlerts(deps.db, 20),
    listReconcileProblems(deps.db, 50),
  ]);
  return {
    recentPayments,
    pendingAch,
    links,
    alerts: alerts.map((alert) => ({ at: alert.at, kind: alert.kind, paymentId: alert.paymentId, details: JSON.parse(alert.details) as Record<string, unknown> })),
    reconcileProblems,
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
  await recordStaffAction(deps.db, { email: actor.email, action: "export_payments", target: `${range.from}..${range.to}`, details: { format: "csv", streamed: true }, now: deps.now() });
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
export async function exportPayments(deps: { db: Database; now: () => number }, query: { from?: string; to?: string }, actor: { email: string; format: string }): Promise<PaymentsExport> {
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
