// Steps 5-8 and the payment result, scoped to the session's client. Routes parse, call one
// verb, render; every figure comes from worker/services/checkout.ts.
import { Hono, type Context } from "hono";
import type { AmountError } from "../domain/amounts";
import { PortalError } from "../domain/errors";
import { formatRate } from "../domain/fees";
import type { MessageKey } from "../../ui/i18n";
import { AmountsForm, AmountsPage } from "../../ui/pages/AmountsPage";
import { DetailsPage } from "../../ui/pages/DetailsPage";
import { MethodPage } from "../../ui/pages/MethodPage";
import { PaymentStatusPanel, type PaymentSummary } from "../../ui/pages/PaymentResultPage";
import { ReviewPage } from "../../ui/pages/ReviewPage";
import { renderReceiptPdf } from "../../ui/receipt-pdf";
import { stripeJsUrl, type AppEnv } from "../env";
import { requireSession } from "../http/middleware";
import { fragment, isHtmx, page, pageOrFragment, redirectAfterPost, translate } from "../http/render";
import {
  buildReview,
  chooseMethod,
  confirmPayment,
  currentAmounts,
  loadCheckout,
  methodChoice,
  previewAmounts,
  refreshPayment,
  saveAmounts,
  saveDetails,
  type CheckoutView,
  type Review,
} from "../services/checkout";
import { findClientById } from "../storage/items-repo";
import { findPaymentForClient, listAllocations, type PaymentRecord } from "../storage/payments-repo";
import type { SessionRecord } from "../storage/sessions-repo";

export const payRoutes = new Hono<AppEnv>();
payRoutes.use("*", requireSession());

type Ctx = Context<AppEnv>;

function session(c: Ctx): SessionRecord {
  const value = c.get("session");
  if (!value) throw new PortalError("session_expired", "no live session");
  return value;
}

function rate(c: Ctx): string {
  return formatRate(c.get("deps").feePolicy.surchargeBps);
}

/** Without a saved selection the payment steps have nothing to pay: back to the list. */
async function checkoutOrBack(c: Ctx): Promise<CheckoutView | Response> {
  try {
    return await loadCheckout(c.get("deps").db, session(c));
  } catch (error) {
    if (error instanceof PortalError && error.code === "validation") return redirectAfterPost(c, "/portal/items");
    throw error;
  }
}

// Step 5
payRoutes.get("/pay", async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const policy = c.get("deps").feePolicy;
  const choice = methodChoice(view, policy);
  return page(
    c,
    t("methodHeading"),
    <MethodPage t={t} itemCount={view.selected.length} subtotalCents={choice.subtotalCents} card={choice.card} rate={rate(c)} surchargeEnabled={policy.surchargeEnabled} />,
  );
});

payRoutes.post("/pay", async (c) => {
  const form = await c.req.parseBody();
  await chooseMethod(c.get("deps").db, session(c), String(form.method ?? ""));
  return redirectAfterPost(c, "/portal/amounts");
});

// Step 6
function typedAmounts(view: CheckoutView, form: Record<string, unknown>): Map<number, string> {
  return new Map(view.selected.map((item) => [item.id, String(form[`amount-${item.id}`] ?? "").slice(0, 32)]));
}

payRoutes.get("/amounts", async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  if (!session(c).payMethod) return c.redirect("/portal/pay", 303);
  const typed = currentAmounts(view, session(c));
  const preview = previewAmounts(view, typed, c.get("deps").feePolicy);
  const notice = c.req.query("problem") ? t(problemKey(c.req.query("problem"))) : undefined;
  return page(
    c,
    t("amountsHeading"),
    <AmountsPage t={t} items={view.selected} typed={typed} errors={preview.errors} subtotalCents={preview.subtotalCents} cardQuote={session(c).payMethod === "card" ? preview.cardQuote : null} notice={notice} />,
  );
});

payRoutes.post("/amounts/preview", async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const typed = typedAmounts(view, await c.req.parseBody());
  const preview = previewAmounts(view, typed, c.get("deps").feePolicy);
  return fragment(
    c,
    <AmountsForm t={t} items={view.selected} typed={typed} errors={preview.errors} subtotalCents={preview.subtotalCents} cardQuote={session(c).payMethod === "card" ? preview.cardQuote : null} />,
  );
});

payRoutes.post("/amounts", async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const typed = typedAmounts(view, await c.req.parseBody());
  if (await saveAmounts(c.get("deps").db, session(c), view, typed)) return redirectAfterPost(c, "/portal/details");
  const preview = previewAmounts(view, typed, c.get("deps").feePolicy);
  const props = { t, items: view.selected, typed, errors: preview.errors as Map<number, AmountError>, subtotalCents: preview.subtotalCents, cardQuote: session(c).payMethod === "card" ? preview.cardQuote : null };
  return isHtmx(c) ? fragment(c, <AmountsForm {...props} />, 422) : page(c, t("amountsHeading"), <AmountsPage {...props} />, 422);
});

// Step 7
function renderDetails(c: Ctx, view: CheckoutView, options: { error?: string; email?: string; status?: 200 | 422 } = {}) {
  const t = translate(c);
  const current = session(c);
  const subtotal = (current.amounts ?? []).reduce((sum, a) => sum + a.cents, 0);
  return page(
    c,
    t("detailsHeading"),
    <DetailsPage
      t={t}
      method={current.payMethod ?? "card"}
      subtotalCents={subtotal}
      rate={rate(c)}
      publishableKey={c.env.STRIPE_PUBLISHABLE_KEY}
      stripeJsUrl={stripeJsUrl(c.env)}
      email={options.email ?? current.receiptEmail ?? ""}
      error={options.error}
      nonce={c.get("secureHeadersNonce")}
    />,
    options.status ?? 200,
  );
}

payRoutes.get("/details", async (c) => {
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  if (!session(c).payMethod) return c.redirect("/portal/pay", 303);
  if (!session(c).amounts) return c.redirect("/portal/amounts", 303);
  const problem = c.req.query("problem");
  return renderDetails(c, view, { error: problem ? translate(c)(problemKey(problem)) : undefined });
});

payRoutes.post("/details", async (c) => {
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const form = await c.req.parseBody();
  const email = String(form.email ?? "").slice(0, 254);
  const saved = await saveDetails(c.get("deps").db, session(c), { email, confirmationToken: String(form.confirmationToken ?? "") });
  if (!saved.ok) return renderDetails(c, view, { error: translate(c)(saved.error), email, status: 422 });
  return redirectAfterPost(c, "/portal/review");
});

// Step 8
function renderReview(c: Ctx, review: Review, options: { notice?: string; retry?: boolean } = {}) {
  const t = translate(c);
  return pageOrFragment(
    c,
    t("reviewHeading"),
    <ReviewPage t={t} lines={review.lines} method={review.method} quote={review.quote} attemptId={review.attemptId} receiptEmail={review.receiptEmail} rate={rate(c)} notice={options.notice} retry={options.retry} />,
  );
}

const STEP_PATHS = { items: "/portal/items", amounts: "/portal/amounts", details: "/portal/details" } as const;

function problemKey(problem: string | undefined): MessageKey {
  const known: MessageKey[] = ["errorAmountsChanged", "errorDetailsExpired", "errorMethodMismatch", "errorPaymentDetailsMissing", "errorAlreadyPaid", "errorProviderUnavailable"];
  return known.find((key) => key === problem) ?? "requestFailed";
}

payRoutes.get("/review", async (c) => {
  const result = await buildReview(c.get("deps"), session(c));
  if (result.kind === "back") return c.redirect(`${STEP_PATHS[result.step]}?problem=${result.message}`, 303);
  return renderReview(c, result.review);
});

payRoutes.get("/confirm", (c) => c.redirect("/portal/review", 303));

payRoutes.post("/confirm", async (c) => {
  const t = translate(c);
  const form = await c.req.parseBody();
  const expected = Number(form.expectedTotalCents);
  const client = await findClientById(c.get("deps").db, session(c).clientId);
  const result = await confirmPayment(c.get("deps"), session(c), {
    expectedTotalCents: Number.isSafeInteger(expected) ? expected : -1,
    attemptId: String(form.attemptId ?? "").slice(0, 100),
    language: c.get("language"),
    returnUrl: new URL("/portal/review", c.req.url).toString(),
    clientNumber: client?.number ?? "",
  });
  switch (result.kind) {
    case "paid":
      return redirectAfterPost(c, `/portal/payments/${result.paymentId}`);
    case "changed":
      return renderReview(c, result.review, { notice: t("reviewChanged") });
    case "back":
      return redirectAfterPost(c, `${STEP_PATHS[result.step]}?problem=${result.message}`);
    case "unavailable": {
      const review = await buildReview(c.get("deps"), session(c)).catch(() => null);
      if (review?.kind === "review") {
        const retryable = result.paymentId ? { ...review.review, attemptId: result.paymentId } : review.review;
        return renderReview(c, retryable, { notice: t("providerUnavailableRetry"), retry: true });
      }
      return redirectAfterPost(c, `/portal/details?problem=errorProviderUnavailable`);
    }
  }
});

// Results
async function summarize(c: Ctx, payment: PaymentRecord): Promise<PaymentSummary> {
  const allocations = await listAllocations(c.get("deps").db, payment.id);
  return {
    id: payment.id,
    status: payment.status,
    method: payment.method,
    methodLabel: payment.methodLabel,
    cardFunding: payment.cardFunding,
    quote: { subtotalCents: payment.subtotalCents, feeCents: payment.feeCents, totalCents: payment.totalCents },
    refundedCents: payment.refundedCents,
    receiptEmail: payment.receiptEmail,
    reference: payment.stripePaymentIntentId,
    createdAt: payment.createdAt,
    failureCode: payment.failureCode,
    lines: allocations.map((a) => ({ kind: a.kind, invoiceNumber: a.invoiceNumber, cents: a.amountCents })),
  };
}

async function paymentPanel(c: Ctx, paymentId: string) {
  const t = translate(c);
  const payment = await findPaymentForClient(c.get("deps").db, session(c).clientId, paymentId);
  if (!payment) throw new PortalError("not_found", "no such payment");
  let clientSecret: string | null = null;
  if (payment.status === "requires_action" && payment.stripePaymentIntentId) {
    // Only the owning session sees the client secret, only while the bank asks for confirmation.
    const live = await c.get("deps").gateway.retrievePayment(payment.stripePaymentIntentId);
    clientSecret = live.clientSecret;
  }
  return (
    <PaymentStatusPanel t={t} payment={await summarize(c, payment)} publishableKey={c.env.STRIPE_PUBLISHABLE_KEY} clientSecret={clientSecret} stripeJsUrl={stripeJsUrl(c.env)} />
  );
}

payRoutes.get("/payments/:id", async (c) => {
  const t = translate(c);
  return page(c, t("reviewHeading"), await paymentPanel(c, c.req.param("id")));
});

payRoutes.get("/payments/:id/receipt.pdf", async (c) => {
  const { db } = c.get("deps");
  const payment = await findPaymentForClient(db, session(c).clientId, c.req.param("id"));
  // Only money actually received (or on its way by ACH) gets a receipt.
  if (!payment || (payment.status !== "succeeded" && payment.status !== "processing")) throw new PortalError("not_found", "no receipt");
  const client = await findClientById(db, payment.clientId);
  const bytes = await renderReceiptPdf({
    t: translate(c),
    firmName: c.env.FIRM_NAME,
    firmDomain: c.env.FIRM_DOMAIN,
    clientName: client?.name ?? "",
    clientNumber: client?.number ?? "",
    payment: await summarize(c, payment),
  });
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="Receipt-${payment.stripePaymentIntentId ?? payment.id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});

payRoutes.get("/payments/:id/status", async (c) => fragment(c, await paymentPanel(c, c.req.param("id"))));

payRoutes.post("/payments/:id/refresh", async (c) => {
  const payment = await refreshPayment(c.get("deps"), session(c).clientId, c.req.param("id"));
  return redirectAfterPost(c, `/portal/payments/${payment.id}`);
});
