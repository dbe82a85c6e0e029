// Step 7: the Stripe Payment Element (deferred intent). Card and bank numbers go from the browser
// to Stripe; this page only receives the ConfirmationToken id and the receipt email.
import { ASSETS } from "../assets.generated";
import { Amount, Spinner } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n/client";
import { PAYMENT_METHODS, type PayMethod } from "../../worker/domain/payment-methods";

export function DetailsPage(props: {
  t: Translate;
  method: PayMethod;
  subtotalCents: number;
  rate: string;
  publishableKey: string;
  stripeJsUrl: string;
  email: string;
  error?: string;
  nonce?: string;
}) {
  const { t } = props;
  return (
    <>
      <Progress t={t} current="details" />
      <h1 data-focus-on-swap tabindex={-1}>
        {t("detailsHeading")}
      </h1>
      <p class="lede">
        {t(PAYMENT_METHODS[props.method].labels.detailsIntro, { rate: props.rate })} {t("detailsReviewNote")}
      </p>
      <noscript>
        <div class="alert alert-error">{t("needsJavaScript")}</div>
      </noscript>
      <form
        id="details-form"
        class="card"
        method="post"
        action="/portal/details"
        data-publishable-key={props.publishableKey}
        data-amount={String(props.subtotalCents)}
        data-method={props.method}
        data-load-failed={t("paymentFormFailed")}
        data-email-invalid={t("errorEmail")}
        novalidate
      >
        <div id="details-error" class="alert alert-error" role="alert" tabindex={-1} hidden={!props.error}>
          {props.error ?? ""}
        </div>
        <div class="total-box">
          <span class="label">{t("selectedTotal")}</span>
          <Amount cents={props.subtotalCents} />
        </div>
        <div class="field">
          <label for="email">{t("receiptEmail")}</label>
          <input id="email" name="email" type="email" autocomplete="email" value={props.email} required />
        </div>
        <div id="payment-element" class="payment-element">
          <p class="muted js-only">{t("loadingPaymentForm")}</p>
        </div>
        <input type="hidden" name="confirmationToken" value="" />
        <div class="actions">
          <a class="button secondary" href="/portal/pay">
            {t("changeMethod")}
          </a>
          <button type="submit" class="button" id="details-submit" disabled>
            {t("continueToReview")} <Spinner />
          </button>
        </div>
      </form>
      <script src={props.stripeJsUrl} nonce={props.nonce} />
      <script src={ASSETS.checkout} nonce={props.nonce} defer />
    </>
  );
}
