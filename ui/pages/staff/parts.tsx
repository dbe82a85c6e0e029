// What the staff pages share: the payment status tag and the payments table.
import { Amount } from "../../components";
import type { MessageKey, Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import type { PaymentSummaryRow } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";

export const STATUS_KEYS: Record<string, MessageKey> = {
  created: "staffStatusCreated",
  requires_action: "staffStatusRequiresAction",
  processing: "staffStatusProcessing",
  succeeded: "staffStatusSucceeded",
  failed: "staffStatusFailed",
  canceled: "staffStatusCanceled",
};

export function StatusTag({ t, status }: { t: Translate; status: string }) {
  return <span class={`tag status-${status}`}>{STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : status}</span>;
}

export function PaymentRows({ t, rows, timeZone }: { t: Translate; rows: PaymentSummaryRow[]; timeZone: string }) {
  return (
    <div class="table-scroll">
      <table class="staff-table">
        <thead>
          <tr>
            <th scope="col">{t("staffColDate")}</th>
            <th scope="col">{t("staffColClient")}</th>
            <th scope="col">{t("staffColInvoices")}</th>
            <th scope="col" class="num">
              {t("opsColTotal")}
            </th>
            <th scope="col">{t("staffColStatus")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>
                <a href={`/staff/payments/${encodeURIComponent(row.id)}`}>{formatUsDateTime(row.createdAt, timeZone)}</a>
              </td>
              <td>
                <a href={`/staff/clients/${row.clientNumber}`}>{row.clientName}</a>
                <br />
                <span class="muted">{row.clientNumber}</span>
              </td>
              <td>{row.invoiceNumbers ?? ""}</td>
              <td class="num">
                <Amount cents={row.totalCents} />
                {row.refundedCents > 0 ? (
                  <>
                    <br />
                    <span class="muted">{t("staffRefunded", { amount: formatCents(row.refundedCents) })}</span>
                  </>
                ) : null}
              </td>
              <td>
                <StatusTag t={t} status={row.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
