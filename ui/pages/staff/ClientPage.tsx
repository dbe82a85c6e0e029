// A client's page: items with balances, payments, pay links and help requests.
import { Amount } from "../../components";
import type { Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import type { ClientView } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { PaymentRows, StaffTable } from "./parts";

export function ClientPage({ t, view, timeZone }: { t: Translate; view: ClientView; timeZone: string }) {
  return (
    <>
      <h1>
        {view.client.name} <span class="muted">{view.client.number}</span>
      </h1>
      {view.client.email ? <p>{view.client.email}</p> : null}
      <section class="card" id="items" aria-labelledby="items-heading">
        <h2 id="items-heading">{t("opsItemsHeading")}</h2>
        <StaffTable
          columns={[
            { label: t("staffColInvoice") },
            { label: t("staffColDate") },
            { label: t("opsColOriginal"), num: true },
            { label: t("opsColBalance"), num: true },
            { label: t("opsColPending"), num: true },
          ]}
        >
          {view.items.map((item) => (
            <tr>
              <td>{item.kind === "invoice" ? t("invoiceLabel", { number: item.invoiceNumber }) : t("lateFeeLabel", { number: item.invoiceNumber })}</td>
              <td>{formatUsDate(item.itemDate)}</td>
              <td class="num">
                <Amount cents={item.originalCents} />
              </td>
              <td class="num">
                <Amount cents={item.balanceCents} />
              </td>
              <td class="num">
                <Amount cents={item.pendingCents} />
              </td>
            </tr>
          ))}
        </StaffTable>
      </section>
      <section class="card" id="payments" aria-labelledby="client-payments-heading">
        <h2 id="client-payments-heading">{t("opsGroupPayments")}</h2>
        {view.payments.length ? <PaymentRows t={t} rows={view.payments} timeZone={timeZone} /> : <p>{t("staffNoPayments")}</p>}
        {view.morePayments ? <p class="muted">{t("opsMorePayments")}</p> : null}
      </section>
      <section class="card" id="links" aria-labelledby="client-links-heading">
        <h2 id="client-links-heading">{t("opsGroupPayLinks")}</h2>
        {view.links.length ? (
          <ul>
            {view.links.map((link) => (
              <li>
                <code>{link.code}</code> · {t("invoiceLabel", { number: link.invoiceNumber })} · {link.state} · {formatUsDateTime(link.createdAt, timeZone)} ·{" "}
                {link.createdBy}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("staffNoLinks")}</p>
        )}
      </section>
      <section class="card" id="help" aria-labelledby="client-help-heading">
        <h2 id="client-help-heading">{t("opsGroupHelp")}</h2>
        {view.help.length ? (
          <ul>
            {view.help.map((request) => (
              <li>
                <a href={`/staff/help/${request.id}`}>{request.reference}</a> · {formatUsDateTime(request.submittedAt, timeZone)} · {request.topic} ·{" "}
                {request.status}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("staffNoRequests")}</p>
        )}
      </section>
    </>
  );
}
