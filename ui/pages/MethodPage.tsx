// Step 5: one form per method of the method table (ACH or card), each with its fee and total shown
// before the choice: a method that may carry the surcharge shows a credit card's.
import { Amount, Spinner } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n/client";
import { formatCents } from "../../worker/domain/money";
import type { Quote } from "../../worker/domain/fees";
import { PAYMENT_METHODS, type PayMethod } from "../../worker/domain/payment-methods";

export function MethodPage(props: {
  t: Translate;
  itemCount: number;
  subtotalCents: number;
  quotes: { method: PayMethod; quote: Quote }[];
  rate: string;
  surchargeEnabled: boolean;
  error?: string;
}) {
  const { t } = props;
  return (
    <>
      <Progress t={t} current="method" />
      <h1 data-focus-on-swap tabindex={-1}>
        {t("methodHeading")}
      </h1>
      <p class="lede">{t("methodIntro", { count: props.itemCount, amount: formatCents(props.subtotalCents) })}</p>
      {props.error ? (
        <div class="alert alert-error" role="alert">
          {props.error}
        </div>
      ) : null}
      <div class="method-grid">
        {props.quotes.map(({ method, quote }) => {
          const { labels, surchargeable } = PAYMENT_METHODS[method];
          return (
            <form key={method} class="card method" method="post" action="/portal/pay">
              <h2>{t(labels.title)}</h2>
              <p>{t(labels.description)}</p>
              <dl class="figures">
                <div>
                  <dt>{t("transactionFees")}</dt>
                  <dd>{surchargeable ? <Amount cents={quote.feeCents} id={`${method}-fee`} /> : t("noFee")}</dd>
                </div>
                <div class="grand">
                  <dt>{t(labels.total)}</dt>
                  <dd>
                    <Amount cents={quote.totalCents} id={`${method}-total`} />
                  </dd>
                </div>
              </dl>
              <button type="submit" class="button" name="method" value={method} aria-label={t(labels.payNow)}>
                {t("payNow")} <Spinner />
              </button>
            </form>
          );
        })}
      </div>
      <p class="muted" id="fee-note">
        {props.surchargeEnabled ? t("feeNote", { rate: props.rate }) : t("noFeeNote")}
      </p>
      <div class="actions">
        <a class="button secondary" href="/portal/items">
          {t("back")}
        </a>
      </div>
    </>
  );
}
