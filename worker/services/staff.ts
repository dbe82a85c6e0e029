// What the staff page shows, and the payments export for the firm's books.
import { PortalError } from "../domain/errors";
import { exportRows, exportTotals, parseDateRange, type ExportRow, type ExportTotals } from "../domain/payments-export";
import type { Database } from "../storage/db";
import { listAlerts } from "../storage/alerts-repo";
import {
  listPaymentsForExport,
  listPendingAch,
  listReconcileProblems,
  listRecentPayments,
  recordStaffAction,
  type PaymentListing,
  type ReconcileProblem,
} from "../storage/staff-repo";
import { listLinks, type PayLinkView } from "./pay-links";

export interface StaffDashboard {
  recentPayments: PaymentListing[];
  pendingAch: PaymentListing[];
  links: PayLinkView[];
  alerts: StaffAlert[];
  /** Payments the provider could not answer for: each was skipped, the rest reconciled. */
  reconcileProblems: ReconcileProblem[];
}

export interface StaffAlert {
  at: number;
  kind: string;
  paymentId: string | null;
  details: Record<string, unknown>;
}

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

/** Payments created in an inclusive range of UTC days, one row per allocation; the export is recorded. */
export async function exportPayments(deps: { db: Database; now: () => number }, query: { from?: string; to?: string }, actor: { email: string; format: string }): Promise<PaymentsExport> {
  const range = parseDateRange(query.from, query.to);
  if (!range.ok) throw new PortalError("validation", "from and to must be YYYY-MM-DD dates, from <= to", { fieldErrors: { range: "invalid" } });
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
