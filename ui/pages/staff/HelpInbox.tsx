// The staff's help inbox: filters, the list (newest first, refreshed by htmx polling), and the
// dead letters. Overdue requests carry the word "Overdue" and an icon, not just a colour.
import { Notice } from "../../components";
import type { Translate } from "../../i18n";
import { formatUsDate } from "../../../worker/domain/dates";
import { HELP_STATUSES, HELP_TOPICS } from "../../../worker/domain/help";
import { DEAD_LETTER_STATUSES, type DeadLetterView, type InboxRow } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { topicLabel } from "../HelpPage";
import { ListFilterErrors, OlderLink } from "./Paging";

export function statusLabel(t: Translate, status: string): string {
  const known = HELP_STATUSES.find((s) => s === status);
  return known ? t(`status_${known}`) : status;
}

/** The filters (and the page's cursor) as a query string: the polled list stays on the same page. */
export function filterQuery(filter: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== "")).toString();
  return query ? `?${query}` : "";
}

export function OverdueTag({ t }: { t: Translate }) {
  return (
    <span class="tag tag-overdue">
      <span aria-hidden="true">⚠ </span>
      {t("staffOverdue")}
    </span>
  );
}

/**
 * The list, alone: the fragment the page polls every 10 seconds (the same page: its cursor rides
 * along), with its "Older" link.
 */
export function HelpInboxList(props: {
  t: Translate;
  rows: InboxRow[];
  filter: Record<string, string>;
  cursor: string;
  nextCursor: string | null;
  errors: Record<string, string>;
  timeZone: string;
}) {
  const { t } = props;
  const polled = filterQuery({ ...props.filter, cursor: props.cursor });
  return (
    <div id="help-list" hx-get={`/staff/help/list${polled}`} hx-trigger="every 10s" hx-swap="outerHTML">
      <ListFilterErrors t={t} errors={props.errors} />
      {props.rows.length === 0 ? (
        <p>{t("staffNoRequests")}</p>
      ) : (
        <table class="items help-list">
          <caption class="visually-hidden">{t("staffHelpHeading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffColReference")}</th>
              <th scope="col">{t("staffColReceived")}</th>
              <th scope="col">{t("staffColFrom")}</th>
              <th scope="col">{t("staffFilterTopic")}</th>
              <th scope="col">{t("staffFilterStatus")}</th>
              <th scope="col">{t("staffColDue")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map(({ request, overdue }) => (
              <tr class={overdue ? "overdue" : undefined} data-reference={request.reference}>
                <td>
                  <a href={`/staff/help/${request.reference}`}>{request.reference}</a>
                </td>
                <td>{formatUsDateTime(request.submittedAt, props.timeZone)}</td>
                <td>
                  {request.name}
                  <br />
                  <span class="muted">{request.company}</span>
                </td>
                <td>{topicLabel(t, request.topic)}</td>
                <td>{statusLabel(t, request.status)}</td>
                <td>
                  {formatUsDate(request.dueDate)} {overdue ? <OverdueTag t={t} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OlderLink t={t} path="/staff/help" filter={props.filter} nextCursor={props.nextCursor} />
    </div>
  );
}

function deadLetterTitle(t: Translate, view: DeadLetterView): string {
  const summary = view.summary;
  if (summary.kind === "help") return t("deadLetterHelp", { reference: summary.message.reference, name: summary.message.draft.name });
  if (summary.kind === "email") return t("deadLetterEmail", { id: summary.outboxId, kind: summary.emailKind ?? "?", recipient: summary.recipient ?? "?" });
  return t("deadLetterUnreadable");
}

function reasonText(t: Translate, reason: string): string {
  switch (reason) {
    case "unconfirmed":
      return t("deadReasonUnconfirmed");
    case "malformed":
      return t("deadReasonMalformed");
    case "collision":
      return t("deadReasonCollision");
    default:
      return t("deadReasonRetries");
  }
}

/** Where a resolved letter stands; an open one has its two ways out instead. */
function resolutionText(t: Translate, view: DeadLetterView, timeZone: string): string {
  const { resolution, resolvedBy, resolvedAt } = view.letter;
  const status = DEAD_LETTER_STATUSES.find((known) => known === resolution);
  return t("deadLetterResolved", {
    status: status ? t(`deadStatus_${status}`) : (resolution ?? ""),
    email: resolvedBy ?? "",
    date: resolvedAt === null ? "" : formatUsDateTime(resolvedAt, timeZone),
  });
}

/**
 * The letters themselves, for the inbox's short list and the full one (/staff/dead-letters);
 * `back` tells retry and close which of the two to return to.
 */
export function DeadLetterItems(props: { t: Translate; letters: DeadLetterView[]; timeZone: string; back: "inbox" | "list" }) {
  const { t } = props;
  return (
    <ul class="dead-letters">
      {props.letters.map((view) => (
        <li data-dead-letter={view.letter.id}>
          <p>
            <strong>{deadLetterTitle(t, view)}</strong> · {formatUsDateTime(view.letter.receivedAt, props.timeZone)}
          </p>
          <p>{reasonText(t, view.letter.reason)}</p>
          {view.summary.kind === "email" && view.summary.lastError ? (
            <p class="muted">
              {t("staffLastError")}: {view.summary.lastError}
            </p>
          ) : null}
          {view.summary.kind === "help" ? (
            <details>
              <summary>{t("staffFieldMessage")}</summary>
              <p class="message-text">{view.summary.message.draft.message}</p>
            </details>
          ) : null}
          {view.letter.resolution !== null ? (
            <p class="muted">{resolutionText(t, view, props.timeZone)}</p>
          ) : (
            <div class="actions">
              <form method="post" action={`/staff/help/dead-letters/${view.letter.id}/retry`}>
                <input type="hidden" name="back" value={props.back} />
                <button type="submit" class="button">
                  {t("staffRetry")}
                </button>
              </form>
              <form method="post" action={`/staff/help/dead-letters/${view.letter.id}/close`}>
                <input type="hidden" name="back" value={props.back} />
                <button type="submit" class="button secondary">
                  {t("staffMarkHandled")}
                </button>
              </form>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The inbox's short list of open letters: the first page of the full list, which it links to. */
export function DeadLetters(props: { t: Translate; letters: DeadLetterView[]; more: boolean; timeZone: string }) {
  const { t } = props;
  return (
    <section class="card" id="dead-letters" aria-labelledby="dead-letters-heading">
      <h2 id="dead-letters-heading">
        {t("staffDeadLettersHeading")} ({props.letters.length})
      </h2>
      <p class="muted">{t("staffDeadLettersIntro")}</p>
      <p>
        {props.more ? `${t("staffOnlyFirst", { count: props.letters.length })} ` : null}
        <a href="/staff/dead-letters">{t("listDeadLettersLink")}</a>
      </p>
      {props.letters.length === 0 ? <p>{t("staffNoDeadLetters")}</p> : <DeadLetterItems t={t} letters={props.letters} timeZone={props.timeZone} back="inbox" />}
    </section>
  );
}

export function HelpInboxPage(props: {
  t: Translate;
  staffEmail: string;
  rows: InboxRow[];
  /** status, topic, from, to, limit as typed (kept by the form, the poll, the export and "Older"). */
  filter: Record<string, string>;
  cursor: string;
  nextCursor: string | null;
  errors: Record<string, string>;
  timeZone: string;
  deadLetters: DeadLetterView[];
  moreDeadLetters: boolean;
  notice?: string;
}) {
  const { t, filter } = props;
  return (
    <>
      <h1>{t("staffHelpHeading")}</h1>
      {props.notice ? <Notice kind="info">{props.notice}</Notice> : null}
      <form class="card filters" method="get" action="/staff/help">
        <div class="field">
          <label for="filter-status">{t("staffFilterStatus")}</label>
          <select id="filter-status" name="status">
            <option value="">{t("staffFilterAll")}</option>
            {HELP_STATUSES.map((status) => (
              <option value={status} selected={filter.status === status}>
                {statusLabel(t, status)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-topic">{t("staffFilterTopic")}</label>
          <select id="filter-topic" name="topic">
            <option value="">{t("staffFilterAll")}</option>
            {HELP_TOPICS.map((topic) => (
              <option value={topic} selected={filter.topic === topic}>
                {topicLabel(t, topic)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-from">{t("staffExportFrom")}</label>
          <input id="filter-from" type="date" name="from" value={filter.from ?? ""} />
        </div>
        <div class="field">
          <label for="filter-to">{t("staffExportTo")}</label>
          <input id="filter-to" type="date" name="to" value={filter.to ?? ""} />
        </div>
        {filter.limit ? <input type="hidden" name="limit" value={filter.limit} /> : null}
        <div class="actions">
          <button type="submit" class="button">
            {t("staffFilterApply")}
          </button>
          <a class="button secondary" href={`/staff/help/export.csv${filterQuery(filter)}`} download>
            {t("staffExportCsv")}
          </a>
        </div>
      </form>
      <section class="card">
        <HelpInboxList
          t={t}
          rows={props.rows}
          filter={filter}
          cursor={props.cursor}
          nextCursor={props.nextCursor}
          errors={props.errors}
          timeZone={props.timeZone}
        />
        <p class="muted">{t("staffAutoRefresh")}</p>
      </section>
      <DeadLetters t={t} letters={props.deadLetters} more={props.moreDeadLetters} timeZone={props.timeZone} />
    </>
  );
}
