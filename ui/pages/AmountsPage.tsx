// Step 6: one amount per selected item, prefilled with its balance. The total and the card fee
// are recomputed by the server as amounts change (htmx morphs the form, keeping focus).
import { Amount, Spinner } from "../components";
import { Progress } from "../Progress";
import type { Translate, MessageKey } from "../i18n/client";
import { formatUsDate } from "../../worker/domain/dates";
import { formatCents } from "../../worker/domain/money";
import type { ItemWithBalance } from "../../worker/domain/items";
import type { AmountError } from "../../worker/domain/amounts";
import type { Quote } from "../../worker/domain/fees";
import { itemLabel } from "./ItemsPage";

const AMOUNT_ERROR_KEYS: Record<AmountError, MessageKey> = {
  empty: "errorAmountEmpty",
  format: "errorAmountFormat",
  too_many_decimals: "errorAmountDecimals",
  negative: "errorAmountZero",
  zero: "errorAmountZero",
  above_balance: "errorAmountAbove",
};

export function amountErrorText(t: Translate, error: AmountError, item: ItemWithBalance): string {
  return t(AMOUNT_ERROR_KEYS[error], { amount: formatCents(item.payableCents) });
}

export function AmountsForm(props: {
  t: Translate;
  items: ItemWithBalance[];
  typed: Map<number, string>;
  errors: Map<number, AmountError>;
  subtotalCents: number;
  cardQuote: Quote | null;
  notice?: string;
}) {
  const { t } = props;
  return (
    <form
      id="amounts-form"
      class="card"
      method="post"
      action="/portal/amounts"
      hx-post="/portal/amounts"
      hx-target="this"
      hx-swap="outerMorph"
      hx-disable="find button[type=submit]"
      novalidate
    >
      {props.notice ? (
        <div class="alert alert-error" role="alert">
          {props.notice}
        </div>
      ) : null}
      <table class="items amounts stack">
        <caption class="visually-hidden">{t("amountsHeading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("itemColumn")}</th>
            <th scope="col">{t("dateColumn")}</th>
            <th scope="col" class="num">
              {t("balanceColumn")}
            </th>
            <th scope="col" class="num">
              {t("amountColumn")}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => {
            const error = props.errors.get(item.id);
            const fieldId = `amount-${item.id}`;
            return (
              <tr>
                <td>{itemLabel(t, item)}</td>
                <td data-label={t("dateColumn")}>{formatUsDate(item.itemDate)}</td>
                <td class="num" data-label={t("balanceColumn")}>
                  <Amount cents={item.payableCents} />
                </td>
                <td class="num amount-cell">
                  <label class="visually-hidden" for={fieldId}>
                    {t("amountFieldLabel", { item: itemLabel(t, item) })}
                  </label>
                  <span class="money-input">
                    <span aria-hidden="true">$</span>
                    <input
                      id={fieldId}
                      name={fieldId}
                      type="text"
                      inputMode="decimal"
                      autocomplete="off"
                      value={props.typed.get(item.id) ?? ""}
                      aria-invalid={error ? "true" : undefined}
                      aria-describedby={error ? `${fieldId}-error` : undefined}
                      hx-post="/portal/amounts/preview"
                      hx-sync="closest form:replace"
                      hx-trigger="input changed delay:400ms, change"
                      hx-target="#amounts-form"
                      hx-swap="outerMorph"
                    />
                  </span>
                  {error ? (
                    <span class="field-error" id={`${fieldId}-error`}>
                      {amountErrorText(t, error, item)}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div id="amounts-total" class="total-box" aria-live="polite">
        <span class="label">{t("selectedTotal")}</span>
        <Amount cents={props.subtotalCents} id="amounts-subtotal" />
        {props.cardQuote && props.cardQuote.feeCents > 0 ? (
          <span class="muted" id="amounts-card-note">
            {t("ifPaidByCredit", { fee: formatCents(props.cardQuote.feeCents), total: formatCents(props.cardQuote.totalCents) })}
          </span>
        ) : null}
      </div>
      <div class="actions">
        <a class="button secondary" href="/portal/pay">
          {t("back")}
        </a>
        <button type="submit" class="button">
          {t("next")} <Spinner />
        </button>
      </div>
    </form>
  );
}

export function AmountsPage(props: Parameters<typeof AmountsForm>[0]) {
  return (
    <>
      <Progress t={props.t} current="amounts" />
      <h1 data-focus-on-swap tabindex={-1}>
        {props.t("amountsHeading")}
      </h1>
      <p class="lede">{props.t("amountsIntro")}</p>
      <AmountsForm {...props} />
    </>
  );
}
