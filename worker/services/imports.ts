// Invoice import, shared by the staff API and the CLI: check every row (worker/domain/import.ts),
// refuse the whole file with a per-row report if any is bad; otherwise write PDFs to R2, stage the
// changes in D1 in batches, and apply them all in one atomic D1 batch. Re-importing the same data
// changes nothing.
import { PortalError } from "../domain/errors";
import { MAX_IMPORT_ROWS, planImport, type ImportFileErrorCode, type ImportRowError, type RawImportRow, type RowOutcome } from "../domain/import";
import { isInvoiceNumber } from "../domain/numbers";
import type { Database } from "../storage/db";
import {
  applyStagedImport,
  discardStaging,
  findInvoiceForPdf,
  loadImportContext,
  purgeStaleStaging,
  setInvoicePdfKey,
  stageImportPlan,
} from "../storage/import-repo";
import { invoicePdfKey, looksLikePdf, putPdf } from "../storage/pdfs";

export type { RawImportRow } from "../domain/import";

export interface ImportDeps {
  db: Database;
  bucket: R2Bucket;
  now: () => number;
}

export interface ImportReport {
  ok: boolean;
  /** The staging id of an accepted import (also in its staff action). */
  importId?: string;
  fileErrors: { code: ImportFileErrorCode; column?: string; line?: number }[];
  /** Accepted: every row with its outcome. Refused: the rows with errors. */
  rows: { row: number; outcome?: RowOutcome; errors?: ImportRowError[] }[];
  counts: { created: number; updated: number; unchanged: number };
  pdfsWritten: number;
}

export function refusedFile(fileErrors: ImportReport["fileErrors"]): ImportReport {
  return { ok: false, fileErrors, rows: [], counts: { created: 0, updated: 0, unchanged: 0 }, pdfsWritten: 0 };
}

export type ImportProgress = { phase: "checked"; rows: number } | { phase: "staging"; staged: number; total: number } | { phase: "applied"; rows: number };

/** Staged rows older than this belong to an import that was interrupted: never applied, deleted. */
const STALE_STAGING_MS = 60 * 60 * 1000;

/**
 * Imports a file's rows. `pdfs` holds the files named in pdf_file (the CLI reads them next to the CSV);
 * without it, pdf_file is only checked for form and PDFs come through uploadInvoicePdf.
 */
export async function importInvoices(
  deps: ImportDeps,
  rows: readonly { row: number; value: RawImportRow }[],
  actor: { email: string; source: "api" | "cli" },
  pdfs?: ReadonlyMap<string, Uint8Array | null>,
  progress: (step: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  if (rows.length === 0) return refusedFile([{ code: "no_rows" }]);
  if (rows.length > MAX_IMPORT_ROWS) return refusedFile([{ code: "too_many_rows" }]);

  const text = (value: unknown) => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");
  const context = await loadImportContext(
    deps.db,
    rows.map((r) => text(r.value.client_number)),
    rows.map((r) => text(r.value.invoice_number)).filter(isInvoiceNumber),
  );
  const pdfStatus = pdfs
    ? new Map([...pdfs].map(([name, bytes]) => [name, bytes === null ? ("missing" as const) : looksLikePdf(bytes) ? ("ok" as const) : ("not_pdf" as const)]))
    : undefined;
  const check = planImport(rows, context, { pdfStatus, pdfKeyFor: pdfs ? invoicePdfKey : undefined });
  if (!check.ok) {
    return {
      ...refusedFile([]),
      rows: [...check.errors].sort(([a], [b]) => a - b).map(([row, errors]) => ({ row, errors })),
    };
  }

  // PDFs first: a PDF in R2 that no row points at yet is harmless, a row pointing at a missing PDF is not.
  let pdfsWritten = 0;
  for (const item of check.plan.items) {
    if (!item.pdfFile || !item.pdfKey || !pdfs) continue;
    if ((await putPdf(deps.bucket, item.pdfKey, pdfs.get(item.pdfFile)!)) === "written") pdfsWritten++;
  }
  const outcomes = [...check.outcomes].sort(([a], [b]) => a - b);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const [, outcome] of outcomes) counts[outcome]++;
  progress({ phase: "checked", rows: rows.length });
  const now = deps.now();
  const importId = crypto.randomUUID();
  await purgeStaleStaging(deps.db, now - STALE_STAGING_MS);
  // Staging writes nothing the portal reads; the apply is one atomic batch. A failure anywhere
  // leaves the portal as it was: the staged rows are dropped and the same file can be sent again.
  try {
    const staged = await stageImportPlan(deps.db, importId, check.plan, now, (done, total) => progress({ phase: "staging", staged: done, total }));
    await applyStagedImport(deps.db, staged, now, {
      email: actor.email,
      action: "import_invoices",
      target: importId,
      details: { source: actor.source, rows: rows.length, ...counts, pdfsWritten },
      now,
    });
  } catch (error) {
    await discardStaging(deps.db, importId).catch(() => {});
    throw error;
  }
  progress({ phase: "applied", rows: rows.length });
  return { ok: true, importId, fileErrors: [], rows: outcomes.map(([row, outcome]) => ({ row, outcome })), counts, pdfsWritten };
}

/** Stores an electronic invoice's PDF (the API's separate upload). Same bytes again change nothing. */
export async function uploadInvoicePdf(deps: ImportDeps, invoiceNumber: string, bytes: Uint8Array, actor: { email: string }): Promise<"written" | "unchanged"> {
  if (!isInvoiceNumber(invoiceNumber)) throw new PortalError("not_found", "no such invoice");
  if (!looksLikePdf(bytes)) throw new PortalError("validation", "not a PDF", { fieldErrors: { body: "not_pdf" } });
  const invoice = await findInvoiceForPdf(deps.db, invoiceNumber);
  if (!invoice) throw new PortalError("not_found", "no such invoice");
  if (invoice.delivery !== "electronic") throw new PortalError("conflict", "paper invoice", { fieldErrors: { delivery: "paper" } });
  const key = invoicePdfKey(invoiceNumber);
  const written = await putPdf(deps.bucket, key, bytes);
  if (written === "unchanged" && invoice.pdfKey === key) return "unchanged";
  const now = deps.now();
  await setInvoicePdfKey(deps.db, invoiceNumber, key, now, {
    email: actor.email,
    action: "upload_pdf",
    target: invoiceNumber,
    details: { bytes: bytes.length },
    now,
  });
  return "written";
}
