// Step 8: the server's figures, with the fee decided from the card's funding. Confirm re-checks
// everything and carries the attempt id that makes the charge idempotent.
import { Amount, Spinner } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n/client";
import { formatCents } from "../../worker/domain/money";
import type { Quote } from "../../worker/domain/fees";
import { fundingOf, methodLabel, payMethodFor, type MethodPreview } from "../../worker/domain/payment-methods";
import { methodName } from "../payment-methods";
import type { ItemWithBalance } from "../../worker/domain/items";
import { itemLabel } from "./ItemsPage";

export function methodDescription(t: Translate, method: MethodPreview): string {
  return `${methodName(t, payMethodFor(method.type), fundingOf(method))} · ${methodLabel(method)}`;
}

/** Items with their amounts, then subtotal, the fee on its own line, and the total. */
export function QuoteTable(props: {
  t: Translate;
  lines: { item: Pick<ItemWithBalance, "kind" | "invoiceNumber">; cents: number }[];
  quote: Quote;
  caption: string;
  amountHeader?: string;
  /** Prefix for the ids of the figures ("quote" on the review, "receipt" after paying). */
  idPrefix?: string;
}) {
  const { t } = props;
  const id = props.idPrefix ?? "quote";
  return (
    <table class="items quote">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("itemColumn")}</th>
          <th scope="col" class="num">
            {props.amountHeader ?? t("amountColumn")}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line) => (
          <tr>
            <td>{itemLabel(t, line.item)}</td>
            <td class="num">
              <Amount cents={line.cents} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr class="subtotal">
          <th scope="row">{t("subtotal")}</th>
          <td class="num">
            <Amount cents={props.quote.subtotalCents} id={`${id}-subtotal`} />
          </td>
        </tr>
        <tr class="fee">
          <th scope="row">{t("transactionFees")}</th>
          <td class="num">
            <Amount cents={props.quote.feeCents} id={`${id}-fee`} />
          </td>
        </tr>
        <tr class="grand">
          <th scope="row">{t("total")}</th>
          <td class="num">
            <Amount cents={props.quote.totalCents} id={`${id}-total`} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export function ReviewPage(props: {
  t: Translate;
  lines: { item: ItemWithBalance; cents: number }[];
  method: MethodPreview;
  quote: Quote;
  attemptId: string;
  /** What the review was built from: the confirm records exactly this, if the session still holds it. */
  basis: string;
  receiptEmail: string;
  rate: string;
  notice?: string;
  retry?: boolean;
}) {
  const { t } = props;
  return (
    <>
      <Progress t={t} current="review" />
      <h1 data-focus-on-swap tabindex={-1}>
        {t("reviewHeading")}
      </h1>
      {props.notice ? (
        <div class="alert alert-error" role="alert">
          {props.notice}
        </div>
      ) : null}
      <section class="card">
        <QuoteTable t={t} lines={props.lines} quote={props.quote} caption={t("reviewHeading")} />
        <dl class="figures details">
          <div>
            <dt>{t("paymentMethodLabel")}</dt>
            <dd id="review-method">{methodDescription(t, props.method)}</dd>
          </div>
          <div>
            <dt>{t("receiptEmail")}</dt>
            <dd>{props.receiptEmail}</dd>
          </div>
        </dl>
        <p class="muted" id="fee-explanation">
          {props.quote.feeCents > 0 ? t("feeApplied", { rate: props.rate }) : t("noFeeApplied")}
        </p>
        <form method="post" action="/portal/confirm" id="confirm-form" hx-post="/portal/confirm" hx-target="#main" hx-swap="innerHTML" hx-disable="find button">
          <input type="hidden" name="attemptId" value={props.attemptId} />
          <input type="hidden" name="expectedTotalCents" value={String(props.quote.totalCents)} />
          <input type="hidden" name="basis" value={props.basis} />
          <div class="actions">
            <a class="button secondary" href="/portal/pay">
              {t("changeMethod")}
            </a>
            <button type="submit" class="button">
              {props.retry ? t("tryAgain") : t("confirmAria", { amount: formatCents(props.quote.totalCents) })} <Spinner />
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
