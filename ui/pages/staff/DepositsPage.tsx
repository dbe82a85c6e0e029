// Bank deposits (Stripe payouts): the list, filtered by status and arrival day, and one deposit's
// lines matched to our payments.
import { Amount, Notice } from "../../components";
import type { MessageKey, Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import { PAYOUT_FILTER_STATUSES, type DepositDetail, type GatewayPayout, type PayoutStatus } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { ListFilterErrors, ListFilterFields, OlderLink } from "./Paging";
import { StaffTable } from "./parts";

const PAYOUT_STATUS_KEYS: Record<PayoutStatus, MessageKey> = {
  pending: "opsPayoutPending",
  in_transit: "opsPayoutInTransit",
  paid: "opsPayoutPaid",
  failed: "opsPayoutFailed",
  canceled: "opsPayoutCanceled",
};

function payoutStatus(t: Translate, status: string): string {
  return status in PAYOUT_STATUS_KEYS ? t(PAYOUT_STATUS_KEYS[status as PayoutStatus]) : status;
}

/** Stripe gives the arrival as a day (midnight UTC): shown as that day, the day the filters read. */
function arrivalDay(ms: number): string {
  return formatUsDateTime(ms, "UTC").slice(0, 10);
}

export function DepositsPage(props: {
  t: Translate;
  payouts: GatewayPayout[];
  nextCursor: string | null;
  filter: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { t, filter } = props;
  const statuses = PAYOUT_FILTER_STATUSES.map((value) => ({ value, label: t(PAYOUT_STATUS_KEYS[value]) }));
  return (
    <>
      <h1>{t("opsDepositsHeading")}</h1>
      <section class="card">
        <p class="muted">{t("opsDepositsNote")}</p>
        <form method="get" action="/staff/deposits" class="inline-form">
          <div class="inline-fields">
            <ListFilterFields t={t} filter={filter} statuses={statuses} />
            <button type="submit" class="button secondary small">
              {t("staffFilterApply")}
            </button>
          </div>
          <p class="muted">{t("opsDepositsDatesHint")}</p>
        </form>
        <ListFilterErrors t={t} errors={props.errors} />
        {props.payouts.length ? (
          <StaffTable
            columns={[{ label: t("opsColArrival") }, { label: t("opsColPayout") }, { label: t("opsColNet"), num: true }, { label: t("staffColStatus") }]}
          >
            {props.payouts.map((p) => (
              <tr>
                <td>{arrivalDay(p.arrivalDate)}</td>
                <td>
                  <a href={`/staff/deposits/${p.id}`}>
                    <code>{p.id}</code>
                  </a>
                </td>
                <td class="num">
                  <Amount cents={p.amountCents} />
                </td>
                <td>{payoutStatus(t, p.status)}</td>
              </tr>
            ))}
          </StaffTable>
        ) : (
          <p>{t("opsNoDeposits")}</p>
        )}
        <OlderLink t={t} path="/staff/deposits" filter={filter} nextCursor={props.nextCursor} />
      </section>
    </>
  );
}

export function DepositPage({ t, deposit }: { t: Translate; deposit: DepositDetail }) {
  const money = (cents: number) => (cents < 0 ? `−${formatCents(-cents)}` : formatCents(cents));
  return (
    <>
      <h1>
        {t("opsDepositHeading")} <Amount cents={deposit.amountCents} />
      </h1>
      <section class="card">
        <dl class="facts">
          <dt>{t("opsColPayout")}</dt>
          <dd>
            <code>{deposit.payoutId}</code>
          </dd>
          <dt>{t("opsColArrival")}</dt>
          <dd>{arrivalDay(deposit.arrivalDate)}</dd>
          <dt>{t("opsColGross")}</dt>
          <dd id="deposit-gross">{money(deposit.totals.grossCents)}</dd>
          <dt>{t("opsColFees")}</dt>
          <dd id="deposit-fees">{money(deposit.totals.feeCents)}</dd>
          <dt>{t("opsColNet")}</dt>
          <dd id="deposit-net">{money(deposit.totals.netCents)}</dd>
        </dl>
        {deposit.unmatched ? <Notice kind="error">{t("opsDepositUnmatched", { count: deposit.unmatched })}</Notice> : null}
        <p>
          <a href={`/staff/api/deposits/${deposit.payoutId}?format=csv`} class="button secondary small">
            {t("staffExportCsv")}
          </a>
        </p>
        <StaffTable
          columns={[
            { label: t("opsColType") },
            { label: t("staffColClient") },
            { label: t("staffColInvoices") },
            { label: t("opsColGross"), num: true },
            { label: t("opsColFees"), num: true },
            { label: t("opsColNet"), num: true },
          ]}
        >
          {deposit.lines.map((line) => (
            <tr>
              <td>
                {line.paymentId ? <a href={`/staff/payments/${encodeURIComponent(line.paymentId)}`}>{line.type}</a> : line.type}
                <br />
                <span class="muted">{line.sourceId}</span>
              </td>
              <td>{line.clientName ? `${line.clientName} (${line.clientNumber})` : "—"}</td>
              <td>{line.invoiceNumbers ?? ""}</td>
              <td class="num">{money(line.grossCents)}</td>
              <td class="num">{money(line.feeCents)}</td>
              <td class="num">{money(line.netCents)}</td>
            </tr>
          ))}
        </StaffTable>
      </section>
    </>
  );
}
