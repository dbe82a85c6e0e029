// Staff operations over HTTP: search, paged payments, client and payment pages, refunds,
// receipt resends and cancels; pages under /staff and the same through /staff/api as JSON.
// Mounted inside staffRoutes, so Cloudflare Access (requireStaff) guards every route here.
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { ClientPage, DepositPage, DepositsPage, PaymentPage, PaymentsListPage, SearchPage } from "../../ui/pages/staff/StaffOps";
import { depositCsv, listDeposits, loadDeposit } from "../services/deposits";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../domain/cursor";
import type { MessageKey } from "../../ui/i18n";
import { parseListQuery } from "../domain/cursor";
import { PortalError } from "../domain/errors";
import { formatCents, parseAmount } from "../domain/money";
import { isClientNumber } from "../domain/numbers";
import { PAYMENT_STATUSES } from "../domain/payment-status";
import { StaffOpError } from "../domain/staff-refunds";
import { firmTimeZone, type AppEnv } from "../env";
import { redirectAfterPost, staffPage, translate } from "../http/render";
import { newSessionId } from "../services/sessions";
import { cancelPayment, listPayments, loadClientView, loadPaymentView, requestRefund, resendReceipt, searchEverything, type RefundRequest } from "../services/staff-ops";

type Ctx = Context<AppEnv>;

export const staffOpsRoutes = new Hono<AppEnv>();
export const staffOpsApi = new Hono<AppEnv>();

function actor(c: Ctx) {
  const staff = c.get("staff");
  if (!staff) throw new Error("staff route without requireStaff()");
  return { email: staff.email };
}

const REASONS: RefundRequest["reason"][] = ["requested_by_customer", "duplicate", "fraudulent"];

const ERROR_KEYS: Record<StaffOpError["code"], MessageKey> = {
  not_settled: "opsErrNotSettled",
  nothing_left: "opsErrNothingLeft",
  too_much: "opsErrTooMuch",
  zero: "opsErrZero",
  stripe_refused: "opsErrStripeRefused",
  provider_unavailable: "opsErrProvider",
  no_receipt: "opsErrNoReceipt",
  no_address: "opsErrNoAddress",
  not_cancellable: "opsErrNotCancellable",
  stripe_refused_cancel: "opsErrStripeRefusedCancel",
};

const ERROR_STATUS: Record<StaffOpError["code"], 409 | 422 | 503> = {
  not_settled: 409,
  nothing_left: 409,
  too_much: 422,
  zero: 422,
  stripe_refused: 409,
  provider_unavailable: 503,
  no_receipt: 409,
  no_address: 422,
  not_cancellable: 409,
  stripe_refused_cancel: 409,
};

function errorMessage(c: Ctx, error: StaffOpError): string {
  const text = translate(c)(ERROR_KEYS[error.code], { amount: formatCents(error.leftCents) });
  return error.providerMessage ? `${text} (Stripe: ${error.providerMessage})` : text;
}

/** Amount typed by staff: empty means "the rest"; anything else must parse to cents. */
function parseRefundAmount(value: unknown): { ok: true; cents: number | null } | { ok: false } {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : value === undefined || value === null ? "" : null;
  if (text === null) return { ok: false };
  if (!text.trim()) return { ok: true, cents: null };
  const parsed = parseAmount(text);
  return parsed.ok ? { ok: true, cents: parsed.cents } : { ok: false };
}

function parseReason(value: unknown): RefundRequest["reason"] | null {
  if (value === undefined || value === null || value === "") return "requested_by_customer";
  return REASONS.find((r) => r === value) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Pages

staffOpsRoutes.get("/search", async (c) => {
  const answer = await searchEverything(c.get("deps"), c.req.query("q") ?? "");
  return staffPage(c, actor(c).email, translate(c)("opsSearchHeading"), <SearchPage t={translate(c)} answer={answer} timeZone={firmTimeZone(c.env)} />);
});

staffOpsRoutes.get("/payments", async (c) => {
  const t = translate(c);
  const params = c.req.query();
  const parsed = parseListQuery(params, PAYMENT_STATUSES);
  const filter = { status: params.status ?? "", from: params.from ?? "", to: params.to ?? "", limit: params.limit ?? "" };
  if (!parsed.ok) {
    return staffPage(c, actor(c).email, t("opsPaymentsHeading"), <PaymentsListPage t={t} rows={[]} nextCursor={null} filter={filter} errors={parsed.errors} timeZone={firmTimeZone(c.env)} />, 422);
  }
  const page = await listPayments(c.get("deps"), parsed.query);
  return staffPage(c, actor(c).email, t("opsPaymentsHeading"), <PaymentsListPage t={t} rows={page.rows} nextCursor={page.nextCursor} filter={filter} errors={{}} timeZone={firmTimeZone(c.env)} />);
});

staffOpsRoutes.get("/clients/:number", async (c) => {
  const number = c.req.param("number");
  if (!isClientNumber(number)) throw new PortalError("not_found", "no such client");
  const view = await loadClientView(c.get("deps"), number);
  return staffPage(c, actor(c).email, view.client.name, <ClientPage t={translate(c)} view={view} timeZone={firmTimeZone(c.env)} />);
});

async function renderPayment(c: Ctx, id: string, options: { notice?: string; error?: string; refundValue?: string; status?: 200 | 409 | 422 | 503 } = {}) {
  const t = translate(c);
  const view = await loadPaymentView(c.get("deps"), id);
  return staffPage(
    c,
    actor(c).email,
    t("opsPaymentHeading"),
    <PaymentPage t={t} view={view} timeZone={firmTimeZone(c.env)} formKey={newSessionId()} notice={options.notice} error={options.error} refundValue={options.refundValue} />,
    options.status ?? 200,
  );
}

const NOTICES: Record<string, MessageKey> = { refund: "opsRefundRequested", receipt: "opsReceiptQueued", cancel: "opsCanceled" };

staffOpsRoutes.get("/payments/:id", (c) => {
  const done = NOTICES[c.req.query("done") ?? ""];
  return renderPayment(c, c.req.param("id"), { notice: done ? translate(c)(done) : undefined });
});

staffOpsRoutes.post("/payments/:id/refunds", async (c) => {
  const id = c.req.param("id");
  const form = await c.req.parseBody();
  const amount = parseRefundAmount(form.amount);
  const reason = parseReason(form.reason);
  const key = typeof form.key === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(form.key) ? form.key : null;
  if (!amount.ok || !reason || !key) {
    return renderPayment(c, id, { error: translate(c)("opsErrAmountFormat"), refundValue: String(form.amount ?? ""), status: 422 });
  }
  try {
    await requestRefund(c.get("deps"), id, { amountCents: amount.cents, reason, requestKey: key }, actor(c));
  } catch (error) {
    if (error instanceof StaffOpError) return renderPayment(c, id, { error: errorMessage(c, error), refundValue: String(form.amount ?? ""), status: ERROR_STATUS[error.code] });
    throw error;
  }
  return redirectAfterPost(c, `/staff/payments/${encodeURIComponent(id)}?done=refund`);
});

staffOpsRoutes.post("/payments/:id/receipt", async (c) => {
  const id = c.req.param("id");
  const form = await c.req.parseBody();
  const key = typeof form.key === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(form.key) ? form.key : newSessionId();
  try {
    await resendReceipt(c.get("deps"), id, { to: typeof form.to === "string" ? form.to : null, requestKey: key }, actor(c));
  } catch (error) {
    if (error instanceof StaffOpError) return renderPayment(c, id, { error: errorMessage(c, error), status: ERROR_STATUS[error.code] });
    if (error instanceof PortalError && error.code === "validation") return renderPayment(c, id, { error: translate(c)("opsErrEmail"), status: 422 });
    throw error;
  }
  return redirectAfterPost(c, `/staff/payments/${encodeURIComponent(id)}?done=receipt`);
});

staffOpsRoutes.post("/payments/:id/cancel", async (c) => {
  const id = c.req.param("id");
  try {
    await cancelPayment(c.get("deps"), id, actor(c));
  } catch (error) {
    if (error instanceof StaffOpError) return renderPayment(c, id, { error: errorMessage(c, error), status: ERROR_STATUS[error.code] });
    throw error;
  }
  return redirectAfterPost(c, `/staff/payments/${encodeURIComponent(id)}?done=cancel`);
});

// ---------------------------------------------------------------------------------------------
// JSON API

function apiError(c: Ctx, error: StaffOpError) {
  return c.json({ error: error.code, message: errorMessage(c, error), refundable: formatCents(error.leftCents) }, ERROR_STATUS[error.code]);
}

staffOpsApi.get("/search", async (c) => {
  const answer = await searchEverything(c.get("deps"), c.req.query("q") ?? "");
  return c.json({
    query: answer.query,
    moreClients: answer.moreClients,
    results: answer.results.map((r) => ("createdAt" in r ? { ...r, createdAt: new Date(r.createdAt).toISOString() } : "submittedAt" in r ? { ...r, submittedAt: new Date(r.submittedAt).toISOString() } : r)),
  });
});

staffOpsApi.get("/payments/list", async (c) => {
  const parsed = parseListQuery(c.req.query(), PAYMENT_STATUSES);
  if (!parsed.ok) return c.json({ error: "validation", details: parsed.errors }, 422);
  const page = await listPayments(c.get("deps"), parsed.query);
  return c.json({ payments: page.rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })), next_cursor: page.nextCursor });
});

staffOpsApi.get("/clients/:number", async (c) => {
  const number = c.req.param("number");
  if (!isClientNumber(number)) throw new PortalError("not_found", "no such client");
  return c.json(await loadClientView(c.get("deps"), number));
});

staffOpsApi.get("/payments/:id", async (c) => {
  const view = await loadPaymentView(c.get("deps"), c.req.param("id"));
  const zone = firmTimeZone(c.env);
  return c.json({ ...view, timeZone: zone, timeline: view.timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) });
});

staffOpsApi.post("/payments/:id/refunds", async (c) => {
  let body: Record<string, unknown>;
  try {
    body = (await c.req.json()) as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (typeof body !== "object" || body === null) body = {};
  const amount = parseRefundAmount(body.amount);
  const reason = parseReason(body.reason);
  if (!amount.ok || !reason) return c.json({ error: "validation", details: { ...(amount.ok ? {} : { amount: "an amount like \"1,000.00\", or empty for the rest" }), ...(reason ? {} : { reason: REASONS.join(", ") }) } }, 422);
  const header = c.req.header("Idempotency-Key") ?? "";
  if (header && !/^[A-Za-z0-9_-]{8,100}$/.test(header)) return c.json({ error: "validation", details: { "Idempotency-Key": "8 to 100 letters, digits, - or _" } }, 422);
  try {
    const id = c.req.param("id");
    // Without a key, a retry of the same request before the webhook lands asks Stripe for the same refund.
    const payment = await loadPaymentView(c.get("deps"), id);
    const requestKey = header || `${amount.cents ?? "rest"}-${payment.payment.refundedCents}-${payment.payment.disputedCents}`;
    const result = await requestRefund(c.get("deps"), id, { amountCents: amount.cents, reason, requestKey }, actor(c));
    return c.json({ refund: { id: result.refundId, status: result.status, amount: formatCents(result.amountCents), amountCents: result.amountCents, feePartCents: result.feePartCents, itemsPartCents: result.itemsPartCents } }, 202);
  } catch (error) {
    if (error instanceof StaffOpError) return apiError(c, error);
    throw error;
  }
});

staffOpsApi.post("/payments/:id/receipt", async (c) => {
  let body: Record<string, unknown> = {};
  try {
    body = ((await c.req.json()) as Record<string, unknown>) ?? {};
  } catch {
    body = {};
  }
  try {
    const result = await resendReceipt(c.get("deps"), c.req.param("id"), { to: typeof body.to === "string" ? body.to : null, requestKey: c.req.header("Idempotency-Key") || newSessionId() }, actor(c));
    return c.json(result, 202);
  } catch (error) {
    if (error instanceof StaffOpError) return apiError(c, error);
    throw error;
  }
});

staffOpsApi.post("/payments/:id/cancel", async (c) => {
  try {
    return c.json(await cancelPayment(c.get("deps"), c.req.param("id"), actor(c)));
  } catch (error) {
    if (error instanceof StaffOpError) return apiError(c, error);
    throw error;
  }
});

// ---------------------------------------------------------------------------------------------
// Deposits (Stripe payouts)

/** ?limit= and ?cursor= (a payout id) for the deposits list; null when malformed. */
function depositQuery(c: Ctx): { limit: number; startingAfter: string | null } | null {
  const limitText = c.req.query("limit");
  const limit = limitText ? Number(limitText) : DEFAULT_PAGE_SIZE;
  const cursor = c.req.query("cursor") || null;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) return null;
  if (cursor && !/^po_[A-Za-z0-9]{4,250}$/.test(cursor)) return null;
  return { limit, startingAfter: cursor };
}

staffOpsRoutes.get("/deposits", async (c) => {
  const query = depositQuery(c);
  if (!query) throw new PortalError("validation", "bad limit or cursor");
  const page = await listDeposits(c.get("deps"), query);
  return staffPage(c, actor(c).email, translate(c)("opsDepositsHeading"), <DepositsPage t={translate(c)} payouts={page.payouts} nextCursor={page.nextCursor} timeZone={firmTimeZone(c.env)} />);
});

staffOpsRoutes.get("/deposits/:id", async (c) => {
  const deposit = await loadDeposit(c.get("deps"), c.req.param("id"));
  return staffPage(c, actor(c).email, translate(c)("opsDepositHeading"), <DepositPage t={translate(c)} deposit={deposit} timeZone={firmTimeZone(c.env)} />);
});

staffOpsApi.get("/deposits", async (c) => {
  const query = depositQuery(c);
  if (!query) return c.json({ error: "validation", details: { limit: `1 to ${MAX_PAGE_SIZE}`, cursor: "a payout id from this list" } }, 422);
  const page = await listDeposits(c.get("deps"), query);
  return c.json({
    deposits: page.payouts.map((p) => ({ ...p, created: new Date(p.created).toISOString(), arrivalDate: new Date(p.arrivalDate).toISOString() })),
    next_cursor: page.nextCursor,
  });
});

staffOpsApi.get("/deposits/:id", async (c) => {
  if (c.req.query("format") === "csv") {
    const csv = await depositCsv(c.get("deps"), c.req.param("id"), actor(c));
    return c.body("\uFEFF" + csv, 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="deposit-${c.req.param("id")}.csv"` });
  }
  const deposit = await loadDeposit(c.get("deps"), c.req.param("id"));
  return c.json({ ...deposit, arrivalDate: new Date(deposit.arrivalDate).toISOString() });
});
