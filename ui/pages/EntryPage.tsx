// Step 1: find your invoices. The form is also the htmx fragment returned with its errors.
import { ErrorSummary, Notice, Spinner, TextField } from "../components";
import { Progress } from "../Progress";
import type { Translate } from "../i18n/client";

export interface LookupFormProps {
  t: Translate;
  values: { invoiceNumber: string; invoiceTotal: string };
  fieldErrors?: { invoiceNumber?: string; invoiceTotal?: string };
  /** A message about the pair as a whole (no match, locked out): never says which part was wrong. */
  formError?: string;
}

export function LookupForm({ t, values, fieldErrors = {}, formError }: LookupFormProps) {
  const fieldMessages = [fieldErrors.invoiceNumber, fieldErrors.invoiceTotal].filter((m): m is string => Boolean(m));
  return (
    <form
      id="lookup-form"
      class="card"
      method="post"
      action="/lookup"
      hx-post="/lookup"
      hx-target="this"
      hx-swap="outerHTML"
      hx-disable="find button"
      novalidate
    >
      {formError ? (
        <div class="alert alert-error" role="alert" data-focus-on-swap tabindex={-1}>
          {formError}
        </div>
      ) : null}
      <ErrorSummary heading={t("errorsHeading")} messages={fieldMessages} />
      <TextField
        name="invoiceNumber"
        label={t("invoiceNumber")}
        hint={t("invoiceNumberHint")}
        value={values.invoiceNumber}
        error={fieldErrors.invoiceNumber}
        inputMode="numeric"
      />
      <TextField
        name="invoiceTotal"
        label={t("invoiceTotal")}
        hint={t("invoiceTotalHint")}
        value={values.invoiceTotal}
        error={fieldErrors.invoiceTotal}
        inputMode="decimal"
      />
      <div class="actions">
        <button type="submit" class="button">
          {t("continue")} <Spinner />
        </button>
      </div>
    </form>
  );
}

export function EntryPage(props: LookupFormProps & { notice?: string }) {
  const { t } = props;
  return (
    <>
      <Progress t={t} current="find" />
      <h1>{t("entryHeading")}</h1>
      <p class="lede">{t("entryIntro")}</p>
      {props.notice ? <Notice kind="info">{props.notice}</Notice> : null}
      <LookupForm {...props} />
    </>
  );
}
