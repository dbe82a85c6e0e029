// Steps 5-8 and the payment result, scoped to the session's client. Routes parse, call one
// verb, render; every figure comes from worker/services/checkout.ts.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { PortalError } from "../http/errors";
import { formatRate } from "../../ui/format";
import { outcomeMessage, type ClientOutcomeCode } from "../../ui/outcome-messages";
import { AmountsForm, AmountsPage } from "../../ui/pages/AmountsPage";
import { DetailsPage } from "../../ui/pages/DetailsPage";
import { MethodPage } from "../../ui/pages/MethodPage";
import { PaymentStatusPanel, type ReceiptCopies } from "../../ui/pages/PaymentResultPage";
import { ReviewPage } from "../../ui/pages/ReviewPage";
import { stripeJsUrl, type AppEnv } from "../http/bindings";
import { requireSession, sessionWith } from "../http/middleware";
import { amountsForm, checkoutProblemQuery, confirmForm, detailsForm, methodForm, paymentQuery, reviewQuery } from "../http/inputs";
import { fragment, isHtmx, page, pageOrFragment, redirectAfterPost, translate } from "../http/render";
import { valid } from "../http/validate";
import {
  buildReview,
  chooseMethod,
  confirmPayment,
  currentAmounts,
  loadCheckout,
  methodChoice,
  previewAmounts,
  settleStrandedAttempts,
  settleWithLedger,
  surchargeQuoteFor,
  saveAmounts,
  saveDetails,
  type AmountsPreview,
  type CheckoutView,
  type RefreshProblem,
  type Review,
} from "../services/checkout";
import { actionSecret, refreshPayment, refreshReturnedPayment } from "../services/payment-refresh";
import { foundReceipt, loadReceiptView, newCopyRequestId, RECEIPT_COPY_LIMIT, receiptForPdf, receiptRead, type ReceiptView } from "../services/self-service";
import type { SessionRecord } from "../services/sessions";

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
    <MethodPage
      t={t}
      itemCount={view.selected.length}
      subtotalCents={choice.subtotalCents}
      quotes={choice.quotes}
      rate={rate(c)}
      surchargeEnabled={policy.surchargeEnabled}
    />,
  );
});

payRoutes.post("/pay", valid("form", methodForm), async (c) => {
  await chooseMethod(c.get("deps").db, session(c), c.req.valid("form").method);
  return redirectAfterPost(c, "/portal/amounts");
});

// Step 6
/** A credit card's total beside the amounts, when the chosen method may carry the fee. */
function surchargeQuote(c: Ctx, preview: AmountsPreview) {
  return surchargeQuoteFor(session(c).payMethod, preview);
}

function typedAmounts(view: CheckoutView, form: Record<string, string>): Map<number, string> {
  return new Map(view.selected.map((item) => [item.id, form[`amount-${item.id}`] ?? ""]));
}

payRoutes.get("/amounts", valid("query", checkoutProblemQuery), async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  if (!session(c).payMethod) return c.redirect("/portal/pay", 303);
  const typed = currentAmounts(view, session(c));
  const preview = previewAmounts(view, typed, c.get("deps").feePolicy);
  const notice = checkoutNotice(c, c.req.valid("query").problem);
  return page(
    c,
    t("amountsHeading"),
    <AmountsPage
      t={t}
      items={view.selected}
      typed={typed}
      errors={preview.errors}
      subtotalCents={preview.subtotalCents}
      cardQuote={surchargeQuote(c, preview)}
      notice={notice}
    />,
  );
});

payRoutes.post("/amounts/preview", valid("form", amountsForm), async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const typed = typedAmounts(view, c.req.valid("form"));
  const preview = previewAmounts(view, typed, c.get("deps").feePolicy);
  return fragment(
    c,
    <AmountsForm
      t={t}
      items={view.selected}
      typed={typed}
      errors={preview.errors}
      subtotalCents={preview.subtotalCents}
      cardQuote={surchargeQuote(c, preview)}
    />,
  );
});

payRoutes.post("/amounts", valid("form", amountsForm), async (c) => {
  const t = translate(c);
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const typed = typedAmounts(view, c.req.valid("form"));
  if ((await saveAmounts(c.get("deps").db, session(c), view, typed)).outcome === "saved") return redirectAfterPost(c, "/portal/details");
  const preview = previewAmounts(view, typed, c.get("deps").feePolicy);
  const props = { t, items: view.selected, typed, errors: preview.errors, subtotalCents: preview.subtotalCents, cardQuote: surchargeQuote(c, preview) };
  return isHtmx(c) ? fragment(c, <AmountsForm {...props} />, 422) : page(c, t("amountsHeading"), <AmountsPage {...props} />, 422);
});

// Step 7
function renderDetails(c: Ctx, view: CheckoutView, options: { error?: string; email?: string; status?: 200 | 422 } = {}) {
  const t = translate(c);
  const current = session(c);
  if (!current.payMethod) return c.redirect("/portal/pay", 303);
  const subtotal = (current.amounts ?? []).reduce((sum, a) => sum + a.cents, 0);
  return page(
    c,
    t("detailsHeading"),
    <DetailsPage
      t={t}
      method={current.payMethod}
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

payRoutes.get("/details", valid("query", checkoutProblemQuery), async (c) => {
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  if (!session(c).payMethod) return c.redirect("/portal/pay", 303);
  if (!session(c).amounts) return c.redirect("/portal/amounts", 303);
  return renderDetails(c, view, { error: checkoutNotice(c, c.req.valid("query").problem) });
});

payRoutes.post("/details", valid("form", detailsForm), async (c) => {
  const view = await checkoutOrBack(c);
  if (view instanceof Response) return view;
  const { email, confirmationToken } = c.req.valid("form");
  const saved = await saveDetails(c.get("deps").db, session(c), { email, confirmationToken });
  if (saved.outcome === "invalid") return renderDetails(c, view, { error: outcomeMessage(translate(c), saved.problem), email, status: 422 });
  return redirectAfterPost(c, "/portal/review");
});

// Step 8
function renderReview(c: Ctx, review: Review, options: { notice?: string; retry?: boolean } = {}) {
  const t = translate(c);
  return pageOrFragment(
    c,
    t("reviewHeading"),
    <ReviewPage
      t={t}
      lines={review.lines}
      method={review.method}
      quote={review.quote}
      attemptId={review.attemptId}
      basis={review.basis}
      receiptEmail={review.receiptEmail}
      rate={rate(c)}
      notice={options.notice}
      retry={options.retry}
    />,
  );
}

const STEP_PATHS = { items: "/portal/items", amounts: "/portal/amounts", details: "/portal/details" } as const;

/** The problem a step was sent back with (`?problem=`, checked by checkoutProblemQuery). */
function checkoutNotice(c: Ctx, problem: ClientOutcomeCode | undefined): string | undefined {
  return problem ? outcomeMessage(translate(c), problem) : undefined;
}

payRoutes.get("/review", valid("query", reviewQuery), async (c) => {
  // Stripe sends the browser back here after a redirect (3D Secure in a full page): show that payment.
  const returnedIntent = c.req.valid("query").payment_intent;
  if (returnedIntent !== undefined) return c.redirect(`/portal/payments/${await paymentForReturn(c, returnedIntent)}`, 303);
  const before = session(c);
  // Back after an outage while paying: an attempt Stripe never received is released, and offered again.
  const { session: current, ledger } = await settleWithLedger(c.get("deps"), before, c.get("ledger"));
  const result = await buildReview(c.get("deps"), current, ledger);
  if (result.outcome === "back") return c.redirect(`${STEP_PATHS[result.step]}?problem=${result.problem}`, 303);
  if (current.attemptId !== before.attemptId) return renderReview(c, result.review, { notice: translate(c)("attemptNotSent"), retry: true });
  return renderReview(c, result.review);
});

/** The portal payment a Stripe return URL names, for this session's client only. */
function paymentForReturn(c: Ctx, paymentIntentId: string): Promise<string> {
  return refreshReturnedPayment(c.get("deps"), session(c).clientId, paymentIntentId);
}

payRoutes.get("/confirm", (c) => c.redirect("/portal/review", 303));

payRoutes.post("/confirm", valid("form", confirmForm), async (c) => {
  const t = translate(c);
  const form = c.req.valid("form");
  const result = await confirmPayment(
    c.get("deps"),
    {
      expectedTotalCents: form.expectedTotalCents,
      attemptId: form.attemptId,
      basis: form.basis,
      language: c.get("language"),
      returnUrl: new URL("/portal/review", c.req.url).toString(),
    },
    // The session is read in the batch that records the attempt: one round trip before Stripe.
    (part) => sessionWith(c, part, { ledger: true }),
  );
  switch (result.outcome) {
    case "paid":
      return redirectAfterPost(c, `/portal/payments/${result.paymentId}`);
    case "changed":
      return renderReview(c, result.review, { notice: t("reviewChanged") });
    case "review":
      return renderReview(c, result.review);
    case "back":
      return redirectAfterPost(c, `${STEP_PATHS[result.step]}?problem=${result.problem}`);
    case "unavailable": {
      // The attempt's own figures and method (what a retry resends), not whatever details the session holds now.
      if (result.paymentId) {
        const view = await loadReceiptView(c.get("deps").db, session(c).clientId, result.paymentId, c.get("deps").now());
        return pageOrFragment(c, t("reviewHeading"), (await paymentPanel(c, view, { retry: true })).panel);
      }
      return redirectAfterPost(c, "/portal/details?problem=unavailable");
    }
  }
});

// Results: the session's batch reads the payment (this client's only), its items, the client and
// its recent receipt copies: one D1 round trip.
function receiptCopies(c: Ctx, view: ReceiptView): ReceiptCopies | null {
  if (!view.copies) return null;
  return { maskedEmail: view.copies.maskedEmail, left: view.copies.left, limit: RECEIPT_COPY_LIMIT, requestId: newCopyRequestId() };
}

async function paymentPanel(c: Ctx, view: ReceiptView, options: { retry?: boolean; problem?: RefreshProblem } = {}) {
  const t = translate(c);
  const payment = view.payment;
  // Only the owning session sees the client secret, only while the bank asks for confirmation.
  const { clientSecret, problem } = await actionSecret(c.get("deps"), payment);
  const shown = problem ?? options.problem;
  const notice = shown ? outcomeMessage(t, shown) : undefined;
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

payRoutes.get("/payments/:id", valid("query", paymentQuery), async (c) => {
  const t = translate(c);
  const deps = c.get("deps");
  const paymentId = c.req.param("id");
  const { problem, copy } = c.req.valid("query");
  const read = await sessionWith(c, receiptRead(paymentId, deps.now()), { ledger: true });
  // Back after an outage while paying: an attempt Stripe never received is released (and says so);
  // settling changes payments, so the receipt is read again then.
  const stranded = read.ledger?.stranded ?? [];
  await settleStrandedAttempts(deps, read.session, stranded);
  const receipt = stranded.length ? await loadReceiptView(deps.db, read.session.clientId, paymentId, deps.now()) : foundReceipt(read.part);
  const { view, panel } = await paymentPanel(c, receipt, { problem });
  // After "Email me this receipt" (a redirect, so it works without JavaScript too).
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
  const view = receiptForPdf((await sessionWith(c, receiptRead(c.req.param("id"), c.get("deps").now()))).part);
  // Set by the staff Worker (worker/staff-index.ts PdfRenderer): the PDF writer stays out of this one.
  const bytes = await c.env.PDF_RENDERER.receipt({
    language: c.get("language"),
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

payRoutes.get("/payments/:id/status", valid("query", paymentQuery), async (c) => {
  const { part } = await sessionWith(c, receiptRead(c.req.param("id"), c.get("deps").now()));
  return fragment(c, (await paymentPanel(c, foundReceipt(part), { problem: c.req.valid("query").problem })).panel);
});

payRoutes.post("/payments/:id/refresh", async (c) => {
  const refreshed = await refreshPayment(c.get("deps"), session(c).clientId, c.req.param("id"));
  const problem = refreshed.outcome === "unanswered" ? `?problem=${refreshed.problem}` : "";
  return redirectAfterPost(c, `/portal/payments/${refreshed.payment.id}${problem}`);
});
