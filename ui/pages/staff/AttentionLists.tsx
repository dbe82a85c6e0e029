// What needs the staff's attention, each as a full paged list: payment alerts, payments the
// reconciliation could not check, and the queues' dead letters. The dashboard and the help inbox
// show the first rows of each (with the same pieces) and link here.
import { Amount, Notice } from "../../components";
import { formatUsDateTime } from "../../dates";
import type { MessageKey, Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import {
  ALERT_KINDS,
  DEAD_LETTER_STATUSES,
  type AlertKind,
  type DeadLetterView,
  type ReconcileProblem,
  type StaffAlert,
} from "../../../worker/domain/staff-views";
import { DeadLetterItems } from "./HelpInbox";
import { ListFilterErrors, ListFilterFields, OlderLink } from "./Paging";
import { STATUS_KEYS, StaffTable, StatusTag } from "./parts";

const ALERT_KIND_KEYS: Record<AlertKind, MessageKey> = {
  succeeded_after_failure: "alertKind_succeeded_after_failure",
  refund_refused: "alertKind_refund_refused",
  webhook_api_version: "alertKind_webhook_api_version",
};

export function alertText(t: Translate, alert: StaffAlert): string {
  const cents = (key: string) => formatCents(Number(alert.details[key] ?? 0));
  switch (alert.kind) {
    case "succeeded_after_failure":
      return t("staffAlertSucceededAfterFailure", { payment: alert.paymentId ?? "", amount: cents("totalCents") });
    case "refund_refused":
      return t("staffAlertRefundRefused", { payment: alert.paymentId ?? "", amount: cents("amountCents") });
    default:
      return t("staffAlertWebhookApiVersion", { received: String(alert.details.received ?? ""), expected: String(alert.details.expected ?? "") });
  }
}

function kindLabel(t: Translate, kind: string): string {
  const known = ALERT_KINDS.find((k) => k === kind);
  return known ? t(ALERT_KIND_KEYS[known]) : kind;
}

/** The dashboard's short list: each alert as a notice. */
export function AlertNotices({ t, alerts, timeZone }: { t: Translate; alerts: StaffAlert[]; timeZone: string }) {
  return (
    <>
      {alerts.map((alert) => (
        <Notice kind="error">
          {formatUsDateTime(alert.at, timeZone)}: {alertText(t, alert)}
        </Notice>
      ))}
    </>
  );
}

export function ReconcileProblemsTable({ t, problems, timeZone }: { t: Translate; problems: ReconcileProblem[]; timeZone: string }) {
  return (
    <StaffTable
      caption={t("staffReconcileProblems")}
      columns={[
        { label: t("staffColDate") },
        { label: t("staffColClient") },
        { label: t("reference") },
        { label: t("staffColAmount"), num: true },
        { label: t("staffColStatus") },
        { label: t("staffReconcileError") },
      ]}
    >
      {problems.map((problem) => (
        <tr data-payment={problem.id}>
          <td>{formatUsDateTime(problem.reconcileErrorAt, timeZone)}</td>
          <td>
            {problem.clientName}
            <br />
            <span class="muted">{problem.clientNumber}</span>
          </td>
          <td>
            <a href={`/staff/payments/${encodeURIComponent(problem.id)}`}>
              <code>{problem.stripePaymentIntentId ?? problem.id}</code>
            </a>
          </td>
          <td class="num">
            <Amount cents={problem.totalCents} />
          </td>
          <td>
            <StatusTag t={t} status={problem.status} />
          </td>
          <td>
            <code>{problem.reconcileError}</code>
          </td>
        </tr>
      ))}
    </StaffTable>
  );
}

interface ListProps<T> {
  t: Translate;
  rows: T[];
  nextCursor: string | null;
  /** The filters as typed (kept by the form and "Older"). */
  filter: Record<string, string>;
  errors: Record<string, string>;
  /** The firm's time zone: every staff time reads in it. */
  timeZone: string;
}

/** The filter form every list here shares: its one-of filter, the dates, the button. */
function FilterForm(props: {
  t: Translate;
  path: string;
  filter: Record<string, string>;
  errors: Record<string, string>;
  statuses: { value: string; label: string }[];
  statusParam?: string;
  statusLabel?: string;
  anyLabel?: string;
}) {
  const { t } = props;
  return (
    <>
      <form method="get" action={props.path} class="inline-form">
        <div class="inline-fields">
          <ListFilterFields
            t={t}
            filter={props.filter}
            statuses={props.statuses}
            statusParam={props.statusParam}
            statusLabel={props.statusLabel}
            anyLabel={props.anyLabel}
          />
          <button type="submit" class="button secondary small">
            {t("staffFilterApply")}
          </button>
        </div>
      </form>
      <ListFilterErrors t={t} errors={props.errors} />
    </>
  );
}

export function AlertsPage(props: ListProps<StaffAlert>) {
  const { t, filter } = props;
  const kinds = ALERT_KINDS.map((kind) => ({ value: kind, label: kindLabel(t, kind) }));
  return (
    <>
      <h1>{t("listAlertsHeading")}</h1>
      <section class="card">
        <p class="muted">{t("staffAlertsNote")}</p>
        <FilterForm
          t={t}
          path="/staff/alerts"
          filter={filter}
          errors={props.errors}
          statuses={kinds}
          statusParam="kind"
          statusLabel={t("listAlertKind")}
          anyLabel={t("listAnyKind")}
        />
        {props.rows.length ? (
          <StaffTable caption={t("listAlertsHeading")} columns={[{ label: t("staffColDate") }, { label: t("listAlertKind") }, { label: t("listAlertWhat") }]}>
            {props.rows.map((alert) => (
              <tr data-alert={alert.id}>
                <td>{formatUsDateTime(alert.at, props.timeZone)}</td>
                <td>{kindLabel(t, alert.kind)}</td>
                <td>
                  {alertText(t, alert)}
                  {alert.paymentId ? (
                    <>
                      {" "}
                      <a href={`/staff/payments/${encodeURIComponent(alert.paymentId)}`}>{t("listOpenPayment")}</a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </StaffTable>
        ) : (
          <p>{t("listNoAlerts")}</p>
        )}
        <OlderLink t={t} path="/staff/alerts" filter={filter} nextCursor={props.nextCursor} />
      </section>
    </>
  );
}

export function ReconcileProblemsPage(props: ListProps<ReconcileProblem>) {
  const { t, filter } = props;
  const statuses = Object.keys(STATUS_KEYS).map((status) => ({ value: status, label: t(STATUS_KEYS[status]!) }));
  return (
    <>
      <h1>{t("staffReconcileProblems")}</h1>
      <section class="card">
        <p class="muted">{t("staffReconcileProblemsNote")}</p>
        <FilterForm t={t} path="/staff/reconcile-problems" filter={filter} errors={props.errors} statuses={statuses} />
        {props.rows.length ? <ReconcileProblemsTable t={t} problems={props.rows} timeZone={props.timeZone} /> : <p>{t("listNoReconcileProblems")}</p>}
        <OlderLink t={t} path="/staff/reconcile-problems" filter={filter} nextCursor={props.nextCursor} />
      </section>
    </>
  );
}

export function DeadLettersPage(props: ListProps<DeadLetterView> & { notice?: string }) {
  const { t, filter } = props;
  const statuses = DEAD_LETTER_STATUSES.map((status) => ({ value: status, label: t(`deadStatus_${status}`) }));
  return (
    <>
      <h1>{t("staffDeadLettersHeading")}</h1>
      {props.notice ? <Notice kind="info">{props.notice}</Notice> : null}
      <section class="card" id="dead-letters">
        <p class="muted">{t("staffDeadLettersIntro")}</p>
        <FilterForm t={t} path="/staff/dead-letters" filter={filter} errors={props.errors} statuses={statuses} />
        {props.rows.length ? <DeadLetterItems t={t} letters={props.rows} timeZone={props.timeZone} back="list" /> : <p>{t("listNoDeadLetters")}</p>}
        <OlderLink t={t} path="/staff/dead-letters" filter={filter} nextCursor={props.nextCursor} />
      </section>
    </>
  );
}
