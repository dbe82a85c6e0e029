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
        type="text"
        value={props.value}
        inputMode={props.inputMode}
        autocomplete={props.autocomplete ?? "off"}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        autofocus={props.autofocus}
        required
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
