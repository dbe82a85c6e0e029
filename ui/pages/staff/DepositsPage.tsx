// Bank deposits (Stripe payouts): the list, and one deposit's lines matched to our payments.
import { Amount, Notice } from "../../components";
import type { Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import type { DepositDetail, GatewayPayout } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";

export function DepositsPage(props: { t: Translate; payouts: GatewayPayout[]; nextCursor: string | null; timeZone: string }) {
  const { t } = props;
  return (
    <>
      <h1>{t("opsDepositsHeading")}</h1>
      <section class="card">
        <p class="muted">{t("opsDepositsNote")}</p>
        {props.payouts.length ? (
          <div class="table-scroll">
            <table class="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t("opsColArrival")}</th>
                  <th scope="col">{t("opsColPayout")}</th>
                  <th scope="col" class="num">
                    {t("opsColNet")}
                  </th>
                  <th scope="col">{t("staffColStatus")}</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("opsNoDeposits")}</p>
        )}
        {props.nextCursor ? (
          <p>
            <a href={`/staff/deposits?cursor=${encodeURIComponent(props.nextCursor)}`} rel="next" class="button secondary small">
              {t("opsOlder")}
            </a>
          </p>
        ) : null}
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
        <div class="table-scroll">
          <table class="staff-table">
            <thead>
              <tr>
                <th scope="col">{t("opsColType")}</th>
                <th scope="col">{t("staffColClient")}</th>
                <th scope="col">{t("staffColInvoices")}</th>
                <th scope="col" class="num">
                  {t("opsColGross")}
                </th>
                <th scope="col" class="num">
                  {t("opsColFees")}
                </th>
                <th scope="col" class="num">
                  {t("opsColNet")}
                </th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
