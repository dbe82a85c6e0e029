// /dev/mailbox (local development only): every outbox email, newest first, as it was sent or,
// while still waiting, as it would be rendered now. The HTML part is shown in a sandboxed frame
// (no scripts, no same-origin access), from srcdoc: Preact escapes it as an attribute value.
import type { Translate } from "../i18n";
import { formatUsDateTime } from "../dates";

export interface MailboxEntry {
  id: number;
  kind: string;
  status: string;
  createdAt: number;
  email: { from: string; to: string; cc: string | null; replyTo: string | null; subject: string; text: string; html: string } | null;
  error: string | null;
}

const OUTBOX_STATUS_KEYS = ["pending", "sending", "sent", "failed", "unconfirmed"] as const;

function outboxStatus(t: Translate, status: string): string {
  const known = OUTBOX_STATUS_KEYS.find((s) => s === status);
  return known ? t(`outbox_${known}`) : status;
}

export function DevMailboxPage(props: { t: Translate; entries: MailboxEntry[]; timeZone: string }) {
  const { t } = props;
  return (
    <>
      <h1>{t("mailboxHeading")}</h1>
      <p class="lede">{t("mailboxIntro")}</p>
      {props.entries.length === 0 ? <p>{t("mailboxEmpty")}</p> : null}
      {props.entries.map((entry) => (
        <article class="card mail" id={`mail-${entry.id}`} data-kind={entry.kind} data-status={entry.status}>
          <h2>
            {entry.email?.subject ?? entry.kind} <span class="tag">{outboxStatus(t, entry.status)}</span>
          </h2>
          <p class="muted">
            #{entry.id} · {entry.kind} · {formatUsDateTime(entry.createdAt, props.timeZone)}
          </p>
          {entry.email ? (
            <>
              <dl class="figures details">
                <div>
                  <dt>{t("mailboxFrom")}</dt>
                  <dd>{entry.email.from}</dd>
                </div>
                <div>
                  <dt>{t("mailboxTo")}</dt>
                  <dd>{entry.email.to}</dd>
                </div>
                {entry.email.cc ? (
                  <div>
                    <dt>{t("mailboxCc")}</dt>
                    <dd>{entry.email.cc}</dd>
                  </div>
                ) : null}
                {entry.email.replyTo ? (
                  <div>
                    <dt>{t("mailboxReplyTo")}</dt>
                    <dd>{entry.email.replyTo}</dd>
                  </div>
                ) : null}
              </dl>
              <details open>
                <summary>{t("mailboxText")}</summary>
                <pre class="mail-text">{entry.email.text}</pre>
              </details>
              <details>
                <summary>{t("mailboxHtml")}</summary>
                <iframe class="mail-html" sandbox="" srcdoc={entry.email.html} title={`${t("mailboxHtml")}: ${entry.email.subject}`} />
              </details>
            </>
          ) : (
            <p class="alert alert-error">{t("mailboxNotRendered", { error: entry.error ?? "" })}</p>
          )}
        </article>
      ))}
    </>
  );
}
