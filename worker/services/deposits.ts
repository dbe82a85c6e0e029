// Bank deposits: each Stripe payout with the charges and refunds it carried, Stripe's fees, and
// the payments and invoices they belong to. Stripe is the record of payouts; our ledger names them.
import { PortalError } from "../domain/errors";
import { csvCell, toCsv } from "../domain/csv";
import { centsToPlain } from "../domain/money";
import type { PaymentGateway, PayoutListQuery } from "../gateways/payments";
import type { Database } from "../storage/db";
import { payoutSourcesQueries, type PaymentSummaryRow, type PayoutSourceRow } from "../storage/payment-views-repo";
import { recordStaffAction } from "../storage/staff-actions-repo";
import type { DepositDetail, DepositLine } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { DepositDetail, DepositLine };

export async function listDeposits(deps: { gateway: PaymentGateway }, query: PayoutListQuery) {
  const page = await deps.gateway.listPayouts(query);
  return { payouts: page.payouts, nextCursor: page.hasMore ? (page.payouts[page.payouts.length - 1]?.id ?? null) : null };
}

export async function loadDeposit(deps: { db: Database; gateway: PaymentGateway }, payoutId: string): Promise<DepositDetail> {
  if (!/^po_[A-Za-z0-9]{4,250}$/.test(payoutId)) throw new PortalError("not_found", "no such payout");
  const all = { limit: 100, status: null, arrivalFromMs: null, arrivalToMs: null };
  const payouts = await deps.gateway.listPayouts({ ...all, startingAfter: null });
  let payout = payouts.payouts.find((p) => p.id === payoutId);
  let cursor = payouts.hasMore ? (payouts.payouts.at(-1)?.id ?? null) : null;
  while (!payout && cursor) {
    const next = await deps.gateway.listPayouts({ ...all, startingAfter: cursor });
    payout = next.payouts.find((p) => p.id === payoutId);
    cursor = next.hasMore ? (next.payouts.at(-1)?.id ?? null) : null;
  }
  if (!payout) throw new PortalError("not_found", "no such payout");
  // The payout's own transaction is the money leaving the balance, not part of what it carried.
  const transactions = (await deps.gateway.listPayoutTransactions(payoutId)).filter((t) => t.type !== "payout");
  const charges = transactions.filter((t) => (t.type === "charge" || t.type === "payment") && t.sourceId).map((t) => t.sourceId!);
  const refunds = transactions.filter((t) => (t.type === "refund" || t.type === "payment_refund") && t.sourceId).map((t) => t.sourceId!);
  const { byCharge, byRefund } = await matchPayoutSources(deps.db, charges, refunds);
  const lines = transactions
    .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))
    .map((t): DepositLine => {
      const payment = (t.sourceId && (byCharge.get(t.sourceId) ?? byRefund.get(t.sourceId))) || null;
      return {
        transactionId: t.id,
        type: t.type,
        sourceId: t.sourceId,
        grossCents: t.amountCents,
        feeCents: t.feeCents,
        netCents: t.netCents,
        paymentId: payment?.id ?? null,
        clientNumber: payment?.clientNumber ?? null,
        clientName: payment?.clientName ?? null,
        invoiceNumbers: payment?.invoiceNumbers ?? null,
      };
    });
  const sum = (pick: (l: DepositLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  return {
    payoutId,
    amountCents: payout.amountCents,
    arrivalDate: payout.arrivalDate,
    status: payout.status,
    lines,
    totals: { grossCents: sum((l) => l.grossCents), feeCents: sum((l) => l.feeCents), netCents: sum((l) => l.netCents) },
    unmatched: lines.filter((l) => !l.paymentId).length,
  };
}

/** Our payments and refunds behind a payout's Stripe charges and refunds, in one round trip. */
async function matchPayoutSources(db: Database, chargeIds: string[], refundIds: string[]) {
  const byCharge = new Map<string, PaymentSummaryRow>();
  const byRefund = new Map<string, PaymentSummaryRow>();
  const [first, ...rest] = payoutSourcesQueries(db, chargeIds, refundIds);
  if (!first) return { byCharge, byRefund };
  const results = (await db.batch([first, ...rest])) as PayoutSourceRow[][];
  for (const row of results.flat()) {
    if (row.refundId) byRefund.set(row.refundId, row);
    else if (row.chargeId) byCharge.set(row.chargeId, row);
  }
  return { byCharge, byRefund };
}

export const DEPOSIT_COLUMNS = [
  "payout_id",
  "arrival_date",
  "type",
  "stripe_transaction",
  "stripe_source",
  "payment_id",
  "client_number",
  "client_name",
  "invoices",
  "gross",
  "stripe_fee",
  "net",
] as const;

export async function depositCsv(
  deps: { db: Database; gateway: PaymentGateway; now: () => number },
  payoutId: string,
  actor: { email: string },
): Promise<string> {
  const deposit = await loadDeposit(deps, payoutId);
  const day = new Date(deposit.arrivalDate).toISOString().slice(0, 10);
  await recordStaffAction(deps.db, {
    email: actor.email,
    action: "export_payments",
    target: payoutId,
    details: { deposit: true, lines: deposit.lines.length },
    now: deps.now(),
  });
  const header = toCsv(DEPOSIT_COLUMNS, []);
  // Amounts are signed (refunds are negative): written as numbers, never as formula-looking text.
  const rows = deposit.lines.map((l) =>
    [
      ...[payoutId, day, l.type, l.transactionId, l.sourceId, l.paymentId, l.clientNumber, l.clientName, l.invoiceNumbers].map(csvCell),
      signedPlain(l.grossCents),
      signedPlain(l.feeCents),
      signedPlain(l.netCents),
    ].join(","),
  );
  return header + rows.map((row) => `${row}\r\n`).join("");
}

/** -10300 -> "-103.00": exact, no float. */
export function signedPlain(cents: number): string {
  return (cents < 0 ? "-" : "") + centsToPlain(Math.abs(cents));
}
