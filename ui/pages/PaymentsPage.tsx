// "Your payments": the client's payments of the last 24 months, newest first, a page at a time.
// While any payment on the page is still at the bank, the list polls itself like the status page.
import type { Translate } from "../i18n/client";
import { declineReason } from "./PaymentResultPage";
import { formatUsDateFromMs } from "../../worker/domain/dates";
import { formatCents } from "../../worker/domain/money";
import { hasReceipt, paymentStatusWord, type PageWindow, type PaymentStatusWord } from "../../worker/domain/payment-history";
import { isRecordedMethod, RECORDED_METHODS, type StoredMethod } from "../../worker/domain/payment-methods";

export interface HistoryRow {
  id: string;
  createdAt: number;
  status: string;
  method: StoredMethod;
  methodLabel: string | null;
  feeCents: number;
  totalCents: number;
  refundedCents: number;
  disputedCents: number;
  failureCode: string | null;
}

export function statusText(t: Translate, row: HistoryRow): string {
  const word: PaymentStatusWord = paymentStatusWord(row);
  switch (word) {
    case "refunded_part":
      return t("paymentStatus_refunded_part", { amount: formatCents(row.refundedCents) });
    case "reversed":
      return t("paymentStatus_reversed", { amount: formatCents(row.disputedCents) });
    case "failed":
      return t("paymentStatus_failed", { reason: declineReason(t, row.failureCode) });
    default:
      return t(`paymentStatus_${word}`);
  }
}

/** Card brand or bank with the last 4; payments received outside the portal by their kind. */
export function methodText(t: Translate, row: Pick<HistoryRow, "method" | "methodLabel">): string {
  if (row.methodLabel) return row.methodLabel;
  return isRecordedMethod(row.method) ? t(RECORDED_METHODS[row.method].name) : row.method;
}

const TAG_CLASS: Record<PaymentStatusWord, string> = {
  in_progress: "status-processing",
  processing: "status-processing",
  paid: "status-succeeded",
  refunded_part: "status-refunded",
  refunded_full: "status-refunded",
  reversed: "status-failed",
  failed: "status-failed",
  canceled: "status-canceled",
};

function Row({ t, row }: { t: Translate; row: HistoryRow }) {
  const date = formatUsDateFromMs(row.createdAt);
  const about = ` ${t("paymentsRowLabel", { amount: formatCents(row.totalCents), date })}`;
  return (
    <tr data-payment={row.id} data-status={row.status}>
      <td data-label={t("dateColumn")}>{date}</td>
      <td class="num" data-label={t("paymentsColAmount")}>
        {formatCents(row.totalCents)}
      </td>
      <td class="num" data-label={t("paymentsColFee")}>
        {formatCents(row.feeCents)}
      </td>
      <td data-label={t("paymentMethodLabel")}>{methodText(t, row)}</td>
      <td data-label={t("paymentsColStatus")}>
        <span class={`tag ${TAG_CLASS[paymentStatusWord(row)]}`}>{statusText(t, row)}</span>
      </td>
      <td data-label={t("paymentsColReceipt")}>
        <span class="pdf-links">
          <a href={`/portal/payments/${row.id}`}>
            {hasReceipt(row.status) ? t("paymentsReceipt") : t("paymentsDetails")}
            <span class="visually-hidden">{about}</span>
          </a>
          {hasReceipt(row.status) ? (
            <a href={`/portal/payments/${row.id}/receipt.pdf`} download>
              {t("paymentsReceiptPdf")}
              <span class="visually-hidden">{about}</span>
            </a>
          ) : null}
        </span>
      </td>
    </tr>
  );
}

/** The list and its pager: the part that polls and is swapped. */
export function PaymentsList({ t, rows, window }: { t: Translate; rows: HistoryRow[]; window: PageWindow }) {
  const pending = rows.some((row) => paymentStatusWord(row) === "processing" || paymentStatusWord(row) === "in_progress");
  const href = (page: number) => `/portal/payments${page > 1 ? `?page=${page}` : ""}`;
  return (
    <section
      id="payments-list"
      class="card"
      aria-labelledby="payments-heading"
      {...(pending ? { "hx-get": href(window.page), "hx-trigger": "every 4s", "hx-swap": "outerHTML" } : {})}
    >
      {rows.length === 0 ? (
        <p>{t("paymentsNone")}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="items stack payments">
              <caption class="visually-hidden">{t("paymentsCaption", { page: window.page, pages: window.pages })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("dateColumn")}</th>
                  <th scope="col" class="num">
                    {t("paymentsColAmount")}
                  </th>
                  <th scope="col" class="num">
                    {t("paymentsColFee")}
                  </th>
                  <th scope="col">{t("paymentMethodLabel")}</th>
                  <th scope="col">{t("paymentsColStatus")}</th>
                  <th scope="col">{t("paymentsColReceipt")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <Row t={t} row={row} />
                ))}
              </tbody>
            </table>
          </div>
          {pending ? <p class="muted">{t("paymentsPendingNote")}</p> : null}
        </>
      )}
      {window.pages > 1 ? (
        <nav class="pager" aria-label={t("paymentsPagination")}>
          {window.page > 1 ? (
            <a href={href(window.page - 1)} rel="prev">
              {t("paymentsNewer")}
            </a>
          ) : null}
          <span aria-current="page">{t("paymentsPageOf", { page: window.page, pages: window.pages })}</span>
          {window.page < window.pages ? (
            <a href={href(window.page + 1)} rel="next">
              {t("paymentsOlder")}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

export function PaymentsPage(props: { t: Translate; clientName: string; clientNumber: string; rows: HistoryRow[]; window: PageWindow }) {
  const { t } = props;
  return (
    <>
      <h1 id="payments-heading" data-focus-on-swap tabindex={-1}>
        {t("paymentsHeading")}
      </h1>
      <p class="muted">
        {t("clientLabel")}: <strong>{props.clientName}</strong> · {t("clientNumberLabel")}: {props.clientNumber}
      </p>
      <p class="lede">{t("paymentsIntro")}</p>
      <PaymentsList t={t} rows={props.rows} window={props.window} />
      <div class="actions">
        <a class="button secondary" href="/portal/statement">
          {t("statementLink")}
        </a>
        <a class="button" href="/portal">
          {t("backToAccount")}
        </a>
      </div>
    </>
  );
}
