// Staff search: one box, results grouped by kind (clients, invoices, payments, pay links, help
// requests). A plain GET form: it works without JavaScript.
import { Amount } from "../../components";
import type { MessageKey, Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import type { SearchAnswer, SearchResult } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { statusLabel } from "./HelpInbox";
import { LinkStateTag, StatusTag } from "./parts";

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
          <a href={`/staff/clients/${result.clientNumber}#items`}>{t("invoiceLabel", { number: result.invoiceNumber })}</a> · {formatUsDate(result.itemDate)} ·{" "}
          <Amount cents={result.originalCents} />{" "}
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
          · {t("invoiceLabel", { number: result.invoiceNumber })} <LinkStateTag t={t} state={result.state} />{" "}
          <span class="muted">
            {result.clientName} ({result.clientNumber})
          </span>
        </li>
      );
    case "help_request":
      return (
        <li>
          <a href={`/staff/help/${result.id}`}>{result.reference}</a> · {result.name}, {result.company} · {formatUsDateTime(result.submittedAt, timeZone)} ·{" "}
          {statusLabel(t, result.status)}
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
          {answer.morePayments ? (
            <p class="muted">
              {t("opsMoreAmountPayments")} <a href="/staff/payments">{t("staffAllPayments")}</a>
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
