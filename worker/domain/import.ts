// Invoice import from the billing system's export: every row is checked against the rules and
// against what D1 already holds, and the batch becomes a plan of creates and updates. A batch
// with any bad row is refused whole. The CLI (CSV) and the staff API (JSON) share these rules.
import { parseCsv } from "./csv";
import { isIsoDate } from "./dates";
import { isEmailAddress } from "./email-address";
import type { Delivery, ItemKind } from "./items";
import { parseAmount, type Cents } from "./money";
import { isClientNumber, isInvoiceNumber } from "./numbers";

export const IMPORT_COLUMNS = [
  "record_type",
  "client_number",
  "client_name",
  "client_email",
  "invoice_number",
  "date",
  "amount",
  "delivery",
  "pdf_file",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
/** One row as it arrives: CSV cells or JSON values, keyed by column name. */
export type RawImportRow = Partial<Record<ImportColumn, unknown>>;

/**
 * Rows per file: the firm's whole export (its six-digit invoice numbers allow 100,000 invoices)
 * with their late fees. The file is checked whole in memory, staged in batches and applied in one
 * atomic D1 batch (worker/services/imports.ts).
 */
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_CLIENT_NAME_LENGTH = 200;

export type ImportErrorCode =
  | "not_text"
  | "record_type_invalid"
  | "client_number_invalid"
  | "client_name_missing"
  | "client_name_too_long"
  | "client_name_conflict"
  | "client_email_invalid"
  | "invoice_number_invalid"
  | "date_invalid"
  | "amount_invalid"
  | "amount_zero"
  | "delivery_invalid"
  | "delivery_not_allowed"
  | "pdf_file_invalid"
  | "pdf_file_not_allowed"
  | "pdf_file_missing"
  | "pdf_file_not_pdf"
  | "duplicate_invoice"
  | "duplicate_late_fee"
  | "invoice_other_client"
  | "late_fee_unknown_invoice"
  | "total_change_has_payments";

export type ImportFileErrorCode = "no_rows" | "too_many_rows" | "missing_column" | "unknown_column" | "csv_malformed";

export interface ImportRowError {
  field: ImportColumn | null;
  code: ImportErrorCode;
}

/** A row that passed the format checks. */
export interface ImportRow {
  row: number;
  kind: ItemKind;
  clientNumber: string;
  clientName: string | null;
  clientEmail: string | null;
  invoiceNumber: string;
  itemDate: string;
  originalCents: Cents;
  delivery: Delivery | null;
  pdfFile: string | null;
}

/** What D1 holds for the clients and invoices a batch names. */
export interface ImportContext {
  clients: ReadonlyMap<string, { name: string; email: string | null }>;
  /** Keyed by invoice number. */
  invoices: ReadonlyMap<string, ExistingItem & { delivery: Delivery | null; pdfKey: string | null }>;
  /** Keyed by lateFeeKey(invoice number, date). */
  lateFees: ReadonlyMap<string, ExistingItem>;
}

export interface ExistingItem {
  clientNumber: string;
  itemDate: string;
  originalCents: Cents;
  /** Payments that count (received or in flight) are allocated to it. */
  hasPayments: boolean;
}

export type Change = "create" | "update" | "none";

export interface PlannedClient {
  number: string;
  name: string;
  email: string | null;
  change: Change;
}

export interface PlannedItem extends ImportRow {
  change: Change;
  /** The R2 key to record for the invoice's PDF, or null to keep what is there. */
  pdfKey: string | null;
}

export interface ImportPlan {
  clients: PlannedClient[];
  items: PlannedItem[];
}

export type RowOutcome = "created" | "updated" | "unchanged";

export type ImportCheck = { ok: true; plan: ImportPlan; outcomes: Map<number, RowOutcome> } | { ok: false; errors: Map<number, ImportRowError[]> };

export function lateFeeKey(invoiceNumber: string, date: string): string {
  return `${invoiceNumber}|${date}`;
}

/** MM/DD/YYYY (or M/D/YYYY) and YYYY-MM-DD, as ISO; null for anything else or a date that does not exist. */
export function parseImportDate(text: string): string | null {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = us ? `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}` : text;
  return isIsoDate(iso) ? iso : null;
}

function cell(value: unknown): string | null {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** A file name next to the CSV: no folders, no surprises. */
export function isPdfFileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,120}\.pdf$/i.test(name) && !name.includes("..");
}

/** Checks one row on its own: formats, dates, amounts, which fields a record type allows. */
export function checkRowFormat(raw: RawImportRow, row: number): { ok: true; value: ImportRow } | { ok: false; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  // JSON rows may carry objects or booleans; CSV cells are always text.
  const field = (name: ImportColumn) => {
    const value = cell(raw[name]);
    if (value === null) errors.push({ field: name, code: "not_text" });
    return value ?? "";
  };
  const recordType = field("record_type").toLowerCase();
  const clientNumber = field("client_number");
  const clientName = field("client_name").replace(/\s+/g, " ");
  const clientEmail = field("client_email");
  const invoiceNumber = field("invoice_number");
  const dateText = field("date");
  const amountText = field("amount");
  const delivery = field("delivery").toLowerCase();
  const pdfFile = field("pdf_file");
  if (errors.length) return { ok: false, errors };

  const kind = recordType === "invoice" || recordType === "late_fee" ? recordType : null;
  if (!kind) errors.push({ field: "record_type", code: "record_type_invalid" });
  if (!isClientNumber(clientNumber)) errors.push({ field: "client_number", code: "client_number_invalid" });
  if (clientName.length > MAX_CLIENT_NAME_LENGTH) errors.push({ field: "client_name", code: "client_name_too_long" });
  if (clientEmail && !isEmailAddress(clientEmail)) errors.push({ field: "client_email", code: "client_email_invalid" });
  if (!isInvoiceNumber(invoiceNumber)) errors.push({ field: "invoice_number", code: "invoice_number_invalid" });
  const itemDate = parseImportDate(dateText);
  if (!itemDate) errors.push({ field: "date", code: "date_invalid" });
  const amount = parseAmount(amountText);
  if (!amount.ok) errors.push({ field: "amount", code: "amount_invalid" });
  else if (amount.cents === 0) errors.push({ field: "amount", code: "amount_zero" });

  if (kind === "invoice" && delivery !== "electronic" && delivery !== "paper") errors.push({ field: "delivery", code: "delivery_invalid" });
  if (kind === "late_fee" && delivery) errors.push({ field: "delivery", code: "delivery_not_allowed" });
  if (pdfFile) {
    if (kind !== "invoice" || delivery !== "electronic") errors.push({ field: "pdf_file", code: "pdf_file_not_allowed" });
    else if (!isPdfFileName(pdfFile)) errors.push({ field: "pdf_file", code: "pdf_file_invalid" });
  }
  if (errors.length || !kind || !itemDate || !amount.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      row,
      kind,
      clientNumber,
      clientName: clientName || null,
      clientEmail: clientEmail || null,
      invoiceNumber,
      itemDate,
      originalCents: amount.cents,
      delivery: kind === "invoice" ? (delivery as Delivery) : null,
      pdfFile: pdfFile || null,
    },
  };
}

/**
 * Checks a whole batch against itself and against D1, and plans the writes. `pdfKeyFor` names
 * the R2 key of a row whose PDF comes with the batch (the CLI); the API uploads PDFs separately.
 */
export function planImport(
  raws: readonly { row: number; value: RawImportRow }[],
  context: ImportContext,
  options: { pdfStatus?: ReadonlyMap<string, "ok" | "missing" | "not_pdf">; pdfKeyFor?: (invoiceNumber: string) => string } = {},
): ImportCheck {
  const errors = new Map<number, ImportRowError[]>();
  const fail = (row: number, error: ImportRowError) => errors.set(row, [...(errors.get(row) ?? []), error]);
  const rows: ImportRow[] = [];
  for (const { row, value } of raws) {
    const checked = checkRowFormat(value, row);
    if (checked.ok) rows.push(checked.value);
    else errors.set(row, checked.errors);
  }

  // The batch's own invoices, for duplicates and for late fees charged on them.
  const batchInvoices = new Map<string, ImportRow>();
  const batchLateFees = new Set<string>();
  const batchClientNames = new Map<string, string>();
  for (const row of rows) {
    if (row.kind === "invoice") {
      if (batchInvoices.has(row.invoiceNumber)) fail(row.row, { field: "invoice_number", code: "duplicate_invoice" });
      else batchInvoices.set(row.invoiceNumber, row);
    } else {
      const key = lateFeeKey(row.invoiceNumber, row.itemDate);
      if (batchLateFees.has(key)) fail(row.row, { field: "date", code: "duplicate_late_fee" });
      batchLateFees.add(key);
    }
    if (row.clientName) {
      const earlier = batchClientNames.get(row.clientNumber);
      if (earlier !== undefined && earlier !== row.clientName) fail(row.row, { field: "client_name", code: "client_name_conflict" });
      else batchClientNames.set(row.clientNumber, row.clientName);
    }
  }

  for (const row of rows) {
    if (!context.clients.has(row.clientNumber) && !batchClientNames.has(row.clientNumber)) {
      fail(row.row, { field: "client_name", code: "client_name_missing" });
    }
    if (row.pdfFile && options.pdfStatus) {
      const status = options.pdfStatus.get(row.pdfFile) ?? "missing";
      if (status === "missing") fail(row.row, { field: "pdf_file", code: "pdf_file_missing" });
      if (status === "not_pdf") fail(row.row, { field: "pdf_file", code: "pdf_file_not_pdf" });
    }
    if (row.kind === "invoice") {
      const existing = context.invoices.get(row.invoiceNumber);
      if (existing && existing.clientNumber !== row.clientNumber) fail(row.row, { field: "client_number", code: "invoice_other_client" });
      if (existing && existing.hasPayments && existing.originalCents !== row.originalCents)
        fail(row.row, { field: "amount", code: "total_change_has_payments" });
    } else {
      const invoiceClient = batchInvoices.get(row.invoiceNumber)?.clientNumber ?? context.invoices.get(row.invoiceNumber)?.clientNumber;
      if (invoiceClient === undefined) fail(row.row, { field: "invoice_number", code: "late_fee_unknown_invoice" });
      else if (invoiceClient !== row.clientNumber) fail(row.row, { field: "client_number", code: "invoice_other_client" });
      const existing = context.lateFees.get(lateFeeKey(row.invoiceNumber, row.itemDate));
      if (existing && existing.hasPayments && existing.originalCents !== row.originalCents)
        fail(row.row, { field: "amount", code: "total_change_has_payments" });
    }
  }
  if (errors.size > 0) return { ok: false, errors };

  // Each client is planned once, on its first row; an empty name or email keeps the one on file
  // (billing exports often leave them out of late fee rows).
  const batchEmails = new Map<string, string>();
  for (const row of rows) if (row.clientEmail && !batchEmails.has(row.clientNumber)) batchEmails.set(row.clientNumber, row.clientEmail);
  const clients = new Map<string, PlannedClient>();
  const clientChangeRow = new Map<string, number>();
  for (const row of rows) {
    if (clients.has(row.clientNumber)) continue;
    clientChangeRow.set(row.clientNumber, row.row);
    const existing = context.clients.get(row.clientNumber);
    const name = batchClientNames.get(row.clientNumber) ?? existing!.name;
    const email = batchEmails.get(row.clientNumber) ?? existing?.email ?? null;
    const change: Change = !existing ? "create" : existing.name !== name || existing.email !== email ? "update" : "none";
    clients.set(row.clientNumber, { number: row.clientNumber, name, email, change });
  }

  const outcomes = new Map<number, RowOutcome>();
  const items: PlannedItem[] = rows.map((row) => {
    const pdfKey = row.pdfFile && options.pdfKeyFor ? options.pdfKeyFor(row.invoiceNumber) : null;
    let change: Change;
    if (row.kind === "invoice") {
      const existing = context.invoices.get(row.invoiceNumber);
      change = !existing
        ? "create"
        : existing.itemDate !== row.itemDate ||
            existing.originalCents !== row.originalCents ||
            existing.delivery !== row.delivery ||
            (pdfKey !== null && existing.pdfKey !== pdfKey)
          ? "update"
          : "none";
    } else {
      const existing = context.lateFees.get(lateFeeKey(row.invoiceNumber, row.itemDate));
      change = !existing ? "create" : existing.originalCents !== row.originalCents ? "update" : "none";
    }
    const clientChanged = clients.get(row.clientNumber)!.change === "update" && clientChangeRow.get(row.clientNumber) === row.row;
    outcomes.set(row.row, change === "create" ? "created" : change === "update" || clientChanged ? "updated" : "unchanged");
    return { ...row, change, pdfKey };
  });
  return { ok: true, plan: { clients: [...clients.values()], items }, outcomes };
}

/** Columns a file must have; the others may be left out (delivery is still required on invoice rows). */
const REQUIRED_COLUMNS: readonly ImportColumn[] = ["record_type", "client_number", "invoice_number", "date", "amount"];

/** Maps a CSV header to columns: each column named once, nothing unknown, the required ones present. */
export function checkHeader(header: readonly string[]): { ok: true; columns: ImportColumn[] } | { ok: false; code: ImportFileErrorCode; column: string } {
  const columns: ImportColumn[] = [];
  for (const name of header.map((h) => h.trim().toLowerCase())) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name) || columns.includes(name as ImportColumn))
      return { ok: false, code: "unknown_column", column: name };
    columns.push(name as ImportColumn);
  }
  const missing = REQUIRED_COLUMNS.find((column) => !columns.includes(column));
  if (missing) return { ok: false, code: "missing_column", column: missing };
  return { ok: true, columns };
}

/** A CSV file as import rows (row 1 is the first line after the header), or why the file is refused. */
export function importRowsFromCsv(
  text: string,
): { ok: true; rows: { row: number; value: RawImportRow }[] } | { ok: false; error: { code: ImportFileErrorCode; column?: string; line?: number } } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, error: { code: "csv_malformed", line: parsed.line } };
  const [header, ...records] = parsed.rows;
  if (!header) return { ok: false, error: { code: "no_rows" } };
  const columns = checkHeader(header);
  if (!columns.ok) return { ok: false, error: { code: columns.code, column: columns.column } };
  return {
    ok: true,
    rows: records.map((cells, index) => ({
      row: index + 1,
      value: Object.fromEntries(columns.columns.map((column, i) => [column, cells[i] ?? ""])) as RawImportRow,
    })),
  };
}
