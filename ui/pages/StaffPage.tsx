// The accounts-receivable staff page: payments waiting on the bank, recent payments, pay links
// (mint, copy, revoke) and the payments export. Plain forms: it works without JavaScript.
import { Amount, Notice } from "../components";
import { ListFilterErrors, ListFilterFields, OlderLink } from "./staff/Paging";
import type { MessageKey, Translate } from "../i18n";
import { formatUsDate, formatUsDateFromMs } from "../../worker/domain/dates";
import { formatUsDateTime } from "../dates";
import { payLinkLastDay, payLinkUrl } from "../../worker/domain/pay-links";
import { staffMethodName } from "../staff-payment-methods";
import type { PayLinkView, PaymentListing, StaffDashboard } from "../../worker/domain/staff-views";
import { AlertNotices, ReconcileProblemsTable } from "./staff/AttentionLists";
import { LINK_STATE_KEYS, LinkStateTag, RefundedNote, StaffTable, StatusTag } from "./staff/parts";

export interface StaffPageProps {
  t: Translate;
  /** The firm's time zone: every staff time reads in it. */
  timeZone: string;
  dashboard: StaffDashboard;
  /** Where pay links point. */
  origin: string;
  minted?: { invoiceNumber: string; code: string }[];
  revoked?: boolean;
  mintErrors?: string[];
  mintValue?: string;
  filterInvoice?: string;
  /** The pay links list's filters (status, from, to, limit, invoice), kept by its form and its "Older" link. */
  linkFilter: Record<string, string>;
  linkFilterErrors: Record<string, string>;
  exportRange: { from: string; to: string };
}

function methodText(t: Translate, payment: PaymentListing): string {
  const kind = staffMethodName(t, payment.method, payment.cardFunding);
  return payment.methodLabel ? `${kind} · ${payment.methodLabel}` : kind;
}

function PaymentsTable({ t, payments, caption, timeZone }: { t: Translate; payments: PaymentListing[]; caption: string; timeZone: string }) {
  return (
    <StaffTable
      caption={caption}
      columns={[
        { label: t("staffColDate") },
        { label: t("staffColClient") },
        { label: t("staffColInvoices") },
        { label: t("staffColAmount"), num: true },
        { label: t("staffColFee"), num: true },
        { label: t("staffColMethod") },
        { label: t("staffColStatus") },
      ]}
    >
      {payments.map((payment) => (
        <tr>
          <td>{formatUsDateTime(payment.createdAt, timeZone)}</td>
          <td>
            {payment.clientName}
            <br />
            <span class="muted">{payment.clientNumber}</span>
          </td>
          <td>{payment.invoiceNumbers.join(", ")}</td>
          <td class="num">
            <Amount cents={payment.subtotalCents} />
            <RefundedNote t={t} cents={payment.refundedCents} />
          </td>
          <td class="num">
            <Amount cents={payment.feeCents} />
          </td>
          <td>{methodText(t, payment)}</td>
          <td>
            <StatusTag t={t} status={payment.status} />
          </td>
        </tr>
      ))}
    </StaffTable>
  );
}

function LinkRow({ t, link, origin, fresh, timeZone }: { t: Translate; link: PayLinkView; origin: string; fresh: boolean; timeZone: string }) {
  const url = payLinkUrl(origin, link.code);
  const last = link.uses[0];
  return (
    <tr class={fresh ? "fresh" : undefined} id={`link-${link.code}`}>
      <td>
        {link.invoiceNumber}
        <br />
        <span class="muted">{link.clientName}</span>
      </td>
      <td>
        <code class="link-url">{url}</code>
        <br />
        <span class="muted">{t("staffLinkCreated", { date: formatUsDateFromMs(link.createdAt), email: link.createdBy })}</span>
      </td>
      <td>{formatUsDate(payLinkLastDay(link.expiresAt))}</td>
      <td>
        {link.useCount}
        {last ? (
          <>
            <br />
            <span class="muted">{t("staffLastUse", { date: formatUsDateTime(last.usedAt, timeZone), network: last.ipPrefix, browser: last.browser })}</span>
          </>
        ) : null}
      </td>
      <td>
        <LinkStateTag t={t} state={link.state} />
      </td>
      <td>
        {link.state === "revoked" ? null : (
          <form method="post" action={`/staff/pay-links/${link.code}/revoke`}>
            <button type="submit" class="button secondary small" aria-label={t("staffRevokeLabel", { number: link.invoiceNumber, code: link.code })}>
              {t("staffRevoke")}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function StaffPage(props: StaffPageProps) {
  const { t, dashboard } = props;
  const freshCodes = new Set((props.minted ?? []).map((link) => link.code));
  return (
    <>
      <h1>{t("staffHeading")}</h1>

      {dashboard.alerts.length ? (
        <section class="card" aria-labelledby="alerts-heading" id="alerts">
          <h2 id="alerts-heading">{t("staffAlertsHeading")}</h2>
          <p class="muted">{t("staffAlertsNote")}</p>
          <AlertNotices t={t} alerts={dashboard.alerts} timeZone={props.timeZone} />
          <p>
            {dashboard.more.alerts ? `${t("staffOnlyFirst", { count: dashboard.alerts.length })} ` : null}
            <a href="/staff/alerts">{t("listAlertsLink")}</a>
          </p>
        </section>
      ) : null}

      <section class="card" aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t("staffPendingAch")}</h2>
        <p class="muted">{t("staffPendingAchNote")}</p>
        {dashboard.pendingAch.length ? (
          <PaymentsTable t={t} payments={dashboard.pendingAch} caption={t("staffPendingAch")} timeZone={props.timeZone} />
        ) : (
          <p>{t("staffPendingAchNone")}</p>
        )}
        {dashboard.more.pendingAch ? (
          <p>
            {t("staffOnlyFirst", { count: dashboard.pendingAch.length })} <a href="/staff/payments?status=processing">{t("staffAllProcessing")}</a>
          </p>
        ) : null}
      </section>

      {dashboard.reconcileProblems.length ? (
        <section class="card" aria-labelledby="reconcile-heading" id="reconcile-problems">
          <h2 id="reconcile-heading">{t("staffReconcileProblems")}</h2>
          <p class="muted">{t("staffReconcileProblemsNote")}</p>
          <ReconcileProblemsTable t={t} problems={dashboard.reconcileProblems} timeZone={props.timeZone} />
          <p>
            {dashboard.more.reconcileProblems ? `${t("staffOnlyFirst", { count: dashboard.reconcileProblems.length })} ` : null}
            <a href="/staff/reconcile-problems">{t("listReconcileLink")}</a>
          </p>
        </section>
      ) : null}

      <section class="card" aria-labelledby="payments-heading">
        <h2 id="payments-heading">{t("staffRecentPayments")}</h2>
        {dashboard.recentPayments.length ? (
          <PaymentsTable t={t} payments={dashboard.recentPayments} caption={t("staffRecentPayments")} timeZone={props.timeZone} />
        ) : (
          <p>{t("staffNoPayments")}</p>
        )}
        <p>
          {dashboard.more.recentPayments ? `${t("staffOnlyFirst", { count: dashboard.recentPayments.length })} ` : null}
          <a href="/staff/payments">{t("staffAllPayments")}</a>
        </p>
        <form method="get" action="/staff/api/payments" class="inline-form" aria-labelledby="export-heading">
          <h3 id="export-heading">{t("staffExportHeading")}</h3>
          <p class="muted">{t("staffExportHint")}</p>
          <div class="inline-fields">
            <label>
              {t("staffExportFrom")} <input type="date" name="from" value={props.exportRange.from} required />
            </label>
            <label>
              {t("staffExportTo")} <input type="date" name="to" value={props.exportRange.to} required />
            </label>
            <button type="submit" name="format" value="csv" class="button secondary small">
              {t("staffExportCsv")}
            </button>
            <button type="submit" name="format" value="json" class="button secondary small">
              {t("staffExportJson")}
            </button>
          </div>
        </form>
      </section>

      <section class="card" id="links" aria-labelledby="links-heading">
        <h2 id="links-heading">{t("staffPayLinks")}</h2>
        <p class="muted">{t("staffPayLinksNote")}</p>
        {props.minted?.length ? (
          <Notice kind="ok">
            <p>{t("staffMinted", { count: props.minted.length })}</p>
            <ul class="minted">
              {props.minted.map((link) => (
                <li>
                  {link.invoiceNumber}: <code class="link-url">{payLinkUrl(props.origin, link.code)}</code>
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {props.revoked ? <Notice kind="ok">{t("staffRevoked")}</Notice> : null}
        {props.mintErrors?.length ? (
          <div class="alert alert-error" role="alert">
            <h3>{t("staffMintFailed")}</h3>
            <ul>
              {props.mintErrors.map((message) => (
                <li>{message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action="/staff/pay-links" class="inline-form" aria-labelledby="mint-heading">
          <h3 id="mint-heading">{t("staffMintHeading")}</h3>
          <div class="field">
            <label for="invoiceNumbers">{t("staffMintLabel")}</label>
            <span class="hint" id="invoiceNumbers-hint">
              {t("staffMintHint")}
            </span>
            <input
              id="invoiceNumbers"
              name="invoiceNumbers"
              type="text"
              inputMode="numeric"
              autocomplete="off"
              value={props.mintValue ?? ""}
              aria-describedby="invoiceNumbers-hint"
              required
            />
          </div>
          <button type="submit" class="button">
            {t("staffMintButton")}
          </button>
        </form>
        <h3 id="list-heading" class="list-heading">
          {t("staffLinksHeading")}
        </h3>
        <form method="get" action="/staff#links" class="inline-form" aria-labelledby="list-heading">
          <div class="inline-fields">
            <label>
              {t("staffFilterLabel")} <input type="text" name="invoice" inputMode="numeric" value={props.filterInvoice ?? ""} size={8} />
            </label>
            <ListFilterFields
              t={t}
              filter={props.linkFilter}
              statuses={(Object.keys(LINK_STATE_KEYS) as PayLinkView["state"][]).map((state) => ({ value: state, label: t(LINK_STATE_KEYS[state]) }))}
            />
            <button type="submit" class="button secondary small">
              {t("staffFilterButton")}
            </button>
            {Object.values(props.linkFilter).some(Boolean) ? <a href="/staff#links">{t("staffFilterClear")}</a> : null}
          </div>
        </form>
        <ListFilterErrors t={t} errors={props.linkFilterErrors} />
        {dashboard.links.length ? (
          <StaffTable
            caption={t("staffPayLinks")}
            columns={[
              { label: t("staffColInvoice") },
              { label: t("staffColLink") },
              { label: t("staffColExpires") },
              { label: t("staffColUses") },
              { label: t("staffColStatus") },
              { label: <span class="visually-hidden">{t("staffRevoke")}</span> },
            ]}
          >
            {dashboard.links.map((link) => (
              <LinkRow t={t} link={link} origin={props.origin} fresh={freshCodes.has(link.code)} timeZone={props.timeZone} />
            ))}
          </StaffTable>
        ) : (
          <p>{t("staffNoLinks")}</p>
        )}
        <OlderLink t={t} path="/staff" filter={props.linkFilter} nextCursor={dashboard.linksNextCursor} hash="links" />
      </section>
    </>
  );
}
