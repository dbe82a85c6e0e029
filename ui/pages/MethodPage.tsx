// Step 5: ACH or card, with the card fee and the card total shown before the choice.
import { Amount, Spinner } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n";
import { formatCents } from "../../worker/domain/money";
import type { Quote } from "../../worker/domain/fees";

export function MethodPage(props: {
  t: Translate;
  itemCount: number;
  subtotalCents: number;
  card: Quote;
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
        <form class="card method" method="post" action="/portal/pay">
          <h2>{t("achTitle")}</h2>
          <p>{t("achDescription")}</p>
          <dl class="figures">
            <div>
              <dt>{t("transactionFees")}</dt>
              <dd>{t("noFee")}</dd>
            </div>
            <div class="grand">
              <dt>{t("total")}</dt>
              <dd>
                <Amount cents={props.subtotalCents} id="ach-total" />
              </dd>
            </div>
          </dl>
          <button type="submit" class="button" name="method" value="ach" aria-label={t("payNowAch")}>
            {t("payNow")} <Spinner />
          </button>
        </form>
        <form class="card method" method="post" action="/portal/pay">
          <h2>{t("cardTitle")}</h2>
          <p>{t("cardDescription")}</p>
          <dl class="figures">
            <div>
              <dt>{t("transactionFees")}</dt>
              <dd>
                <Amount cents={props.card.feeCents} id="card-fee" />
              </dd>
            </div>
            <div class="grand">
              <dt>{t("cardTotal")}</dt>
              <dd>
                <Amount cents={props.card.totalCents} id="card-total" />
              </dd>
            </div>
          </dl>
          <button type="submit" class="button" name="method" value="card" aria-label={t("payNowCard")}>
            {t("payNow")} <Spinner />
          </button>
        </form>
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
