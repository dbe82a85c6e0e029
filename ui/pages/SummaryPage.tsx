// Step 3: the total outstanding across every open invoice and late fee.
import { Amount, Notice } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n/client";
import { formatCents } from "../../worker/domain/money";

export function SummaryPage(props: {
  t: Translate;
  clientName: string;
  clientNumber: string;
  totalOutstandingCents: number;
  pendingCents: number;
  openItemCount: number;
  /** The session came from a pay link: whoever opened it may not be the client. */
  fromLink?: boolean;
  /** An earlier attempt never reached the payment processor and was released: offer the retry. */
  attemptReleased?: boolean;
}) {
  const { t } = props;
  return (
    <>
      <Progress t={t} current="items" />
      <h1 data-focus-on-swap tabindex={-1}>
        {t("summaryHeading")}
      </h1>
      {props.attemptReleased ? (
        <Notice kind="info">
          {t("attemptNotSent")} <a href="/portal/review">{t("attemptNotSentRetry")}</a>
        </Notice>
      ) : null}
      <section class="card" aria-labelledby="total-label">
        <p class="muted">
          {t("clientLabel")}: <strong>{props.clientName}</strong> · {t("clientNumberLabel")}: {props.clientNumber}
        </p>
        {props.fromLink ? (
          <form method="post" action="/exit" class="not-you">
            <button type="submit" class="link">
              {t("notYouExit")}
            </button>
          </form>
        ) : null}
        <div class="total-box">
          <span class="label" id="total-label">
            {t("totalOutstanding")}
          </span>
          <Amount cents={props.totalOutstandingCents} id="total-outstanding" />
        </div>
        <p class="muted">{t("totalOutstandingNote")}</p>
        {props.pendingCents > 0 ? <p class="muted">{t("pendingNote", { amount: formatCents(props.pendingCents) })}</p> : null}
        {props.openItemCount > 0 ? (
          <div class="actions">
            <a class="button" href="/portal/items">
              {t("selectView")}
            </a>
          </div>
        ) : (
          <p>{t("nothingOwed")}</p>
        )}
      </section>
      <nav class="card self-service" aria-label={t("summaryHeading")}>
        <ul class="link-list">
          <li>
            <a href="/portal/payments">{t("yourPaymentsLink")}</a>
          </li>
          <li>
            <a href="/portal/statement">{t("statementLink")}</a>
          </li>
        </ul>
      </nav>
    </>
  );
}
