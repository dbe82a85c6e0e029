// What the staff pages share: the payment status tag, the tables' frame and the payments table.
import type { ComponentChildren } from "preact";
import { Amount } from "../../components";
import type { MessageKey, Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import type { PayLinkState } from "../../../worker/domain/pay-links";
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

/** A payment status in words; a status the pages have no words for, as stored. */
export function statusName(t: Translate, status: string): string {
  return STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : status;
}

export function StatusTag({ t, status }: { t: Translate; status: string }) {
  return <span class={`tag status-${status}`}>{statusName(t, status)}</span>;
}

/** A pay link's state as the staff pages say it. */
export const LINK_STATE_KEYS: Record<PayLinkState, MessageKey> = {
  active: "staffLinkActive",
  expired: "staffLinkExpired",
  revoked: "staffLinkRevoked",
};

export function LinkStateTag({ t, state }: { t: Translate; state: PayLinkState }) {
  return <span class={`tag link-${state}`}>{t(LINK_STATE_KEYS[state])}</span>;
}

export interface Column {
  label: ComponentChildren;
  /** Amounts: aligned right. */
  num?: boolean;
}

/** Every staff table: scrolls sideways on a narrow screen, one header row, an optional caption for screen readers. */
export function StaffTable({
  caption,
  columns,
  children,
  footer,
}: {
  caption?: string;
  columns: Column[];
  children: ComponentChildren;
  footer?: ComponentChildren;
}) {
  return (
    <div class="table-scroll">
      <table class="staff-table">
        {caption ? <caption class="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.num ? "num" : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}

/** Under an amount: how much of it was refunded, when anything was. */
export function RefundedNote({ t, cents }: { t: Translate; cents: number }) {
  return cents > 0 ? (
    <>
      <br />
      <span class="muted">{t("staffRefunded", { amount: formatCents(cents) })}</span>
    </>
  ) : null;
}

export function PaymentRows({ t, rows, timeZone }: { t: Translate; rows: PaymentSummaryRow[]; timeZone: string }) {
  return (
    <StaffTable
      columns={[
        { label: t("staffColDate") },
        { label: t("staffColClient") },
        { label: t("staffColInvoices") },
        { label: t("opsColTotal"), num: true },
        { label: t("staffColStatus") },
      ]}
    >
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
            <RefundedNote t={t} cents={row.refundedCents} />
          </td>
          <td>
            <StatusTag t={t} status={row.status} />
          </td>
        </tr>
      ))}
    </StaffTable>
  );
}
