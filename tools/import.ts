// `npm run import -- invoices.csv`: loads the billing system's export into the local portal (D1,
// and R2 for the PDFs named in pdf_file, read from the CSV's folder). The rules and the writes are
// the staff API's (worker/domain/import.ts, worker/services/imports.ts): a file with any bad row
// is refused whole, and importing the same file again changes nothing.
//
// `--remote https://portal.example.com` sends the same rows through the staff API instead, with
// the Access token in CF_ACCESS_TOKEN (`cloudflared access token -app=https://portal.example.com`).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ParseArgsOptionsConfig } from "node:util";
import { importFileMessage, importRowMessage } from "../ui/import-messages";
import { translator } from "../ui/i18n";
import { importRowsFromCsv, isPdfFileName, type ImportErrorCode, type RawImportRow } from "../worker/domain/import";
import { importInvoices, refusedFile, type ImportProgress, type ImportReport } from "../worker/services/imports";
import { openDatabase } from "../worker/storage/db";
import { looksLikePdf } from "../worker/storage/pdfs";
import { exitWithUsage, parseCommand, type Command } from "./cli";
import { localStaffEmail, withLocalBindings } from "./local";

const IMPORT_COMMAND = {
  usage: `usage: npm run import -- <file.csv> [--remote https://portal.example.com]

Loads the billing system's invoice export into the local portal; a file with any bad row is
refused whole, and importing the same file again changes nothing.

  <file.csv>         the export; the PDFs named in its pdf_file column are read from its folder
  --remote <origin>  send the rows through that portal's staff API instead (Access token in CF_ACCESS_TOKEN)
  -h, --help         show this help`,
  options: { remote: { type: "string" } },
  positionals: { name: "CSV file", min: 1, max: 1 },
} satisfies Command<ParseArgsOptionsConfig>;

const t = translator("en");
const args = parseCommand(IMPORT_COMMAND);
const file = args.positionals[0]!;
const remote = args.values.remote?.replace(/\/$/, "") ?? null;
if (remote !== null && !/^https?:\/\/[^/]+$/.test(remote))
  exitWithUsage(IMPORT_COMMAND, `--remote takes the portal's origin (https://portal.example.com), not '${args.values.remote}'.`);
if (!existsSync(file)) exitWithUsage(IMPORT_COMMAND, `${file} does not exist.`);

/** Spreadsheet row numbers: the header is row 1, so the first invoice is row 2. */
const lineOf = (row: number) => row + 1;

function printReport(report: ImportReport): void {
  if (report.ok) {
    const { created, updated, unchanged } = report.counts;
    const pdfs = `${report.pdfsWritten} PDF${report.pdfsWritten === 1 ? "" : "s"} written`;
    console.log(`Imported ${report.rows.length} rows: ${created} created, ${updated} updated, ${unchanged} unchanged; ${pdfs}.`);
    return;
  }
  console.error("Refused: nothing was written.");
  for (const error of report.fileErrors) console.error(`  ${importFileMessage(t, error)}`);
  for (const row of report.rows)
    for (const error of row.errors ?? [])
      console.error(`  row ${lineOf(row.row)}${error.field ? ` (${error.field})` : ""}: ${importRowMessage(t, error.code)}`);
}

function readRows(text: string): { rows: { row: number; value: RawImportRow }[] } | { report: ImportReport } {
  const parsed = importRowsFromCsv(text);
  return parsed.ok ? { rows: parsed.rows } : { report: refusedFile([parsed.error]) };
}

const count = (n: number) => n.toLocaleString("en-US");

/** Progress on stdout as the import goes: checked, staged batch by batch, applied. */
function showProgress(step: ImportProgress): void {
  if (step.phase === "checked") console.log(`Checked ${count(step.rows)} rows: all good.`);
  else if (step.phase === "staging") console.log(`Staged ${count(step.staged)} of ${count(step.total)} changes.`);
  else console.log("Applied in one atomic batch.");
}

/** The PDFs the file names, read from its folder: null for one that is not there. */
function readPdfs(folder: string, rows: { value: RawImportRow }[]): Map<string, Uint8Array<ArrayBuffer> | null> {
  const pdfs = new Map<string, Uint8Array<ArrayBuffer> | null>();
  for (const { value } of rows) {
    const name = String(value.pdf_file ?? "").trim();
    if (!name || !isPdfFileName(name) || pdfs.has(name)) continue;
    const path = join(folder, name);
    pdfs.set(name, existsSync(path) ? new Uint8Array(readFileSync(path)) : null);
  }
  return pdfs;
}

async function importRemote(
  text: string,
  rows: { row: number; value: RawImportRow }[],
  pdfs: Map<string, Uint8Array<ArrayBuffer> | null>,
): Promise<ImportReport> {
  // Files are checked here first: the API cannot see them, and nothing is sent unless all are fine.
  const fileProblems = rows.flatMap(({ row, value }) => {
    const bytes = pdfs.get(String(value.pdf_file ?? "").trim());
    const code: ImportErrorCode | null = bytes === null ? "pdf_file_missing" : bytes && !looksLikePdf(bytes) ? "pdf_file_not_pdf" : null;
    return code ? [{ row, errors: [{ field: "pdf_file" as const, code }] }] : [];
  });
  if (fileProblems.length) return { ok: false, fileErrors: [], rows: fileProblems, counts: { created: 0, updated: 0, unchanged: 0 }, pdfsWritten: 0 };
  const headers: Record<string, string> = { "Accept-Language": "en" };
  if (process.env.CF_ACCESS_TOKEN) headers["cf-access-token"] = process.env.CF_ACCESS_TOKEN;
  // The file as it is (text/csv): the portal parses and checks it with the same rules, and answers
  // with its progress line by line (NDJSON), the report last.
  console.log(`Sending ${count(rows.length)} rows to ${remote}.`);
  const response = await fetch(`${remote}/staff/api/invoices`, {
    method: "PUT",
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", Accept: "application/x-ndjson" },
    body: text,
  });
  if (response.status !== 200 && response.status !== 422) throw new Error(`the portal answered ${response.status} ${await response.text()}`);
  const answer: { report: ImportReport | null } = { report: null };
  const onLine = (line: string) => {
    if (!line.trim()) return;
    const value = JSON.parse(line) as { progress?: ImportProgress; report?: ImportReport; error?: string; message?: string };
    if (value.progress) showProgress(value.progress);
    if (value.report) answer.report = value.report;
    if (value.error) throw new Error(`the portal: ${value.message ?? value.error}`);
  };
  if ((response.headers.get("Content-Type") ?? "").includes("application/x-ndjson") && response.body) {
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(onLine);
    }
    onLine(pending);
  } else {
    answer.report = (await response.json()) as ImportReport;
  }
  const report = answer.report;
  if (!report) throw new Error("the portal's answer ended without a report");
  if (!report.ok) return report;
  let pdfsWritten = 0;
  for (const { value } of rows) {
    const bytes = pdfs.get(String(value.pdf_file ?? "").trim());
    if (!bytes) continue;
    const upload = await fetch(`${remote}/staff/api/invoices/${String(value.invoice_number).trim()}/pdf`, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "application/pdf" },
      body: bytes,
    });
    if (!upload.ok) throw new Error(`uploading ${String(value.pdf_file)} failed: ${upload.status} ${await upload.text()}`);
    if (((await upload.json()) as { pdf: string }).pdf === "written") pdfsWritten++;
  }
  return { ...report, pdfsWritten };
}

const csvText = readFileSync(file, "utf8");
const read = readRows(csvText);
let report: ImportReport;
if ("report" in read) {
  report = read.report;
} else {
  const pdfs = readPdfs(dirname(file), read.rows);
  report = remote
    ? await importRemote(csvText, read.rows, pdfs)
    : await withLocalBindings((env) =>
        importInvoices(
          { db: openDatabase(env.DB), bucket: env.PDFS, now: () => Date.now() },
          read.rows,
          { email: localStaffEmail(env), source: "cli" },
          pdfs,
          showProgress,
        ),
      );
}
printReport(report);
process.exit(report.ok ? 0 : 1);
