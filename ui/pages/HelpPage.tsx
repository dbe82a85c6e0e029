// "Need help?": the form (also the htmx fragment returned with its errors) and the confirmation
// that replaces it, with the reference and the dates "1-2 business days" means.
import type { ComponentChildren } from "preact";
import { ErrorSummary, SelectField, Spinner, TextAreaField, TextField } from "../components";
import type { Language, MessageKey, Translate } from "../i18n/client";
import { HELP_LIMITS, HELP_TOPICS, type HelpField, type HelpFieldError } from "../../worker/domain/help";
import { formatDayLong } from "../dates";

export type HelpValues = Record<HelpField, string>;

export const EMPTY_HELP_VALUES: HelpValues = { name: "", email: "", phone: "", company: "", number: "", topic: "", message: "" };

/** Turnstile: the real widget only with a real sitekey; otherwise the test token, no script. */
export interface ChallengeWidget {
  siteKey: string;
  real: boolean;
  /** Posted in place of the widget's answer when the sitekey is a test one. */
  testToken: string;
}

export interface HelpFormProps {
  t: Translate;
  language: Language;
  values: HelpValues;
  fieldErrors?: Partial<Record<HelpField, HelpFieldError>>;
  formError?: string;
  sessionClientNumber: string | null;
  challenge: ChallengeWidget;
  arEmail: string;
}

const REQUIRED_MESSAGES: Record<HelpField, MessageKey> = {
  name: "errorHelpNameRequired",
  email: "errorHelpEmailRequired",
  phone: "errorHelpPhoneFormat",
  company: "errorHelpCompanyRequired",
  number: "errorHelpNumberFormat",
  topic: "errorHelpTopicRequired",
  message: "errorHelpMessageRequired",
};

const FORMAT_MESSAGES: Partial<Record<HelpField, MessageKey>> = {
  email: "errorHelpEmailFormat",
  phone: "errorHelpPhoneFormat",
  number: "errorHelpNumberFormat",
};

export function helpFieldMessage(t: Translate, field: HelpField, error: HelpFieldError): string {
  if (error === "too_long") return t("errorTooLong", { max: HELP_LIMITS[field as keyof typeof HELP_LIMITS] });
  if (error === "format") return t(FORMAT_MESSAGES[field] ?? REQUIRED_MESSAGES[field]);
  return t(REQUIRED_MESSAGES[field]);
}

export function topicLabel(t: Translate, topic: string): string {
  const known = HELP_TOPICS.find((candidate) => candidate === topic);
  return known ? t(`topic_${known}`) : topic;
}

const FIELD_ORDER: HelpField[] = ["name", "email", "phone", "company", "number", "topic", "message"];

export function HelpForm(props: HelpFormProps) {
  const { t, values, fieldErrors = {} } = props;
  const message = (field: HelpField) => {
    const error = fieldErrors[field];
    return error ? helpFieldMessage(t, field, error) : undefined;
  };
  const summary = FIELD_ORDER.map(message).filter((m): m is string => Boolean(m));
  return (
    <form id="help-form" class="card" method="post" action="/help" hx-post="/help" hx-target="this" hx-swap="outerHTML" hx-disable="find button" novalidate>
      {props.formError ? (
        <div class="alert alert-error" role="alert" data-focus-on-swap tabindex={-1}>
          {props.formError}
        </div>
      ) : null}
      <ErrorSummary heading={t("errorsHeading")} messages={summary} />
      <TextField name="name" label={t("helpName")} value={values.name} error={message("name")} autocomplete="name" maxLength={HELP_LIMITS.name} />
      <TextField
        name="email"
        type="email"
        label={t("helpEmail")}
        hint={t("helpEmailHint")}
        value={values.email}
        error={message("email")}
        autocomplete="email"
        inputMode="email"
        maxLength={HELP_LIMITS.email}
      />
      <TextField
        name="phone"
        type="tel"
        label={t("helpPhone")}
        value={values.phone}
        error={message("phone")}
        autocomplete="tel"
        inputMode="tel"
        required={false}
        maxLength={HELP_LIMITS.phone}
      />
      <TextField
        name="company"
        label={t("helpCompany")}
        value={values.company}
        error={message("company")}
        autocomplete="organization"
        maxLength={HELP_LIMITS.company}
      />
      {props.sessionClientNumber ? (
        <div class="field">
          <label for="session-client-number">{t("clientNumberLabel")}</label>
          <span class="hint" id="session-client-number-hint">
            {t("helpSessionClientNote")}
          </span>
          <input id="session-client-number" type="text" value={props.sessionClientNumber} readOnly aria-describedby="session-client-number-hint" />
        </div>
      ) : null}
      <TextField
        name="number"
        label={props.sessionClientNumber ? t("helpNumberInSession") : t("helpNumber")}
        hint={props.sessionClientNumber ? undefined : t("helpNumberHint")}
        value={values.number}
        error={message("number")}
        inputMode="numeric"
        required={false}
        maxLength={HELP_LIMITS.number}
      />
      <SelectField
        name="topic"
        label={t("helpTopic")}
        value={values.topic}
        error={message("topic")}
        options={[{ value: "", label: t("helpChooseTopic") }, ...HELP_TOPICS.map((topic) => ({ value: topic, label: topicLabel(t, topic) }))]}
      />
      <TextAreaField
        name="message"
        label={t("helpMessage")}
        hint={t("helpMessageHint", { max: HELP_LIMITS.message })}
        value={values.message}
        error={message("message")}
        maxLength={HELP_LIMITS.message}
        rows={8}
      />
      {props.challenge.real ? (
        <>
          <div class="cf-turnstile" data-sitekey={props.challenge.siteKey} data-language={props.language} data-action="help" />
          <noscript>
            <p class="muted">{t("helpNeedsJavaScript", { email: props.arEmail })}</p>
          </noscript>
        </>
      ) : (
        <input type="hidden" name="cf-turnstile-response" value={props.challenge.testToken} />
      )}
      <div class="actions">
        <button type="submit" class="button">
          {t("helpSend")} <Spinner />
        </button>
      </div>
    </form>
  );
}

export interface HelpSentProps {
  t: Translate;
  language: Language;
  reference: string;
  window: { from: string; to: string };
  email: string;
  inSession: boolean;
}

/** Takes the form's place (same id), in the page or as the htmx fragment. */
export function HelpSent(props: HelpSentProps) {
  const { t } = props;
  return (
    <section id="help-form" class="card" aria-labelledby="help-sent-heading">
      <h2 id="help-sent-heading" data-focus-on-swap tabindex={-1}>
        {t("helpSentHeading")}
      </h2>
      <div class="alert alert-ok" role="status">
        {t("helpSentBody", { from: formatDayLong(props.window.from, props.language), to: formatDayLong(props.window.to, props.language) })}
      </div>
      <p>
        {t("helpSentReference")}:{" "}
        <strong id="help-reference" class="reference">
          {props.reference}
        </strong>
      </p>
      <p class="muted">{t("helpSentReferenceNote", { email: props.email })}</p>
      <div class="actions">
        <a class="button secondary" href={props.inSession ? "/portal" : "/"}>
          {props.inSession ? t("backToAccount") : t("startOver")}
        </a>
      </div>
    </section>
  );
}

export function HelpPage(props: { t: Translate; challenge: ChallengeWidget; children: ComponentChildren }) {
  const { t } = props;
  return (
    <>
      <h1>{t("needHelp")}</h1>
      <p class="lede">{t("helpIntro")}</p>
      {props.children}
      {props.challenge.real ? <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer /> : null}
    </>
  );
}
