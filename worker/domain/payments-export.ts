// The payments export for posting to the firm's books: one row per allocation (the amount a
// payment applied to one invoice or late fee), amounts in dollars with two decimals. A payment's
// fee and fee refund appear once, on its first row, so every column adds up to the ledger.
import { csvLine, toCsv } from "./csv";
import { isIsoDate } from "./dates";
import { centsToPlain, sumCents, type Cents } from "./money";

export interface ExportPayment {
  id: string;
  createdAt: number;
  settledAt: number | null;
  clientNumber: string;
  clientName: string;
  method: string;
  cardFunding: string | null;
  status: string;
  stripePaymentIntentId: string | null;
  feeCents: Cents;
  feeRefundedCents: Cents;
  allocations: { invoiceNumber: string; kind: "invoice" | "late_fee"; amountCents: Cents; reversedCents: Cents }[];
}

export const EXPORT_COLUMNS = [
  "date",
  "settled_date",
  "payment_id",
  "client_number",
  "client_name",
  "invoice_number",
  "item",
  "amount_applied",
  "amount_refunded",
  "fee",
  "fee_refunded",
  "method",
  "card_funding",
  "status",
  "stripe_reference",
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string>;

export interface ExportTotals {
  amountAppliedCents: Cents;
  amountRefundedCents: Cents;
  feeCents: Cents;
  feeRefundedCents: Cents;
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function exportRows(payments: readonly ExportPayment[]): ExportRow[] {
  return payments.flatMap((payment) =>
    payment.allocations.map((allocation, index) => ({
      date: utcDate(payment.createdAt),
      settled_date: payment.settledAt === null ? "" : utcDate(payment.settledAt),
      payment_id: payment.id,
      client_number: payment.clientNumber,
      client_name: payment.clientName,
      invoice_number: allocation.invoiceNumber,
      item: allocation.kind,
      amount_applied: centsToPlain(allocation.amountCents),
      amount_refunded: centsToPlain(allocation.reversedCents),
      fee: centsToPlain(index === 0 ? payment.feeCents : 0),
      fee_refunded: centsToPlain(index === 0 ? payment.feeRefundedCents : 0),
      method: payment.method,
      card_funding: payment.cardFunding ?? "",
      status: payment.status,
      stripe_reference: payment.stripePaymentIntentId ?? "",
    })),
  );
}

export function exportTotals(payments: readonly ExportPayment[]): ExportTotals {
  const allocations = payments.flatMap((p) => p.allocations);
  return {
    amountAppliedCents: sumCents(allocations.map((a) => a.amountCents)),
    amountRefundedCents: sumCents(allocations.map((a) => a.reversedCents)),
    feeCents: sumCents(payments.map((p) => p.feeCents)),
    feeRefundedCents: sumCents(payments.map((p) => p.feeRefundedCents)),
  };
}

export function exportCsv(rows: readonly ExportRow[]): string {
  return toCsv(
    EXPORT_COLUMNS,
    rows.map((row) => EXPORT_COLUMNS.map((column) => row[column])),
  );
}

/** The streamed export's first line: a byte-order mark (spreadsheets then read names as UTF-8) and the header. */
export function exportCsvHead(): string {
  return `\uFEFF${csvLine(EXPORT_COLUMNS)}`;
}

/** The CSV lines of some payments, in the export's order; pages of them concatenate into exportCsv. */
export function exportCsvLines(payments: readonly ExportPayment[]): string {
  return exportRows(payments)
    .map((row) => csvLine(EXPORT_COLUMNS.map((column) => row[column])))
    .join("");
}

export type DateRange = { ok: true; from: string; to: string; startMs: number; endMs: number } | { ok: false };

/** An inclusive range of UTC calendar days, as instants [startMs, endMs). At most about ten years. */
export function parseDateRange(from: string | undefined, to: string | undefined): DateRange {
  if (!from || !to || !isIsoDate(from) || !isIsoDate(to) || from > to) return { ok: false };
  const startMs = Date.parse(`${from}T00:00:00Z`);
  const endMs = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  if (endMs - startMs > 3700 * 86_400_000) return { ok: false };
  return { ok: true, from, to, startMs, endMs };
}
