// Help emails: the request for the accounts-receivable team (everything the client typed, as
// text), and a short acknowledgment to the client. The acknowledgment repeats nothing the client
// typed, so the form cannot be used to send someone else a message of one's choosing.
import { translator, type Language } from "../i18n";
import { formatUsDate } from "../../worker/domain/dates";
import { LANGUAGES, languageOr } from "../../worker/domain/language";
import { formatDayLong, formatUsDateTime } from "../dates";
import { topicLabel } from "../pages/HelpPage";
import type { HelpEmailRequest, RenderedEmail } from "../../worker/domain/emails";
import { Facts, Lines, emailHtml, textFacts } from "./EmailLayout";

export type { HelpEmailRequest };

export function renderHelpReceivedEmail(request: HelpEmailRequest, options: { language: Language; firmName: string; timeZone: string }): RenderedEmail {
  const t = translator(options.language);
  const subject = t("emailHelpReceivedSubject", { reference: request.reference, topic: topicLabel(t, request.topic) });
  const intro = t("emailHelpReceivedIntro", { due: formatUsDate(request.dueDate) });
  const notGiven = t("staffNotGiven");
  const facts: [string, string][] = [
    [t("staffColReference"), request.reference],
    [t("staffColReceived"), formatUsDateTime(request.submittedAt, options.timeZone)],
    [t("staffColDue"), formatUsDate(request.dueDate)],
    [t("staffFieldName"), request.name],
    [t("staffFieldEmail"), request.email],
    [t("staffFieldPhone"), request.phone ?? notGiven],
    [t("staffFieldCompany"), request.company],
    [t("staffFieldSessionClient"), request.sessionClientNumber ?? notGiven],
    [t("staffFieldTypedNumber"), request.typedNumber ?? notGiven],
    [t("helpTopic"), topicLabel(t, request.topic)],
    [t("staffFieldLanguage"), LANGUAGES[languageOr(request.language)].name],
  ];
  const text = [intro, textFacts(facts), `${t("staffFieldMessage")}:\n${request.message}`, `--\n${t("emailFooter", { firm: options.firmName })}`].join("\n\n");
  const html = emailHtml({
    language: options.language,
    subject,
    t,
    firmName: options.firmName,
    children: (
      <>
        <p>{intro}</p>
        <Facts rows={facts} />
        <p>
          <strong>{t("staffFieldMessage")}</strong>
        </p>
        <Lines text={request.message} />
      </>
    ),
  });
  return { subject, text, html };
}

export function renderHelpAckEmail(
  request: Pick<HelpEmailRequest, "reference" | "topic">,
  window: { from: string; to: string },
  options: { language: Language; firmName: string; arEmail: string },
): RenderedEmail {
  const t = translator(options.language);
  const subject = t("emailHelpAckSubject", { reference: request.reference });
  const intro = t("emailHelpAckIntro", {
    topic: topicLabel(t, request.topic),
    from: formatDayLong(window.from, options.language),
    to: formatDayLong(window.to, options.language),
  });
  const paragraphs = [
    t("emailGreeting"),
    intro,
    t("emailHelpAckReference", { reference: request.reference }),
    t("emailQuestions", { email: options.arEmail }),
    t("emailHelpAckNotYou"),
  ];
  const text = [...paragraphs, `${t("emailThanks")}\n${options.firmName}`, `--\n${t("emailFooter", { firm: options.firmName })}`].join("\n\n");
  const html = emailHtml({
    language: options.language,
    subject,
    t,
    firmName: options.firmName,
    children: (
      <>
        {paragraphs.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
        <p>
          {t("emailThanks")}
          <br />
          {options.firmName}
        </p>
      </>
    ),
  });
  return { subject, text, html };
}
