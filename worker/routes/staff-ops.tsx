// Staff operations over HTTP: search, paged payments, client and payment pages, refunds,
// receipt resends and cancels; pages under /staff and the same through /staff/api as JSON.
// Mounted inside staffRoutes, so Cloudflare Access (requireStaff) guards every route here.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { ClientPage } from "../../ui/pages/staff/ClientPage";
import { DepositPage, DepositsPage } from "../../ui/pages/staff/DepositsPage";
import { PaymentPage } from "../../ui/pages/staff/PaymentPage";
import { PaymentsListPage } from "../../ui/pages/staff/PaymentsListPage";
import { SearchPage } from "../../ui/pages/staff/SearchPage";
import { staffDeps } from "../http/staff-gateway";
import { depositCsv, listDeposits, loadDeposit } from "../services/deposits";
import type { MessageKey } from "../../ui/i18n";
import { staffOutcomeMessage } from "../../ui/staff-outcome-messages";
import { errorStatus } from "../http/errors";
import { PortalError, StaffOpError } from "../http/errors";
import { formatCents } from "../../ui/format";
import { firmTimeZone, type AppEnv } from "../http/bindings";
import { clientParam, depositsQuery, paymentListQuery, receiptForm, receiptJson, refundForm, refundJson, searchQuery } from "../http/staff-inputs";
import { invoicePdfResponse, listFilterValues, redirectAfterPost } from "../http/render";
import { listQueryRefused, staffPage, translate } from "../http/staff-render";
import { valid } from "../http/validate";
import { newSessionId } from "../services/sessions";
import {
  cancelPayment,
  listPayments,
  loadClientView,
  loadPaymentView,
  openStaffInvoicePdf,
  requestRefund,
  resendReceipt,
  searchEverything,
} from "../services/staff-ops";

type Ctx = Context<AppEnv>;

export const staffOpsRoutes = new Hono<AppEnv>();
export const staffOpsApi = new Hono<AppEnv>();

function actor(c: Ctx) {
  const staff = c.get("staff");
  if (!staff) throw new Error("staff route without requireStaff()");
  return { email: staff.email };
}

function errorMessage(c: Ctx, error: StaffOpError): string {
  const text = staffOutcomeMessage(translate(c), error.code, { amount: formatCents(error.leftCents) });
  return error.providerMessage ? `${text} (Stripe: ${error.providerMessage})` : text;
}

/** Missing and malformed read the same: no such client. */
const noSuchClient = (): never => {
  throw new PortalError("not_found", "no such client");
};

// ---------------------------------------------------------------------------------------------
// Pages

staffOpsRoutes.get("/search", valid("query", searchQuery), async (c) => {
  const answer = await searchEverything(c.get("deps"), c.req.valid("query").q);
  return staffPage(c, actor(c).email, translate(c)("opsSearchHeading"), <SearchPage t={translate(c)} answer={answer} timeZone={firmTimeZone(c.env)} />);
});

staffOpsRoutes.get("/payments", valid("query", paymentListQuery), async (c) => {
  const t = translate(c);
  const { params, parsed } = c.req.valid("query");
  const filter = listFilterValues(params);
  if (!parsed.ok) {
    return staffPage(
      c,
      actor(c).email,
      t("opsPaymentsHeading"),
      <PaymentsListPage t={t} rows={[]} nextCursor={null} filter={filter} errors={parsed.errors} timeZone={firmTimeZone(c.env)} />,
      422,
    );
  }
  const page = await listPayments(c.get("deps"), parsed.query);
  return staffPage(
    c,
    actor(c).email,
    t("opsPaymentsHeading"),
    <PaymentsListPage t={t} rows={page.rows} nextCursor={page.nextCursor} filter={filter} errors={{}} timeZone={firmTimeZone(c.env)} />,
  );
});

staffOpsRoutes.get("/clients/:number", valid("param", clientParam, noSuchClient), async (c) => {
  const number = c.req.valid("param").number;
  const view = await loadClientView(c.get("deps"), number);
  return staffPage(c, actor(c).email, view.client.name, <ClientPage t={translate(c)} view={view} timeZone={firmTimeZone(c.env)} />);
});

// An e-invoice's PDF as the client sees it; a paper invoice, or one whose PDF is not loaded, is 404.
staffOpsRoutes.get("/invoices/:file{4\\d{5}\\.pdf}", async (c) => {
  const invoiceNumber = c.req.param("file").slice(0, 6);
  const pdf = await openStaffInvoicePdf(c.get("deps").db, c.env.PDFS, invoiceNumber);
  return invoicePdfResponse(pdf, invoiceNumber, c.req.query("download") === "1");
});

async function renderPayment(c: Ctx, id: string, options: { notice?: string; error?: string; refundValue?: string; status?: 200 | 409 | 422 | 503 } = {}) {
  const t = translate(c);
  const view = await loadPaymentView(c.get("deps"), id);
  return staffPage(
    c,
    actor(c).email,
    t("opsPaymentHeading"),
    <PaymentPage
      t={t}
      view={view}
      timeZone={firmTimeZone(c.env)}
      formKey={newSessionId()}
      notice={options.notice}
      error={options.error}
      refundValue={options.refundValue}
    />,
    options.status ?? 200,
  );
}

const NOTICES: Record<string, MessageKey> = { refund: "opsRefundRequested", receipt: "opsReceiptQueued", cancel: "opsCanceled" };

staffOpsRoutes.get("/payments/:id", (c) => {
  const done = NOTICES[c.req.query("done") ?? ""];
  return renderPayment(c, c.req.param("id"), { notice: done ? translate(c)(done) : undefined });
});

/** The amount as typed, to show again beside the error. */
async function typedAmount(c: Ctx): Promise<string> {
  const amount = (await c.req.parseBody()).amount;
  return typeof amount === "string" ? amount : "";
}

const refundRefused = async (c: Ctx) =>
  renderPayment(c, c.req.param("id") ?? "", { error: translate(c)("opsErrAmountFormat"), refundValue: await typedAmount(c), status: 422 });

staffOpsRoutes.post("/payments/:id/refunds", valid("form", refundForm, refundRefused), async (c) => {
  const id = c.req.param("id");
  const { amount, reason, key } = c.req.valid("form");
  try {
    await requestRefund(staffDeps(c), id, { amountCents: amount, reason, requestKey: key }, actor(c));
  } catch (error) {
    if (error instanceof StaffOpError)
      return renderPayment(c, id, { error: errorMessage(c, error), refundValue: await typedAmount(c), status: errorStatus(error.code) });
    throw error;
  }
  return redirectAfterPost(c, `/staff/payments/${encodeURIComponent(id)}?done=refund`);
});

staffOpsRoutes.post("/payments/:id/receipt", valid("form", receiptForm), async (c) => {
  const id = c.req.param("id");
  const form = c.req.valid("form");
  try {
    await resendReceipt(c.get("deps"), id, { to: form.to, requestKey: form.key ?? newSessionId() }, actor(c));
  } catch (error) {
    if (error instanceof StaffOpError) return renderPayment(c, id, { error: errorMessage(c, error), status: errorStatus(error.code) });
    if (error instanceof PortalError && error.code === "validation") return renderPayment(c, id, { error: translate(c)("opsErrEmail"), status: 422 });
    throw error;
  }
  return redirectAfterPost(c, `/staff/payments/${encodeURIComponent(id)}?done=receipt`);
});

staffOpsRoutes.post("/payments/:id/cancel", async (c) => {
  const id = c.req.param("id");
  try {
    await cancelPayment(staffDeps(c), id, actor(c));
  } catch (error) {
    if (error instanceof StaffOpError) return renderPayment(c, id, { error: errorMessage(c, error), status: errorStatus(error.code) });
    throw error;
  }
  return redirectAfterPost(c, `/staff/payments/${encodeURIComponent(id)}?done=cancel`);
});

// ---------------------------------------------------------------------------------------------
// JSON API

function apiError(c: Ctx, error: StaffOpError) {
  return c.json({ error: error.code, message: errorMessage(c, error), refundable: formatCents(error.leftCents) }, errorStatus(error.code));
}

staffOpsApi.get("/search", valid("query", searchQuery), async (c) => {
  const answer = await searchEverything(c.get("deps"), c.req.valid("query").q);
  return c.json({
    query: answer.query,
    moreClients: answer.moreClients,
    morePayments: answer.morePayments,
    results: answer.results.map((r) =>
      "createdAt" in r
        ? { ...r, createdAt: new Date(r.createdAt).toISOString() }
        : "submittedAt" in r
          ? { ...r, submittedAt: new Date(r.submittedAt).toISOString() }
          : r,
    ),
  });
});

staffOpsApi.get("/payments/list", valid("query", paymentListQuery), async (c) => {
  const { parsed } = c.req.valid("query");
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const page = await listPayments(c.get("deps"), parsed.query);
  return c.json({ payments: page.rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })), next_cursor: page.nextCursor });
});

staffOpsApi.get("/clients/:number", valid("param", clientParam, noSuchClient), async (c) => {
  const number = c.req.valid("param").number;
  return c.json(await loadClientView(c.get("deps"), number));
});

staffOpsApi.get("/payments/:id", async (c) => {
  const view = await loadPaymentView(c.get("deps"), c.req.param("id"));
  const zone = firmTimeZone(c.env);
  return c.json({ ...view, timeZone: zone, timeline: view.timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) });
});

staffOpsApi.post("/payments/:id/refunds", valid("json", refundJson), async (c) => {
  const { amount, reason } = c.req.valid("json");
  const header = c.req.header("Idempotency-Key") ?? "";
  if (header && !/^[A-Za-z0-9_-]{8,100}$/.test(header))
    return c.json({ error: "validation", details: { "Idempotency-Key": "8 to 100 letters, digits, - or _" } }, 422);
  try {
    const id = c.req.param("id");
    // Without a key, a retry of the same request before the webhook lands asks Stripe for the same refund.
    const payment = await loadPaymentView(c.get("deps"), id);
    const requestKey = header || `${amount ?? "rest"}-${payment.payment.refundedCents}-${payment.payment.disputedCents}`;
    const result = await requestRefund(staffDeps(c), id, { amountCents: amount, reason, requestKey }, actor(c));
    return c.json(
      {
        refund: {
          id: result.refundId,
          status: result.status,
          amount: formatCents(result.amountCents),
          amountCents: result.amountCents,
          feePartCents: result.feePartCents,
          itemsPartCents: result.itemsPartCents,
        },
      },
      202,
    );
  } catch (error) {
    if (error instanceof StaffOpError) return apiError(c, error);
    throw error;
  }
});

staffOpsApi.post("/payments/:id/receipt", valid("json", receiptJson), async (c) => {
  try {
    const result = await resendReceipt(
      c.get("deps"),
      c.req.param("id"),
      { to: c.req.valid("json").to, requestKey: c.req.header("Idempotency-Key") || newSessionId() },
      actor(c),
    );
    return c.json(result, 202);
  } catch (error) {
    if (error instanceof StaffOpError) return apiError(c, error);
    throw error;
  }
});

staffOpsApi.post("/payments/:id/cancel", async (c) => {
  try {
    return c.json(await cancelPayment(staffDeps(c), c.req.param("id"), actor(c)));
  } catch (error) {
    if (error instanceof StaffOpError) return apiError(c, error);
    throw error;
  }
});

// ---------------------------------------------------------------------------------------------
// Deposits (Stripe payouts)

staffOpsRoutes.get("/deposits", valid("query", depositsQuery), async (c) => {
  const t = translate(c);
  const { params, parsed } = c.req.valid("query");
  const filter = listFilterValues(params);
  if (!parsed.ok) {
    return staffPage(
      c,
      actor(c).email,
      t("opsDepositsHeading"),
      <DepositsPage t={t} payouts={[]} nextCursor={null} filter={filter} errors={parsed.errors} />,
      422,
    );
  }
  const page = await listDeposits(staffDeps(c), parsed.query);
  return staffPage(
    c,
    actor(c).email,
    t("opsDepositsHeading"),
    <DepositsPage t={t} payouts={page.payouts} nextCursor={page.nextCursor} filter={filter} errors={{}} />,
  );
});

staffOpsRoutes.get("/deposits/:id", async (c) => {
  const deposit = await loadDeposit(staffDeps(c), c.req.param("id"));
  return staffPage(c, actor(c).email, translate(c)("opsDepositHeading"), <DepositPage t={translate(c)} deposit={deposit} />);
});

staffOpsApi.get("/deposits", valid("query", depositsQuery), async (c) => {
  const { parsed } = c.req.valid("query");
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const page = await listDeposits(staffDeps(c), parsed.query);
  return c.json({
    deposits: page.payouts.map((p) => ({ ...p, created: new Date(p.created).toISOString(), arrivalDate: new Date(p.arrivalDate).toISOString() })),
    next_cursor: page.nextCursor,
  });
});

staffOpsApi.get("/deposits/:id", async (c) => {
  if (c.req.query("format") === "csv") {
    const csv = await depositCsv(staffDeps(c), c.req.param("id"), actor(c));
    return c.body("\uFEFF" + csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="deposit-${c.req.param("id")}.csv"`,
    });
  }
  const deposit = await loadDeposit(staffDeps(c), c.req.param("id"));
  return c.json({ ...deposit, arrivalDate: new Date(deposit.arrivalDate).toISOString() });
});
