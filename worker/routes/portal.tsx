// Steps 3-4 and invoice PDFs, all scoped to the session's client.
import { Hono } from "hono/quick";
import { ItemsPage, SelectionTotal } from "../../ui/pages/ItemsPage";
import { SummaryPage } from "../../ui/pages/SummaryPage";
import { PortalError } from "../http/errors";
import type { AppEnv } from "../http/bindings";
import { requireSession, sessionWith } from "../http/middleware";
import { selectionForm } from "../http/inputs";
import { fragment, invoicePdfResponse, page, pageOrFragment, redirectAfterPost, translate } from "../http/render";
import { valid } from "../http/validate";
import { settleWithLedger } from "../services/checkout";
import { invoicePdfRead, loadPortal, openInvoicePdf, previewSelection, saveSelection } from "../services/portal";

export const portalRoutes = new Hono<AppEnv>();
portalRoutes.use("*", requireSession());

function sessionOf(c: { get(key: "session"): AppEnv["Variables"]["session"] }) {
  const session = c.get("session");
  if (!session) throw new PortalError("session_expired", "no live session");
  return session;
}

portalRoutes.get("/", async (c) => {
  const t = translate(c);
  const before = sessionOf(c);
  // A client coming back after an outage while paying: settle what never reached Stripe now.
  const { session, ledger } = await settleWithLedger(c.get("deps"), before, c.get("ledger"));
  const view = await loadPortal(c.get("deps").db, session.clientId, ledger);
  return page(
    c,
    t("summaryHeading"),
    <SummaryPage
      t={t}
      clientName={view.client.name}
      clientNumber={view.client.number}
      totalOutstandingCents={view.totalOutstandingCents}
      pendingCents={view.pendingCents}
      openItemCount={view.items.length}
      fromLink={session.entry === "link"}
      attemptReleased={session.attemptId !== before.attemptId}
    />,
  );
});

portalRoutes.get("/items", async (c) => {
  const t = translate(c);
  const { session, ledger } = await settleWithLedger(c.get("deps"), sessionOf(c), c.get("ledger"));
  const view = await loadPortal(c.get("deps").db, session.clientId, ledger);
  // A saved selection is restored; otherwise everything payable starts ticked.
  const requested = (session.selection ?? view.items.map((item) => item.id)).map(String);
  const selection = previewSelection(view, requested);
  return page(c, t("itemsHeading"), <ItemsPage t={t} items={view.items} selectedIds={new Set(selection.selectedIds)} totalCents={selection.totalCents} />);
});

portalRoutes.post("/items/total", valid("form", selectionForm), async (c) => {
  const t = translate(c);
  const view = await loadPortal(c.get("deps").db, sessionOf(c).clientId, c.get("ledger"));
  const selection = previewSelection(view, c.req.valid("form").pay);
  return fragment(c, <SelectionTotal t={t} totalCents={selection.totalCents} selectedCount={selection.selectedIds.length} itemCount={view.items.length} />);
});

portalRoutes.post("/items", valid("form", selectionForm), async (c) => {
  const t = translate(c);
  const session = sessionOf(c);
  const { db } = c.get("deps");
  const view = await loadPortal(db, session.clientId, c.get("ledger"));
  const form = c.req.valid("form");
  const requested = form.pay;
  const renderList = (status: 200 | 422, error?: string) => {
    const selection = previewSelection(view, requested);
    return pageOrFragment(
      c,
      t("itemsHeading"),
      <ItemsPage t={t} items={view.items} selectedIds={new Set(selection.selectedIds)} totalCents={selection.totalCents} error={error} />,
      status,
    );
  };
  // Without JavaScript, "Update total" posts the form to recompute.
  if (form.action === "update") return renderList(200);
  try {
    await saveSelection(db, session.id, view, requested);
  } catch (error) {
    if (error instanceof PortalError && error.code === "validation") return renderList(422, t("errorNothingSelected"));
    throw error;
  }
  return redirectAfterPost(c, "/portal/pay");
});

// The idle warning's "Stay signed in": the session middleware moves the idle clock on every
// post, in its own batch; nothing more to do here.
portalRoutes.post("/keepalive", (c) => {
  sessionOf(c);
  return c.body(null, 204);
});

portalRoutes.get("/invoices/:file{4\\d{5}\\.pdf}", async (c) => {
  const invoiceNumber = c.req.param("file").slice(0, 6);
  const { part: key } = await sessionWith(c, invoicePdfRead(invoiceNumber));
  const pdf = await openInvoicePdf(c.env.PDFS, key);
  return invoicePdfResponse(pdf, invoiceNumber, c.req.query("download") === "1");
});
