// One help request for the staff: everything the client typed (as text), the due date, the
// status form with an internal note, and the history of who changed what.
import { Notice, SelectField, TextAreaField } from "../../components";
import type { Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import { HELP_LIMITS, HELP_STATUSES } from "../../../worker/domain/help";
import { LANGUAGES, languageOr } from "../../../worker/domain/language";
import type { HelpEventView, InboxRow } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { topicLabel } from "../HelpPage";
import { OverdueTag, statusLabel } from "./HelpInbox";

export function HelpInboxDetail(props: {
  t: Translate;
  row: InboxRow;
  events: HelpEventView[];
  timeZone: string;
  notice?: string;
  error?: string;
  note?: string;
}) {
  const { t } = props;
  const { request, overdue } = props.row;
  const notGiven = t("staffNotGiven");
  const facts: [string, string][] = [
    [t("staffColReceived"), formatUsDateTime(request.submittedAt, props.timeZone)],
    [t("staffFieldName"), request.name],
    [t("staffFieldEmail"), request.email],
    [t("staffFieldPhone"), request.phone ?? notGiven],
    [t("staffFieldCompany"), request.company],
    [t("staffFieldSessionClient"), request.sessionClientNumber ?? notGiven],
    [t("staffFieldTypedNumber"), request.typedNumber ?? notGiven],
    [t("helpTopic"), topicLabel(t, request.topic)],
    [t("staffFieldLanguage"), LANGUAGES[languageOr(request.language)].name],
    [t("staffFilterStatus"), statusLabel(t, request.status)],
  ];
  return (
    <>
      <p>
        <a href="/staff/help">← {t("staffBackToList")}</a>
      </p>
      <h1>{t("staffDetailHeading", { reference: request.reference })}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <section class="card">
        <dl class="figures details">
          {facts.map(([label, value]) => (
            <div>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <div>
            <dt>{t("staffColDue")}</dt>
            <dd id="due-date">
              {formatUsDate(request.dueDate)} {overdue ? <OverdueTag t={t} /> : null}
            </dd>
          </div>
        </dl>
        <h2>{t("staffFieldMessage")}</h2>
        <p class="message-text" id="help-message">
          {request.message}
        </p>
      </section>
      <form class="card" method="post" action={`/staff/help/${request.reference}`} novalidate>
        <h2>{t("staffUpdateHeading")}</h2>
        {props.error ? (
          <div class="alert alert-error" role="alert">
            {props.error}
          </div>
        ) : null}
        <input type="hidden" name="seenStatus" value={request.status} />
        <SelectField
          name="status"
          label={t("staffFilterStatus")}
          value={request.status}
          options={HELP_STATUSES.map((status) => ({ value: status, label: statusLabel(t, status) }))}
        />
        <TextAreaField
          name="note"
          label={t("staffNote")}
          hint={t("staffNoteHint")}
          value={props.note ?? ""}
          maxLength={HELP_LIMITS.note}
          rows={4}
          required={false}
        />
        <div class="actions">
          <button type="submit" class="button">
            {t("staffSave")}
          </button>
        </div>
      </form>
      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("staffHistory")}</h2>
        {props.events.length === 0 ? (
          <p>{t("staffNoHistory")}</p>
        ) : (
          <ol class="history">
            {props.events.map((event) => (
              <li>
                <p>
                  <strong>{formatUsDateTime(event.at, props.timeZone)}</strong> · {event.staffEmail}
                </p>
                {event.fromStatus && event.toStatus ? (
                  <p>{t("staffHistoryStatus", { from: statusLabel(t, event.fromStatus), to: statusLabel(t, event.toStatus) })}</p>
                ) : null}
                {event.note ? <p class="message-text">{event.note}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
