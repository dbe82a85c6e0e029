// Bank deposits (Stripe payouts): the list, and one deposit's lines matched to our payments.
import { Amount, Notice } from "../../components";
import type { Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import type { DepositDetail, GatewayPayout } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { OlderLink } from "./Paging";
import { StaffTable } from "./parts";

export function DepositsPage(props: { t: Translate; payouts: GatewayPayout[]; nextCursor: string | null; filter: Record<string, string>; timeZone: string }) {
  const { t } = props;
  return (
    <>
      <h1>{t("opsDepositsHeading")}</h1>
      <section class="card">
        <p class="muted">{t("opsDepositsNote")}</p>
        {props.payouts.length ? (
          <StaffTable
            columns={[{ label: t("opsColArrival") }, { label: t("opsColPayout") }, { label: t("opsColNet"), num: true }, { label: t("staffColStatus") }]}
          >
            {props.payouts.map((p) => (
              <tr>
                <td>{formatUsDateTime(p.arrivalDate, props.timeZone).slice(0, 10)}</td>
                <td>
                  <a href={`/staff/deposits/${p.id}`}>
                    <code>{p.id}</code>
                  </a>
                </td>
                <td class="num">
                  <Amount cents={p.amountCents} />
                </td>
                <td>{p.status}</td>
              </tr>
            ))}
          </StaffTable>
        ) : (
          <p>{t("opsNoDeposits")}</p>
        )}
        <OlderLink t={t} path="/staff/deposits" filter={props.filter} nextCursor={props.nextCursor} />
      </section>
    </>
  );
}

export function DepositPage({ t, deposit, timeZone }: { t: Translate; deposit: DepositDetail; timeZone: string }) {
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
          <dd>{formatUsDateTime(deposit.arrivalDate, timeZone).slice(0, 10)}</dd>
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
