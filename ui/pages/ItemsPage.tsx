// Step 4: the list of open items with a "Pay" box each. Ticking recomputes the total on the
// server through htmx; without JavaScript, "Update total" does the same with a full page.
import { Amount, Spinner } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n/client";
import { formatUsDate } from "../../worker/domain/dates";
import { formatCents } from "../../worker/domain/money";
import type { ItemWithBalance } from "../../worker/domain/items";

export function itemLabel(t: Translate, item: Pick<ItemWithBalance, "kind" | "invoiceNumber">): string {
  return item.kind === "invoice" ? t("invoiceLabel", { number: item.invoiceNumber }) : t("lateFeeLabel", { number: item.invoiceNumber });
}

export function SelectionTotal(props: { t: Translate; totalCents: number; selectedCount: number; itemCount: number }) {
  const { t } = props;
  return (
    <div id="selection-total" class="total-box" aria-live="polite">
      <span class="label">{t("selectedTotal")}</span>
      <Amount cents={props.totalCents} id="selected-total-amount" />
      <span class="muted">{t("selectedCount", { count: props.selectedCount, total: props.itemCount })}</span>
    </div>
  );
}

function ItemRow({ t, item, checked }: { t: Translate; item: ItemWithBalance; checked: boolean }) {
  const label = itemLabel(t, item);
  const checkboxId = `pay-${item.id}`;
  const payable = item.payableCents > 0;
  return (
    <tr class={item.kind === "late_fee" ? "late-fee" : undefined}>
      <td class="pay">
        <input
          type="checkbox"
          id={checkboxId}
          name="pay"
          value={String(item.id)}
          checked={checked && payable}
          disabled={!payable}
          aria-label={t("payItemLabel", { item: label })}
          hx-post="/portal/items/total"
          hx-trigger="change"
          hx-sync="closest form:replace"
          hx-target="#selection-total"
          hx-swap="outerHTML"
        />
      </td>
      <td>
        {item.kind === "invoice" && item.hasPdf ? (
          <span class="pdf-links">
            <a href={`/portal/invoices/${item.invoiceNumber}.pdf`} target="_blank" rel="noopener" aria-label={t("viewPdf", { number: item.invoiceNumber })}>
              {label}
            </a>
            <a href={`/portal/invoices/${item.invoiceNumber}.pdf?download=1`} download aria-label={t("downloadPdfLabel", { number: item.invoiceNumber })}>
              {t("downloadPdf")}
            </a>
          </span>
        ) : (
          <span>{label}</span>
        )}
        {item.kind === "invoice" && item.delivery === "paper" ? (
          <>
            {" "}
            <span class="tag">{t("paperInvoice")}</span>
          </>
        ) : null}
        {item.pendingCents > 0 ? (
          <>
            {" "}
            <span class="tag">{t("pendingLabel", { amount: formatCents(item.pendingCents) })}</span>
          </>
        ) : null}
      </td>
      <td data-label={t("dateColumn")}>{formatUsDate(item.itemDate)}</td>
      <td class="num" data-label={t("originalTotalColumn")}>
        <Amount cents={item.originalCents} />
      </td>
      <td class="num" data-label={t("balanceColumn")}>
        <Amount cents={item.balanceCents} />
      </td>
    </tr>
  );
}

export function ItemsPage(props: { t: Translate; items: ItemWithBalance[]; selectedIds: ReadonlySet<number>; totalCents: number; error?: string }) {
  const { t, items, selectedIds } = props;
  return (
    <>
      <Progress t={t} current="items" />
      <h1 data-focus-on-swap tabindex={-1}>
        {t("itemsHeading")}
      </h1>
      <p class="lede">{t("itemsIntro")}</p>
      <form
        id="items-form"
        class="card"
        method="post"
        action="/portal/items"
        hx-post="/portal/items"
        hx-target="#main"
        hx-swap="innerHTML"
        hx-disable="find button[type=submit]"
      >
        {props.error ? (
          <div class="alert alert-error" role="alert" id="pay-error" tabindex={-1} data-focus-on-swap>
            {props.error}
          </div>
        ) : null}
        <table class="items select stack" aria-describedby={props.error ? "pay-error" : undefined}>
          <caption class="visually-hidden">{t("itemsHeading")}</caption>
          <thead>
            <tr>
              <th scope="col" class="pay">
                {t("payColumn")}
              </th>
              <th scope="col">{t("itemColumn")}</th>
              <th scope="col">{t("dateColumn")}</th>
              <th scope="col" class="num">
                {t("originalTotalColumn")}
              </th>
              <th scope="col" class="num">
                {t("balanceColumn")}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <ItemRow t={t} item={item} checked={selectedIds.has(item.id)} />
            ))}
          </tbody>
        </table>
        <SelectionTotal t={t} totalCents={props.totalCents} selectedCount={selectedIds.size} itemCount={items.length} />
        <div class="actions">
          <a class="button secondary" href="/portal">
            {t("back")}
          </a>
          <noscript>
            <button type="submit" class="button secondary" name="action" value="update">
              {t("updateTotal")}
            </button>
          </noscript>
          <button type="submit" class="button" name="action" value="ok">
            {t("ok")} <Spinner />
          </button>
        </div>
      </form>
    </>
  );
}
