// Small shared pieces: one definition of how fields, errors and amounts look.
import type { ComponentChildren } from "preact";
import { formatCents } from "../worker/domain/money";

export function Amount(props: { cents: number; id?: string }) {
  return (
    <span class="amount" id={props.id}>
      {formatCents(props.cents)}
    </span>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  inputMode?: "numeric" | "decimal" | "text" | "email" | "tel";
  autocomplete?: string;
  autofocus?: boolean;
  type?: "text" | "email" | "tel";
  /** Defaults to true. */
  required?: boolean;
  maxLength?: number;
}) {
  const hintId = `${props.name}-hint`;
  const errorId = `${props.name}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={props.name}
        name={props.name}
        // The union of input types is fine at run time; preact's types want one literal.
        type={(props.type ?? "text") as "text"}
        value={props.value}
        inputMode={props.inputMode}
        autocomplete={props.autocomplete ?? "off"}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        autofocus={props.autofocus}
        required={props.required ?? true}
        maxLength={props.maxLength}
      />
      {props.error ? (
        <span class="field-error" id={errorId}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function ErrorSummary(props: { heading: string; messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="alert alert-error" role="alert">
      <h2>{props.heading}</h2>
      <ul>
        {props.messages.map((message) => (
          <li>{message}</li>
        ))}
      </ul>
    </div>
  );
}

export function Notice(props: { kind: "info" | "ok" | "error"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}

export function Spinner() {
  return <span class="spinner htmx-indicator" aria-hidden="true" />;
}

/** Label, hint and error wiring shared by the multi-line and choice fields below. */
function describedByOf(name: string, hint?: string, error?: string) {
  const ids = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return ids || undefined;
}

function FieldHintAndError(props: { name: string; hint?: string; error?: string; position: "hint" | "error" }) {
  if (props.position === "hint") {
    return props.hint ? (
      <span class="hint" id={`${props.name}-hint`}>
        {props.hint}
      </span>
    ) : null;
  }
  return props.error ? (
    <span class="field-error" id={`${props.name}-error`}>
      {props.error}
    </span>
  ) : null;
}

export function TextAreaField(props: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  maxLength?: number;
  rows?: number;
  required?: boolean;
}) {
  return (
    <div class="field field-wide">
      <label for={props.name}>{props.label}</label>
      <FieldHintAndError name={props.name} hint={props.hint} position="hint" />
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 6}
        maxLength={props.maxLength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedByOf(props.name, props.hint, props.error)}
        required={props.required ?? true}
      >
        {props.value}
      </textarea>
      <FieldHintAndError name={props.name} error={props.error} position="error" />
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  options: { value: string; label: string }[];
  required?: boolean;
}) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <FieldHintAndError name={props.name} hint={props.hint} position="hint" />
      <select
        id={props.name}
        name={props.name}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedByOf(props.name, props.hint, props.error)}
        required={props.required ?? true}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldHintAndError name={props.name} error={props.error} position="error" />
    </div>
  );
}
