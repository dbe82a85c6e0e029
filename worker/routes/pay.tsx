// Steps 5-8 and the payment result, scoped to the session's client. Routes parse, call one
// verb, render; every figure comes from worker/services/checkout.ts.
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import type { AmountError } from "../domain/amounts";
import { PortalError } from "../domain/errors";
import { formatRate } from "../domain/fees";
import type { MessageKey } from "../../ui/i18n";
import { AmountsForm, AmountsPage } from "../../ui/pages/AmountsPage";
import { DetailsPage } from "../../ui/pages/DetailsPage";
import { MethodPage } from "../../ui/pages/MethodPage";
import { PaymentStatusPanel, type ReceiptCopies } from "../../ui/pages/PaymentResultPage";
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
  refreshReturnedPayment,
  settleStrandedAttempts,
  settleWithLedger,
  saveAmounts,
  saveDetails,
  type CheckoutView,
  type Review,
} from "../services/checkout";
import { RECEIPT_COPY_LIMIT } from "../domain/payment-history";
import { loadReceiptForPdf, loadReceiptView, newCopyRequestId, type ReceiptView } from "../services/self-service";
import { GatewayRequestError, GatewayUnavailableError } from "../domain/gateway-errors";
import { clientNumberOf, type SessionRecord } from "../services/sessions";

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
    return await loadCheckout(c.get("deps").db, session(c), c.get("ledger"));
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
  // Stripe sends the browser back here after a redirect (3D Secure in a full page): show that payment.
  const returnedIntent = c.req.query("payment_intent");
  if (returnedIntent !== undefined) return c.redirect(`/portal/payments/${await paymentForReturn(c, returnedIntent)}`, 303);
  const before = session(c);
  // Back after an outage while paying: an attempt Stripe never received is released, and offered again.
  const { session: current, ledger } = await settleWithLedger(c.get("deps"), before, c.get("ledger"));
  const result = await buildReview(c.get("deps"), current, ledger);
  if (result.kind === "back") return c.redirect(`${STEP_PATHS[result.step]}?problem=${result.message}`, 303);
  if (current.attemptId !== before.attemptId) return renderReview(c, result.review, { notice: translate(c)("attemptNotSent"), retry: true });
  return renderReview(c, result.review);
});

/** The portal payment a Stripe return URL names, for this session's client only. */
function paymentForReturn(c: Ctx, paymentIntentId: string): Promise<string> {
  return refreshReturnedPayment(c.get("deps"), session(c).clientId, paymentIntentId);
}

payRoutes.get("/confirm", (c) => c.redirect("/portal/review", 303));

payRoutes.post("/confirm", async (c) => {
  const t = translate(c);
  const form = await c.req.parseBody();
  const expected = Number(form.expectedTotalCents);
  const ledger = c.get("ledger");
  const clientNumber = ledger ? ledger.client?.number : await clientNumberOf(c.get("deps").db, session(c).clientId);
  const result = await confirmPayment(c.get("deps"), session(c), {
    expectedTotalCents: Number.isSafeInteger(expected) ? expected : -1,
    attemptId: String(form.attemptId ?? "").slice(0, 100),
    language: c.get("language"),
    returnUrl: new URL("/portal/review", c.req.url).toString(),
    clientNumber: clientNumber ?? "",
  }, ledger);
  switch (result.kind) {
    case "paid":
      return redirectAfterPost(c, `/portal/payments/${result.paymentId}`);
    case "changed":
      return renderReview(c, result.review, { notice: t("reviewChanged") });
    case "back":
      return redirectAfterPost(c, `${STEP_PATHS[result.step]}?problem=${result.message}`);
    case "unavailable": {
      // The attempt's own figures and method (what a retry resends), not whatever details the session holds now.
      if (result.paymentId) return pageOrFragment(c, t("reviewHeading"), (await paymentPanel(c, result.paymentId, { retry: true })).panel);
      return redirectAfterPost(c, `/portal/details?problem=errorProviderUnavailable`);
    }
  }
});

// Results: one D1 batch reads the payment (this client's only), its items, the client and its
// recent receipt copies.
function receiptCopies(c: Ctx, view: ReceiptView): ReceiptCopies | null {
  if (!view.copies) return null;
  return { maskedEmail: view.copies.maskedEmail, left: view.copies.left, limit: RECEIPT_COPY_LIMIT, requestId: newCopyRequestId() };
}

async function paymentPanel(c: Ctx, paymentId: string, options: { retry?: boolean } = {}) {
  const t = translate(c);
  const view = await loadReceiptView(c.get("deps").db, session(c).clientId, paymentId, c.get("deps").now());
  const payment = view.payment;
  let clientSecret: string | null = null;
  let notice: string | undefined = REFRESH_PROBLEMS.find((key) => key === c.req.query("problem")) ? t(c.req.query("problem") as RefreshProblem) : undefined;
  if (payment.status === "requires_action" && payment.stripePaymentIntentId && !payment.verificationUrl) {
    // Only the owning session sees the client secret, only while the bank asks for confirmation.
    try {
      clientSecret = (await c.get("deps").gateway.retrievePayment(payment.stripePaymentIntentId)).clientSecret;
    } catch (error) {
      if (!(error instanceof GatewayRequestError || error instanceof GatewayUnavailableError)) throw error;
      notice = t("refreshUnavailable");
    }
  }
  return {
    view,
    panel: (
      <PaymentStatusPanel
        t={t}
        payment={view.summary}
        publishableKey={c.env.STRIPE_PUBLISHABLE_KEY}
        clientSecret={clientSecret}
        stripeJsUrl={stripeJsUrl(c.env)}
        retry={options.retry}
        notice={notice}
        copies={receiptCopies(c, view)}
      />
    ),
  };
}

type RefreshProblem = "refreshFailed" | "refreshUnavailable";
const REFRESH_PROBLEMS: RefreshProblem[] = ["refreshFailed", "refreshUnavailable"];

payRoutes.get("/payments/:id", async (c) => {
  const t = translate(c);
  // Back after an outage while paying: an attempt Stripe never received is released (and says so).
  await settleStrandedAttempts(c.get("deps"), session(c), c.get("ledger")?.stranded);
  const { view, panel } = await paymentPanel(c, c.req.param("id"));
  // After "Email me this receipt" (a redirect, so it works without JavaScript too).
  const copy = c.req.query("copy");
  const notice =
    copy === "sent" && view.copies ? (
      <div class="alert alert-ok" role="status" id="receipt-copy-notice" tabindex={-1} data-focus-on-load>
        {t("receiptCopySent", { email: view.copies.maskedEmail })}
      </div>
    ) : copy === "limited" ? (
      <div class="alert alert-error" role="alert" id="receipt-copy-notice" tabindex={-1} data-focus-on-load>
        {t("receiptCopyLimited", { limit: RECEIPT_COPY_LIMIT })}
      </div>
    ) : null;
  return page(
    c,
    t("receiptTitle"),
    <>
      {notice}
      {panel}
    </>,
  );
});

payRoutes.get("/payments/:id/receipt.pdf", async (c) => {
  const view = await loadReceiptForPdf(c.get("deps").db, session(c).clientId, c.req.param("id"), c.get("deps").now());
  const bytes = await renderReceiptPdf(c.env.ASSETS, {
    t: translate(c),
    firmName: c.env.FIRM_NAME,
    firmDomain: c.env.FIRM_DOMAIN,
    clientName: view.client?.name ?? "",
    clientNumber: view.client?.number ?? "",
    payment: view.summary,
  });
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="Receipt-${view.payment.stripePaymentIntentId ?? view.payment.id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});

payRoutes.get("/payments/:id/status", async (c) => fragment(c, (await paymentPanel(c, c.req.param("id"))).panel));

payRoutes.post("/payments/:id/refresh", async (c) => {
  const { payment, problem } = await refreshPayment(c.get("deps"), session(c).clientId, c.req.param("id"));
  return redirectAfterPost(c, `/portal/payments/${payment.id}${problem ? `?problem=${problem}` : ""}`);
});
