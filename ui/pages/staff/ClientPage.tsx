// A client's page: items with balances, payments, pay links and help requests.
import { Amount } from "../../components";
import type { Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import { openItems } from "../../../worker/domain/items";
import type { ClientView } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { topicLabel } from "../HelpPage";
import { statusLabel } from "./HelpInbox";
import { LinkStateTag, PaymentRows, StaffTable } from "./parts";

/** An invoice opens its PDF when it has one (as the client sees it); a paper invoice says it has none. */
function ItemName({ t, item }: { t: Translate; item: ClientView["items"][number] }) {
  if (item.kind !== "invoice") return <>{t("lateFeeLabel", { number: item.invoiceNumber })}</>;
  const label = t("invoiceLabel", { number: item.invoiceNumber });
  if (item.hasPdf) {
    return (
      <a href={`/staff/invoices/${item.invoiceNumber}.pdf`} target="_blank" rel="noopener" aria-label={t("viewPdf", { number: item.invoiceNumber })}>
        {label}
      </a>
    );
  }
  return (
    <>
      {label} {item.delivery === "paper" ? <span class="tag">{t("paperInvoice")}</span> : null}
    </>
  );
}

/** A new pay link for one of the client's open invoices; the staff page then shows it, ready to copy. */
function MintForOpenInvoice({ t, view }: { t: Translate; view: ClientView }) {
  const invoices = openItems(view.items).filter((item) => item.kind === "invoice");
  if (!invoices.length) return null;
  return (
    <form method="post" action="/staff/pay-links" class="inline-form">
      <div class="inline-fields">
        <label>
          {t("staffColInvoice")}{" "}
          <select name="invoiceNumbers">
            {invoices.map((item) => (
              <option value={item.invoiceNumber}>{item.invoiceNumber}</option>
            ))}
          </select>
        </label>
        <button type="submit" class="button secondary small">
          {t("opsMintForInvoice")}
        </button>
      </div>
    </form>
  );
}

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
          footer={
            <tr>
              <th scope="row" colSpan={3}>
                {t("totalOutstanding")}
              </th>
              <td class="num" id="client-outstanding">
                <Amount cents={view.outstandingCents} />
              </td>
              <td class="num" id="client-pending">
                <Amount cents={view.pendingCents} />
              </td>
            </tr>
          }
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
              <td>
                <ItemName t={t} item={item} />
              </td>
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
        <MintForOpenInvoice t={t} view={view} />
        {view.links.length ? (
          <ul>
            {view.links.map((link) => (
              <li>
                <code>{link.code}</code> · {t("invoiceLabel", { number: link.invoiceNumber })} <LinkStateTag t={t} state={link.state} /> ·{" "}
                {formatUsDateTime(link.createdAt, timeZone)} · {link.createdBy}
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
                <a href={`/staff/help/${request.id}`}>{request.reference}</a> · {formatUsDateTime(request.submittedAt, timeZone)} ·{" "}
                {topicLabel(t, request.topic)} · {statusLabel(t, request.status)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("opsClientNoRequests")}</p>
        )}
      </section>
    </>
  );
}
