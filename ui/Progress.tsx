// The step indicator: where the client is in the payment, announced to screen readers.
import type { MessageKey, Translate } from "./i18n/client";

export type Step = "find" | "items" | "method" | "amounts" | "details" | "review" | "done";

const STEPS: { step: Step; label: MessageKey }[] = [
  { step: "find", label: "stepFind" },
  { step: "items", label: "stepItems" },
  { step: "method", label: "stepMethod" },
  { step: "amounts", label: "stepAmounts" },
  { step: "details", label: "stepDetails" },
  { step: "review", label: "stepReview" },
  { step: "done", label: "stepDone" },
];

export function Progress({ t, current }: { t: Translate; current: Step }) {
  const index = STEPS.findIndex((s) => s.step === current);
  return (
    <nav class="progress" aria-label={t("progressLabel")}>
      <ol>
        {STEPS.map((s, i) => (
          <li class={i < index ? "done" : i === index ? "current" : undefined} aria-current={i === index ? "step" : undefined}>
            <span class="progress-number" aria-hidden="true">
              {i < index ? "✓" : i + 1}
            </span>
            <span class="progress-label">{t(s.label)}</span>
            {i < index ? <span class="visually-hidden"> ({t("stepCompleted")})</span> : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}
