// /staff: the accounts-receivable page (plain forms) and the staff JSON API. Everything here sits
// behind Cloudflare Access (requireStaff); every change is recorded with the staff email.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { bodyLimit } from "hono/body-limit";
import { importFileMessage, importRowMessage } from "../../ui/import-messages";
import { StaffPage } from "../../ui/pages/StaffPage";
import { centsToPlain } from "../../ui/format";
import { firmTimeZone, payLinkSettings, type AppEnv } from "../http/bindings";
import {
  type DashboardQuery,
  DEFAULT_PAGE_SIZE,
  exportQuery,
  FIRST_PAGE,
  importJsonRows,
  importRowsFromCsv,
  mintForm,
  mintJson,
  payLinkListQuery,
  payLinksQuery,
  staffDashboardQuery,
} from "../http/staff-inputs";
import { listFilterValues, redirectAfterPost } from "../http/render";
import { listQueryRefused, staffPage, translate } from "../http/staff-render";
import { valid } from "../http/validate";
import { requireStaff } from "../http/staff-auth";
import { log } from "../logger";
import { importInvoices, refusedFile, uploadInvoicePdf, type ImportReport, type RawImportRow } from "../services/imports";
import { listLinks, MAX_MINT_BATCH, mintPayLinks, payLinkLastDay, payLinkUrl, revokePayLink, type MintResult } from "../services/pay-links";
import { loadDashboard, streamPaymentsExportCsv, streamPaymentsExportJson } from "../services/staff";
import { staffHelpApi } from "./staff-help";
import { staffListsApi, staffListsRoutes } from "./staff-lists";
import { staffOpsApi, staffOpsRoutes } from "./staff-ops";

type Ctx = Context<AppEnv>;

export const staffRoutes = new Hono<AppEnv>();
staffRoutes.use("*", requireStaff());
staffRoutes.use("*", async (c, next) => {
  await next();
  c.header("X-Robots-Tag", "noindex");
});

function linkDeps(c: Ctx) {
  const { db, now } = c.get("deps");
  const settings = payLinkSettings(c.env);
  return { db, now, keyring: settings.keyring, daysAfterDue: settings.daysAfterDue };
}

/** Where links point: the configured public host, else the host this request came to. */
function linkOrigin(c: Ctx): string {
  return payLinkSettings(c.env).publicOrigin || new URL(c.req.url).origin;
}

function staffEmail(c: Ctx): string {
  const staff = c.get("staff");
  if (!staff) throw new Error("staff route without requireStaff()");
  return staff.email;
}

function mintErrorMessages(c: Ctx, result: Extract<MintResult, { outcome: "invalid" }>): string[] {
  const t = translate(c);
  return [...result.errors].map(([number, code]) => t(code === "invoice_unknown" ? "staffMintUnknown" : "staffMintInvalid", { number }));
}

// The page

async function renderPage(c: Ctx, query: DashboardQuery, options: { mintErrors?: string[]; mintValue?: string; status?: 200 | 422 } = {}) {
  const t = translate(c);
  const params = c.req.query();
  const filterInvoice = query.invoice;
  // The pay links list pages like every staff list; a filter it cannot read shows its notice and the first page.
  const parsed = payLinkListQuery(params);
  const linkQuery = parsed.ok ? parsed.query : FIRST_PAGE;
  const dashboard = await loadDashboard(c.get("deps"), linkQuery, { invoiceNumber: filterInvoice });
  const mintedCodes = query.minted;
  const minted = dashboard.links.filter((link) => mintedCodes.has(link.code)).map((link) => ({ invoiceNumber: link.invoiceNumber, code: link.code }));
  const today = new Date(c.get("deps").now()).toISOString().slice(0, 10);
  return staffPage(
    c,
    staffEmail(c),
    t("staffHeading"),
    <StaffPage
      t={t}
      timeZone={firmTimeZone(c.env)}
      dashboard={dashboard}
      origin={linkOrigin(c)}
      minted={minted}
      revoked={query.revoked === "1"}
      mintErrors={options.mintErrors}
      mintValue={options.mintValue}
      filterInvoice={filterInvoice}
      linkFilter={{ ...listFilterValues(params), ...(filterInvoice ? { invoice: filterInvoice } : {}) }}
      linkFilterErrors={parsed.ok ? {} : parsed.errors}
      exportRange={{ from: `${today.slice(0, 8)}01`, to: today }}
    />,
    options.status ?? (parsed.ok ? 200 : 422),
  );
}

staffRoutes.get("/", valid("query", staffDashboardQuery), (c) => renderPage(c, c.req.valid("query")));

staffRoutes.post("/pay-links", valid("query", staffDashboardQuery), valid("form", mintForm), async (c) => {
  const { typed, numbers } = c.req.valid("form").invoiceNumbers;
  if (numbers.length === 0 || numbers.length > MAX_MINT_BATCH) {
    return renderPage(c, c.req.valid("query"), { mintErrors: [translate(c)("staffMintCount")], mintValue: typed, status: 422 });
  }
  const result = await mintPayLinks(linkDeps(c), numbers, { email: staffEmail(c), staff: true });
  if (result.outcome === "invalid") return renderPage(c, c.req.valid("query"), { mintErrors: mintErrorMessages(c, result), mintValue: typed, status: 422 });
  // The new links are the newest: a page as long as the batch shows them all.
  const limit = result.links.length > DEFAULT_PAGE_SIZE ? `&limit=${result.links.length}` : "";
  return redirectAfterPost(c, `/staff?minted=${result.links.map((link) => link.code).join(",")}${limit}#links`);
});

staffRoutes.post("/pay-links/:code/revoke", async (c) => {
  await revokePayLink(c.get("deps"), c.req.param("code"), { email: staffEmail(c) });
  return redirectAfterPost(c, "/staff?revoked=1#links");
});

// The JSON API

const api = new Hono<AppEnv>();

async function jsonBody(c: Ctx): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** A CSV's rows also carry their line in the file (the header is line 1). */
function reportJson(c: Ctx, report: ImportReport, csv = false) {
  const t = translate(c);
  return {
    ok: report.ok,
    ...(report.importId ? { importId: report.importId } : {}),
    counts: report.counts,
    pdfsWritten: report.pdfsWritten,
    fileErrors: report.fileErrors.map((error) => ({ ...error, message: importFileMessage(t, error) })),
    rows: report.rows.map((row) => ({
      row: row.row,
      ...(csv ? { line: row.row + 1 } : {}),
      ...(row.outcome ? { outcome: row.outcome } : {}),
      ...(row.errors ? { errors: row.errors.map((error) => ({ ...error, message: importRowMessage(t, error.code) })) } : {}),
    })),
  };
}

/** The billing system's whole export: about 150,000 CSV rows or 70,000 JSON rows fit. Other routes keep their own limits. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

api.put(
  "/invoices",
  bodyLimit({
    maxSize: IMPORT_BODY_LIMIT,
    onError: (c) => c.json({ error: "too_large", message: `at most ${IMPORT_BODY_LIMIT / 1024 / 1024} MB per import` }, 413),
  }),
  async (c) => {
    let rows: { row: number; value: RawImportRow }[];
    let csv = false;
    if ((c.req.header("Content-Type") ?? "").startsWith("text/csv")) {
      const parsed = importRowsFromCsv(await c.req.text());
      if (!parsed.ok) return c.json(reportJson(c, refusedFile([parsed.error]), true), 422);
      rows = parsed.rows;
      csv = true;
    } else {
      const list = importJsonRows(await jsonBody(c));
      if (!list) {
        return c.json({ error: "bad_request", message: 'send {"rows": [{"record_type": ..., ...}, ...]} as JSON, or the CSV file as text/csv' }, 400);
      }
      rows = list.map((value, index) => ({ row: index + 1, value: value as RawImportRow }));
    }
    const deps = { db: c.get("deps").db, bucket: c.env.PDFS, now: c.get("deps").now };
    const actor = { email: staffEmail(c), source: "api" as const };
    if (!(c.req.header("Accept") ?? "").includes("application/x-ndjson")) {
      const report = await importInvoices(deps, rows, actor);
      return c.json(reportJson(c, report, csv), report.ok ? 200 : 422);
    }
    // Asked for NDJSON: the progress as it happens, one JSON object a line, and the report last
    // ({"report": ...}, with "ok"); the status is 200 because it is sent before the outcome is known.
    const encoder = new TextEncoder();
    const stream = new TransformStream<Uint8Array, Uint8Array>();
    const writer = stream.writable.getWriter();
    const line = (value: unknown) => writer.write(encoder.encode(`${JSON.stringify(value)}\n`));
    const path = new URL(c.req.url).pathname;
    const work = importInvoices(deps, rows, actor, undefined, (step) => void line({ progress: step }))
      .then((report) => line({ report: reportJson(c, report, csv) }))
      .catch((error: unknown) => {
        log.error("unhandled", { path }, error);
        return line({ error: "internal", message: "the import failed before it was applied: nothing changed, send the file again" });
      })
      .finally(() => writer.close());
    c.executionCtx.waitUntil(work);
    return c.body(stream.readable, 200, { "Content-Type": "application/x-ndjson; charset=utf-8" });
  },
);

api.put("/invoices/:number/pdf", bodyLimit({ maxSize: 10 * 1024 * 1024, onError: (c) => c.json({ error: "too_large" }, 413) }), async (c) => {
  if (!(c.req.header("Content-Type") ?? "").startsWith("application/pdf")) return c.json({ error: "unsupported_media_type" }, 415);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const result = await uploadInvoicePdf({ db: c.get("deps").db, bucket: c.env.PDFS, now: c.get("deps").now }, c.req.param("number"), bytes, {
    email: staffEmail(c),
  });
  return c.json({ invoiceNumber: c.req.param("number"), pdf: result });
});

const mintRefused = (c: Ctx) => c.json({ error: "bad_request", message: `send {"invoiceNumbers": ["413955", ...]} with 1 to ${MAX_MINT_BATCH} numbers` }, 400);

api.post("/pay-links", valid("json", mintJson, mintRefused), async (c) => {
  const result = await mintPayLinks(linkDeps(c), c.req.valid("json").invoiceNumbers, { email: staffEmail(c), staff: true });
  if (result.outcome === "invalid") {
    return c.json({ error: "validation", invoices: Object.fromEntries(result.errors), messages: mintErrorMessages(c, result) }, 422);
  }
  const origin = linkOrigin(c);
  return c.json({
    links: result.links.map((link) => ({
      invoiceNumber: link.invoiceNumber,
      code: link.code,
      url: payLinkUrl(origin, link.code),
      lastDay: payLinkLastDay(link.expiresAt),
    })),
  });
});

api.get("/pay-links", valid("query", payLinksQuery), async (c) => {
  const parsed = payLinkListQuery(c.req.query());
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const invoice = c.req.valid("query").invoice;
  const page = await listLinks(c.get("deps"), parsed.query, { invoiceNumber: invoice || undefined });
  const origin = linkOrigin(c);
  return c.json({
    links: page.rows.map((link) => ({
      code: link.code,
      url: payLinkUrl(origin, link.code),
      invoiceNumber: link.invoiceNumber,
      clientNumber: link.clientNumber,
      clientName: link.clientName,
      state: link.state,
      lastDay: payLinkLastDay(link.expiresAt),
      createdAt: new Date(link.createdAt).toISOString(),
      createdBy: link.createdBy,
      revokedAt: link.revokedAt === null ? null : new Date(link.revokedAt).toISOString(),
      revokedBy: link.revokedBy,
      useCount: link.useCount,
      recentUses: link.uses.map((use) => ({ ...use, usedAt: new Date(use.usedAt).toISOString() })),
    })),
    next_cursor: page.nextCursor,
  });
});

api.post("/pay-links/:code/revoke", async (c) => {
  const result = await revokePayLink(c.get("deps"), c.req.param("code"), { email: staffEmail(c) });
  return c.json({ code: c.req.param("code"), revoked: true, alreadyRevoked: !result.revoked });
});

api.get("/payments", valid("query", exportQuery), async (c) => {
  const { format, ...range } = c.req.valid("query");
  if (format === "csv") {
    const csv = await streamPaymentsExportCsv(c.get("deps"), range, { email: staffEmail(c) });
    return c.body(csv.body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payments-${csv.from}-to-${csv.to}.csv"`,
    });
  }
  const json = await streamPaymentsExportJson(c.get("deps"), range, { email: staffEmail(c) });
  return c.body(json.body, 200, { "Content-Type": "application/json; charset=utf-8" });
});

staffRoutes.route("/api", staffOpsApi);
staffRoutes.route("/api", staffHelpApi);
staffRoutes.route("/api", staffListsApi);
staffRoutes.route("/api", api);
staffRoutes.route("/", staffOpsRoutes);
staffRoutes.route("/", staffListsRoutes);
