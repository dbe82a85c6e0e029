// The client's own records: "Your payments", a receipt copy by email, the statement of account.
// Routes parse, call one verb of worker/services/self-service.ts, render.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { PaymentsList, PaymentsPage, type HistoryRow } from "../../ui/pages/PaymentsPage";
import { StatementPage } from "../../ui/pages/StatementPage";
import { statementDocument } from "../../ui/statement-document";
import { PortalError } from "../http/errors";
import { firmTimeZone, type AppEnv } from "../http/bindings";
import { requireSession, sessionWith } from "../http/middleware";
import { historyQuery, receiptCopyForm } from "../http/inputs";
import { fragment, isHtmx, page, redirectAfterPost, translate } from "../http/render";
import { valid } from "../http/validate";
import { newCopyRequestId, paymentHistoryRead, requestReceiptCopy, statementRead } from "../services/self-service";
import type { SessionRecord } from "../services/sessions";

export const selfServiceRoutes = new Hono<AppEnv>();
selfServiceRoutes.use("*", requireSession());

type Ctx = Context<AppEnv>;

function session(c: Ctx): SessionRecord {
  const value = c.get("session");
  if (!value) throw new PortalError("session_expired", "no live session");
  return value;
}

selfServiceRoutes.get("/payments", valid("query", historyQuery), async (c) => {
  const t = translate(c);
  const { part: history } = await sessionWith(c, paymentHistoryRead(c.get("deps").now(), c.req.valid("query").page));
  const rows: HistoryRow[] = history.payments;
  // The list polls itself while a payment is at the bank: htmx gets the list alone.
  if (isHtmx(c)) return fragment(c, <PaymentsList t={t} rows={rows} window={history.window} />);
  const client = history.client;
  return page(
    c,
    t("paymentsHeading"),
    <PaymentsPage t={t} clientName={client?.name ?? ""} clientNumber={client?.number ?? ""} rows={rows} window={history.window} />,
  );
});

selfServiceRoutes.post("/payments/:id/receipt-copy", valid("form", receiptCopyForm), async (c) => {
  const paymentId = c.req.param("id");
  // A form without a valid id (an old page, a hand-made post) still gets one copy at most per post.
  const requestId = c.req.valid("form").requestId ?? newCopyRequestId();
  const result = await requestReceiptCopy(c.get("deps").db, {
    clientId: session(c).clientId,
    paymentId,
    requestId,
    language: c.get("language"),
    now: c.get("deps").now(),
  });
  return redirectAfterPost(c, `/portal/payments/${encodeURIComponent(paymentId)}?copy=${result === "limited" ? "limited" : "sent"}`);
});

async function statement(c: Ctx) {
  const t = translate(c);
  const { part: view } = await sessionWith(c, statementRead(c.get("deps").now(), firmTimeZone(c.env)));
  return {
    view,
    doc: statementDocument({ t, firmName: c.env.FIRM_NAME, firmDomain: c.env.FIRM_DOMAIN, client: view.client, statement: view.statement }),
  };
}

selfServiceRoutes.get("/statement", async (c) => {
  const { doc } = await statement(c);
  return page(c, translate(c)("statementHeading"), <StatementPage t={translate(c)} doc={doc} />);
});

selfServiceRoutes.get("/statement.pdf", async (c) => {
  const { view, doc } = await statement(c);
  // Set by the staff Worker (worker/staff-index.ts PdfRenderer) from the document this page shows.
  const bytes = await c.env.PDF_RENDERER.textDocument(doc);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="Statement-${view.client.number}-${view.statement.today}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
