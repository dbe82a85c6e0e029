// /staff: the accounts-receivable page (plain forms) and the staff JSON API. Everything here sits
// behind Cloudflare Access (requireStaff); every change is recorded with the staff email.
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { bodyLimit } from "hono/body-limit";
import { importFileMessage, importRowMessage } from "../../ui/import-messages";
import { StaffPage } from "../../ui/pages/StaffPage";
import type { RawImportRow } from "../domain/import";
import { centsToPlain } from "../domain/money";
import { isInvoiceNumber } from "../domain/numbers";
import { payLinkLastDay, payLinkUrl } from "../domain/pay-links";
import { payLinkSettings, type AppEnv } from "../env";
import { redirectAfterPost, staffPage, translate } from "../http/render";
import { requireStaff } from "../http/staff-auth";
import { importInvoices, uploadInvoicePdf, type ImportReport } from "../services/imports";
import { listLinks, MAX_MINT_BATCH, mintPayLinks, revokePayLink, type MintResult } from "../services/pay-links";
import { exportPayments, loadDashboard, streamPaymentsExportCsv } from "../services/staff";
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

function mintErrorMessages(c: Ctx, result: Extract<MintResult, { ok: false }>): string[] {
  const t = translate(c);
  return [...result.errors].map(([number, code]) => t(code === "invoice_unknown" ? "staffMintUnknown" : "staffMintInvalid", { number }));
}

function splitInvoiceNumbers(text: string): string[] {
  return text.split(/[\s,;]+/).map((n) => n.trim()).filter(Boolean);
}

// The page

async function renderPage(c: Ctx, options: { mintErrors?: string[]; mintValue?: string; status?: 200 | 422 } = {}) {
  const t = translate(c);
  const invoice = c.req.query("invoice")?.trim();
  const filterInvoice = invoice && isInvoiceNumber(invoice) ? invoice : undefined;
  const dashboard = await loadDashboard(c.get("deps"), { invoiceNumber: filterInvoice });
  const mintedCodes = new Set((c.req.query("minted") ?? "").split(",").filter((code) => /^[A-Za-z0-9_-]{16}$/.test(code)));
  const minted = dashboard.links.filter((link) => mintedCodes.has(link.code)).map((link) => ({ invoiceNumber: link.invoiceNumber, code: link.code }));
  const today = new Date(c.get("deps").now()).toISOString().slice(0, 10);
  return staffPage(
    c,
    staffEmail(c),
    t("staffHeading"),
    <StaffPage
      t={t}
      dashboard={dashboard}
      origin={linkOrigin(c)}
      minted={minted}
      revoked={c.req.query("revoked") === "1"}
      mintErrors={options.mintErrors}
      mintValue={options.mintValue}
      filterInvoice={filterInvoice}
      exportRange={{ from: `${today.slice(0, 8)}01`, to: today }}
    />,
    options.status ?? 200,
  );
}

staffRoutes.get("/", (c) => renderPage(c));

staffRoutes.post("/pay-links", async (c) => {
  const form = await c.req.parseBody();
  const typed = String(form.invoiceNumbers ?? "").slice(0, 2000);
  const numbers = splitInvoiceNumbers(typed);
  if (numbers.length === 0 || numbers.length > MAX_MINT_BATCH) {
    return renderPage(c, { mintErrors: [translate(c)("staffMintCount")], mintValue: typed, status: 422 });
  }
  const result = await mintPayLinks(linkDeps(c), numbers, { email: staffEmail(c), staff: true });
  if (!result.ok) return renderPage(c, { mintErrors: mintErrorMessages(c, result), mintValue: typed, status: 422 });
  return redirectAfterPost(c, `/staff?minted=${result.links.map((link) => link.code).join(",")}#links`);
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

function reportJson(c: Ctx, report: ImportReport) {
  const t = translate(c);
  return {
    ok: report.ok,
    counts: report.counts,
    pdfsWritten: report.pdfsWritten,
    fileErrors: report.fileErrors.map((error) => ({ ...error, message: importFileMessage(t, error) })),
    rows: report.rows.map((row) => ({
      row: row.row,
      ...(row.outcome ? { outcome: row.outcome } : {}),
      ...(row.errors ? { errors: row.errors.map((error) => ({ ...error, message: importRowMessage(t, error.code) })) } : {}),
    })),
  };
}

api.put("/invoices", bodyLimit({ maxSize: 2 * 1024 * 1024, onError: (c) => c.json({ error: "too_large" }, 413) }), async (c) => {
  const body = await jsonBody(c);
  const list = Array.isArray(body) ? body : (body as { rows?: unknown } | undefined)?.rows;
  if (!Array.isArray(list) || list.some((row) => typeof row !== "object" || row === null || Array.isArray(row))) {
    return c.json({ error: "bad_request", message: "send {\"rows\": [{\"record_type\": ..., ...}, ...]}" }, 400);
  }
  const report = await importInvoices(
    { db: c.get("deps").db, bucket: c.env.PDFS, now: c.get("deps").now },
    list.map((value, index) => ({ row: index + 1, value: value as RawImportRow })),
    { email: staffEmail(c), source: "api" },
  );
  return c.json(reportJson(c, report), report.ok ? 200 : 422);
});

api.put("/invoices/:number/pdf", bodyLimit({ maxSize: 10 * 1024 * 1024, onError: (c) => c.json({ error: "too_large" }, 413) }), async (c) => {
  if (!(c.req.header("Content-Type") ?? "").startsWith("application/pdf")) return c.json({ error: "unsupported_media_type" }, 415);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const result = await uploadInvoicePdf({ db: c.get("deps").db, bucket: c.env.PDFS, now: c.get("deps").now }, c.req.param("number"), bytes, { email: staffEmail(c) });
  return c.json({ invoiceNumber: c.req.param("number"), pdf: result });
});

api.post("/pay-links", async (c) => {
  const body = (await jsonBody(c)) as { invoiceNumbers?: unknown } | undefined;
  const numbers = body?.invoiceNumbers;
  if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_MINT_BATCH || numbers.some((n) => typeof n !== "string")) {
    return c.json({ error: "bad_request", message: `send {"invoiceNumbers": ["413955", ...]} with 1 to ${MAX_MINT_BATCH} numbers` }, 400);
  }
  const result = await mintPayLinks(linkDeps(c), numbers as string[], { email: staffEmail(c), staff: true });
  if (!result.ok) {
    return c.json({ error: "validation", invoices: Object.fromEntries(result.errors), messages: mintErrorMessages(c, result) }, 422);
  }
  const origin = linkOrigin(c);
  return c.json({
    links: result.links.map((link) => ({ invoiceNumber: link.invoiceNumber, code: link.code, url: payLinkUrl(origin, link.code), lastDay: payLinkLastDay(link.expiresAt) })),
  });
});

api.get("/pay-links", async (c) => {
  const invoice = c.req.query("invoice");
  const links = await listLinks(c.get("deps"), { invoiceNumber: invoice || undefined, limit: 90 });
  const origin = linkOrigin(c);
  return c.json({
    links: links.map((link) => ({
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
  });
});

api.post("/pay-links/:code/revoke", async (c) => {
  const result = await revokePayLink(c.get("deps"), c.req.param("code"), { email: staffEmail(c) });
  return c.json({ code: c.req.param("code"), revoked: true, alreadyRevoked: !result.revoked });
});

api.get("/payments", async (c) => {
  const format = c.req.query("format") ?? "csv";
  if (format !== "csv" && format !== "json") return c.json({ error: "validation", details: { format: "csv or json" } }, 422);
  const range = { from: c.req.query("from"), to: c.req.query("to") };
  if (format === "csv") {
    const csv = await streamPaymentsExportCsv(c.get("deps"), range, { email: staffEmail(c) });
    return c.body(csv.body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payments-${csv.from}-to-${csv.to}.csv"`,
    });
  }
  const result = await exportPayments(c.get("deps"), range, { email: staffEmail(c), format });
  return c.json({
    from: result.from,
    to: result.to,
    paymentCount: result.paymentCount,
    totals: {
      amount_applied: centsToPlain(result.totals.amountAppliedCents),
      amount_refunded: centsToPlain(result.totals.amountRefundedCents),
      fee: centsToPlain(result.totals.feeCents),
      fee_refunded: centsToPlain(result.totals.feeRefundedCents),
    },
    rows: result.rows,
  });
});

staffRoutes.route("/api", staffOpsApi);
staffRoutes.route("/api", api);
staffRoutes.route("/", staffOpsRoutes);
