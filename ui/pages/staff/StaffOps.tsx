// Staff operations pages: search (results grouped by kind), the paged payments list, a client's
// page and a payment's page (allocations, refund, receipt resend, cancel, and its timeline in
// the firm's time zone). Plain forms and links: everything works without JavaScript.
import { Amount, Notice } from "../../components";
import type { MessageKey, Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import { formatCents } from "../../../worker/domain/money";
import type { ClientView, DepositDetail, GatewayPayout, PaymentSummaryRow, PaymentView, SearchAnswer, SearchResult } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { ListFilterErrors, ListFilterFields, OlderLink } from "./Paging";

const STATUS_KEYS: Record<string, MessageKey> = {
  created: "staffStatusCreated",
  requires_action: "staffStatusRequiresAction",
  processing: "staffStatusProcessing",
  succeeded: "staffStatusSucceeded",
  failed: "staffStatusFailed",
  canceled: "staffStatusCanceled",
};

function StatusTag({ t, status }: { t: Translate; status: string }) {
  return <span class={`tag status-${status}`}>{STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : status}</span>;
}

export function SearchBox({ t, value }: { t: Translate; value: string }) {
  return (
    <form method="get" action="/staff/search" class="inline-form staff-search" role="search">
      <div class="field">
        <label for="staff-q">{t("opsSearchLabel")}</label>
        <span class="hint" id="staff-q-hint">
          {t("opsSearchHint")}
        </span>
      </div>
      <div class="inline-fields">
        <input id="staff-q" name="q" type="search" value={value} maxLength={100} size={40} autocomplete="off" aria-describedby="staff-q-hint" />
        <button type="submit" class="button small">
          {t("opsSearchButton")}
        </button>
      </div>
    </form>
  );
}

const GROUPS: { type: SearchResult["type"]; heading: MessageKey }[] = [
  { type: "client", heading: "opsGroupClients" },
  { type: "invoice", heading: "opsGroupInvoices" },
  { type: "payment", heading: "opsGroupPayments" },
  { type: "pay_link", heading: "opsGroupPayLinks" },
  { type: "help_request", heading: "opsGroupHelp" },
];

function ResultItem({ t, result, timeZone }: { t: Translate; result: SearchResult; timeZone: string }) {
  switch (result.type) {
    case "client":
      return (
        <li>
          <a href={`/staff/clients/${result.clientNumber}`}>{result.name}</a> <span class="muted">{result.clientNumber}</span>
        </li>
      );
    case "invoice":
      return (
        <li>
          <a href={`/staff/clients/${result.clientNumber}#items`}>{t("invoiceLabel", { number: result.invoiceNumber })}</a> · {formatUsDate(result.itemDate)} · <Amount cents={result.originalCents} />{" "}
          <span class="muted">
            {result.clientName} ({result.clientNumber})
          </span>
        </li>
      );
    case "payment":
      return (
        <li>
          <a href={`/staff/payments/${encodeURIComponent(result.paymentId)}`}>
            <Amount cents={result.totalCents} /> · {formatUsDateTime(result.createdAt, timeZone)}
          </a>{" "}
          <StatusTag t={t} status={result.status} />{" "}
          <span class="muted">
            {result.clientName} ({result.clientNumber}) {result.paymentIntentId ?? ""}
          </span>
        </li>
      );
    case "pay_link":
      return (
        <li>
          <a href={`/staff/clients/${result.clientNumber}#links`}>
            <code>{result.code}</code>
          </a>{" "}
          · {t("invoiceLabel", { number: result.invoiceNumber })} · {result.state}{" "}
          <span class="muted">
            {result.clientName} ({result.clientNumber})
          </span>
        </li>
      );
    case "help_request":
      return (
        <li>
          <a href={`/staff/help/${result.id}`}>{result.reference}</a> · {result.name}, {result.company} · {formatUsDateTime(result.submittedAt, timeZone)} · {result.status}
        </li>
      );
  }
}

export function SearchPage({ t, answer, timeZone }: { t: Translate; answer: SearchAnswer; timeZone: string }) {
  return (
    <>
      <h1>{t("opsSearchHeading")}</h1>
      <section class="card">
        <SearchBox t={t} value={answer.query} />
      </section>
      {answer.query ? (
        <section class="card" aria-labelledby="results-heading" id="search-results">
          <h2 id="results-heading">{t("opsResultsHeading", { query: answer.query })}</h2>
          {answer.results.length === 0 ? <p>{t("opsNoResults")}</p> : null}
          {GROUPS.map((group) => {
            const results = answer.results.filter((r) => r.type === group.type);
            if (!results.length) return null;
            return (
              <div class={`result-group result-${group.type}`}>
                <h3>
                  {t(group.heading)} ({results.length})
                </h3>
                <ul>
                  {results.map((result) => (
                    <ResultItem t={t} result={result} timeZone={timeZone} />
                  ))}
                </ul>
              </div>
            );
          })}
          {answer.moreClients ? <p class="muted">{t("opsMoreClients")}</p> : null}
        </section>
      ) : null}
    </>
  );
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

export function PaymentsListPage(props: { t: Translate; rows: PaymentSummaryRow[]; nextCursor: string | null; filter: Record<string, string>; errors: Record<string, string>; timeZone: string }) {
  const { t, filter } = props;
  const statuses = Object.keys(STATUS_KEYS).map((status) => ({ value: status, label: t(STATUS_KEYS[status]!) }));
  return (
    <>
      <h1>{t("opsPaymentsHeading")}</h1>
      <section class="card">
        <form method="get" action="/staff/payments" class="inline-form">
          <div class="inline-fields">
            <ListFilterFields t={t} filter={filter} statuses={statuses} />
            <button type="submit" class="button secondary small">
              {t("staffFilterButton")}
            </button>
          </div>
        </form>
        <ListFilterErrors t={t} errors={props.errors} />
        {props.rows.length ? <PaymentRows t={t} rows={props.rows} timeZone={props.timeZone} /> : <p>{t("staffNoPayments")}</p>}
        <OlderLink t={t} path="/staff/payments" filter={filter} nextCursor={props.nextCursor} />
      </section>
    </>
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
        <div class="table-scroll">
          <table class="staff-table">
            <thead>
              <tr>
                <th scope="col">{t("staffColInvoice")}</th>
                <th scope="col">{t("staffColDate")}</th>
                <th scope="col" class="num">
                  {t("opsColOriginal")}
                </th>
                <th scope="col" class="num">
                  {t("opsColBalance")}
                </th>
                <th scope="col" class="num">
                  {t("opsColPending")}
                </th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
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
                <code>{link.code}</code> · {t("invoiceLabel", { number: link.invoiceNumber })} · {link.state} · {formatUsDateTime(link.createdAt, timeZone)} · {link.createdBy}
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
                <a href={`/staff/help/${request.id}`}>{request.reference}</a> · {formatUsDateTime(request.submittedAt, timeZone)} · {request.topic} · {request.status}
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

export interface PaymentPageProps {
  t: Translate;
  view: PaymentView;
  timeZone: string;
  /** A fresh one-time key per render: the refund and resend forms carry it, so a double click acts once. */
  formKey: string;
  notice?: string;
  error?: string;
  refundValue?: string;
}

const TIMELINE_KEYS: Record<string, MessageKey> = {
  attempt: "opsTimelineAttempt",
  stripe_call: "opsTimelineStripeCall",
  webhook: "opsTimelineWebhook",
  refund: "opsTimelineRefund",
  dispute: "opsTimelineDispute",
  email: "opsTimelineEmail",
  staff: "opsTimelineStaff",
  settled: "opsTimelineSettled",
};

export function PaymentPage(props: PaymentPageProps) {
  const { t, view } = props;
  const p = view.payment;
  const path = `/staff/payments/${encodeURIComponent(p.id)}`;
  const funding = p.method === "card" ? (p.cardFunding ?? "unknown") : null;
  return (
    <>
      <h1>
        {t("opsPaymentHeading")} <Amount cents={p.totalCents} /> <StatusTag t={t} status={p.status} />
      </h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? (
        <div class="alert alert-error" role="alert" id="ops-error">
          <p>{props.error}</p>
        </div>
      ) : null}
      <section class="card" aria-labelledby="payment-facts">
        <h2 id="payment-facts">{t("opsPaymentFacts")}</h2>
        <dl class="facts">
          <dt>{t("staffColClient")}</dt>
          <dd>
            <a href={`/staff/clients/${view.client.number}`}>{view.client.name}</a> ({view.client.number})
          </dd>
          <dt>{t("staffColDate")}</dt>
          <dd>{formatUsDateTime(p.createdAt, props.timeZone)}</dd>
          <dt>{t("staffColMethod")}</dt>
          <dd>
            {p.method === "ach" ? "ACH" : t("opsCard")} {p.methodLabel ?? ""} {funding ? `· ${funding}` : ""}
          </dd>
          <dt>{t("subtotal")}</dt>
          <dd>
            <Amount cents={p.subtotalCents} />
          </dd>
          <dt>{t("staffColFee")}</dt>
          <dd>
            <Amount cents={p.feeCents} />
          </dd>
          <dt>{t("opsRefundedSoFar")}</dt>
          <dd>
            <Amount cents={p.refundedCents} id="refunded-so-far" /> ({t("staffColFee")}: <Amount cents={p.feeRefundedCents} />)
          </dd>
          {p.disputedCents ? (
            <>
              <dt>{t("opsDisputed")}</dt>
              <dd>
                <Amount cents={p.disputedCents} />
              </dd>
            </>
          ) : null}
          <dt>{t("reference")}</dt>
          <dd>
            <code>{p.stripePaymentIntentId ?? p.id}</code>
          </dd>
          <dt>{t("opsReceiptTo")}</dt>
          <dd>{p.receiptEmail ?? "—"}</dd>
        </dl>
        <h3>{t("opsAllocations")}</h3>
        <ul>
          {view.allocations.map((a) => (
            <li>
              {a.kind === "invoice" ? t("invoiceLabel", { number: a.invoiceNumber }) : t("lateFeeLabel", { number: a.invoiceNumber })}: <Amount cents={a.amountCents} />
              {a.reversedCents ? <span class="muted"> ({t("staffRefunded", { amount: formatCents(a.reversedCents) })})</span> : null}
            </li>
          ))}
        </ul>
      </section>

      {p.status === "succeeded" && view.refundableCents > 0 ? (
        <section class="card" aria-labelledby="refund-heading">
          <h2 id="refund-heading">{t("opsRefundHeading")}</h2>
          <p class="muted">{t("opsRefundHint", { amount: formatCents(view.refundableCents) })}</p>
          <form method="post" action={`${path}/refunds`} class="inline-form">
            <input type="hidden" name="key" value={props.formKey} />
            <div class="inline-fields">
              <label>
                {t("opsRefundAmount")} <input name="amount" type="text" inputMode="decimal" value={props.refundValue ?? ""} size={12} autocomplete="off" />
              </label>
              <label>
                {t("opsRefundReason")}{" "}
                <select name="reason">
                  <option value="requested_by_customer">{t("opsReasonCustomer")}</option>
                  <option value="duplicate">{t("opsReasonDuplicate")}</option>
                  <option value="fraudulent">{t("opsReasonFraud")}</option>
                </select>
              </label>
              <button type="submit" class="button small" hx-disable="this">
                {t("opsRefundButton")}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {p.status === "succeeded" || (p.status === "processing" && p.method === "ach") ? (
        <section class="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading">{t("opsResendHeading")}</h2>
          <form method="post" action={`${path}/receipt`} class="inline-form">
            <input type="hidden" name="key" value={props.formKey} />
            <div class="inline-fields">
              <label>
                {t("opsResendTo")} <input name="to" type="email" placeholder={p.receiptEmail ?? ""} autocomplete="off" />
              </label>
              <button type="submit" class="button secondary small">
                {t("opsResendButton")}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {view.cancellable ? (
        <section class="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("opsCancelHeading")}</h2>
          <p class="muted">{t(p.method === "ach" && p.status === "processing" ? "opsCancelAchNote" : "opsCancelHint")}</p>
          <form method="post" action={`${path}/cancel`}>
            <button type="submit" class="button secondary small">
              {t("opsCancelButton")}
            </button>
          </form>
        </section>
      ) : null}

      <section class="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("opsTimelineHeading")}</h2>
        <p class="muted">{t("opsTimeZone", { zone: props.timeZone })}</p>
        <ol class="timeline" id="timeline">
          {view.timeline.map((entry) => (
            <li>
              <time>{formatUsDateTime(entry.at, props.timeZone)}</time> <strong>{t(TIMELINE_KEYS[entry.kind]!)}</strong> <code>{entry.label}</code>
              {entry.detail ? <span class="muted"> {entry.detail}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export function DepositsPage(props: { t: Translate; payouts: GatewayPayout[]; nextCursor: string | null; filter: Record<string, string>; timeZone: string }) {
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
