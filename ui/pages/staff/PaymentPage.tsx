// A payment's page: facts, allocations, refund, receipt resend, cancel, and its timeline in the
// firm's time zone. Plain forms: everything works without JavaScript.
import { Amount, Notice } from "../../components";
import type { MessageKey, Translate } from "../../i18n";
import { formatCents } from "../../../worker/domain/money";
import { portalMethod } from "../../../worker/domain/payment-methods";
import { staffMethodName } from "../../staff-payment-methods";
import type { PaymentView, TimelineEntry } from "../../../worker/domain/staff-views";
import { formatUsDateTime } from "../../dates";
import { StatusTag, statusName } from "./parts";

/** Stripe's refund reasons, in the refund form's order (the first is the default). */
const REFUND_REASON_KEYS: Record<string, MessageKey> = {
  requested_by_customer: "opsReasonCustomer",
  duplicate: "opsReasonDuplicate",
  fraudulent: "opsReasonFraud",
};

/** A staff member's action on the payment, in words; an action without words shows who did it. */
function StaffActionText({ t, by, action }: { t: Translate } & NonNullable<TimelineEntry["staff"]>) {
  switch (action?.action) {
    case "refund_payment": {
      const reason = REFUND_REASON_KEYS[action.reason] ? t(REFUND_REASON_KEYS[action.reason]!) : action.reason;
      const amount = formatCents(action.amountCents);
      const text =
        action.feePartCents > 0
          ? t("opsActionRefundedWithFee", { by, amount, fee: formatCents(action.feePartCents), reason })
          : t("opsActionRefunded", { by, amount, reason });
      return (
        <span class="muted">
          {" "}
          {text} <code>{action.refundId}</code>
        </span>
      );
    }
    case "resend_receipt":
      return <span class="muted"> {t("opsActionResent", { by, to: action.to })}</span>;
    case "cancel_payment":
      return <span class="muted"> {t("opsActionCanceled", { by, from: statusName(t, action.from) })}</span>;
    default:
      return <span class="muted"> {by}</span>;
  }
}

export interface PaymentPageProps {
  t: Translate;
  view: PaymentView;
  timeZone: string;
  /** A fresh one-time key per render: the refund and resend forms carry it, so a double click acts once. */
  formKey: string;
  notice?: string;
  error?: string;
  refundValue?: string;
}

const TIMELINE_KEYS: Record<string, MessageKey> = {
  attempt: "opsTimelineAttempt",
  stripe_call: "opsTimelineStripeCall",
  webhook: "opsTimelineWebhook",
  refund: "opsTimelineRefund",
  dispute: "opsTimelineDispute",
  email: "opsTimelineEmail",
  staff: "opsTimelineStaff",
  settled: "opsTimelineSettled",
};

export function PaymentPage(props: PaymentPageProps) {
  const { t, view } = props;
  const p = view.payment;
  const path = `/staff/payments/${encodeURIComponent(p.id)}`;
  const method = portalMethod(p.method);
  const funding = method?.reportsFunding ? (p.cardFunding ?? "unknown") : null;
  return (
    <>
      <h1>
        {t("opsPaymentHeading")} <Amount cents={p.totalCents} /> <StatusTag t={t} status={p.status} />
      </h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? (
        <div class="alert alert-error" role="alert" id="ops-error">
          <p>{props.error}</p>
        </div>
      ) : null}
      <section class="card" aria-labelledby="payment-facts">
        <h2 id="payment-facts">{t("opsPaymentFacts")}</h2>
        <dl class="facts">
          <dt>{t("staffColClient")}</dt>
          <dd>
            <a href={`/staff/clients/${view.client.number}`}>{view.client.name}</a> ({view.client.number})
          </dd>
          <dt>{t("staffColDate")}</dt>
          <dd>{formatUsDateTime(p.createdAt, props.timeZone)}</dd>
          <dt>{t("staffColMethod")}</dt>
          <dd>
            {staffMethodName(t, p.method, null)} {p.methodLabel ?? ""} {funding ? `· ${funding}` : ""}
          </dd>
          <dt>{t("subtotal")}</dt>
          <dd>
            <Amount cents={p.subtotalCents} />
          </dd>
          <dt>{t("staffColFee")}</dt>
          <dd>
            <Amount cents={p.feeCents} />
          </dd>
          <dt>{t("opsRefundedSoFar")}</dt>
          <dd>
            <Amount cents={p.refundedCents} id="refunded-so-far" /> ({t("staffColFee")}: <Amount cents={p.feeRefundedCents} />)
          </dd>
          {p.disputedCents ? (
            <>
              <dt>{t("opsDisputed")}</dt>
              <dd>
                <Amount cents={p.disputedCents} />
              </dd>
            </>
          ) : null}
          <dt>{t("reference")}</dt>
          <dd>
            <code>{p.stripePaymentIntentId ?? p.id}</code>
          </dd>
          <dt>{t("opsReceiptTo")}</dt>
          <dd>{p.receiptEmail ?? "—"}</dd>
        </dl>
        <h3>{t("opsAllocations")}</h3>
        <ul>
          {view.allocations.map((a) => (
            <li>
              {a.kind === "invoice" ? t("invoiceLabel", { number: a.invoiceNumber }) : t("lateFeeLabel", { number: a.invoiceNumber })}:{" "}
              <Amount cents={a.amountCents} />
              {a.reversedCents ? <span class="muted"> ({t("staffRefunded", { amount: formatCents(a.reversedCents) })})</span> : null}
            </li>
          ))}
        </ul>
      </section>

      {p.status === "succeeded" && view.refundableCents > 0 ? (
        <section class="card" aria-labelledby="refund-heading">
          <h2 id="refund-heading">{t("opsRefundHeading")}</h2>
          <p class="muted">{t("opsRefundHint", { amount: formatCents(view.refundableCents) })}</p>
          <form method="post" action={`${path}/refunds`} class="inline-form">
            <input type="hidden" name="key" value={props.formKey} />
            <div class="inline-fields">
              <label>
                {t("opsRefundAmount")} <input name="amount" type="text" inputMode="decimal" value={props.refundValue ?? ""} size={12} autocomplete="off" />
              </label>
              <label>
                {t("opsRefundReason")}{" "}
                <select name="reason">
                  {Object.entries(REFUND_REASON_KEYS).map(([reason, key]) => (
                    <option value={reason}>{t(key)}</option>
                  ))}
                </select>
              </label>
              <button type="submit" class="button small" hx-disable="this">
                {t("opsRefundButton")}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {p.status === "succeeded" || (p.status === "processing" && method?.settlesLater) ? (
        <section class="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading">{t("opsResendHeading")}</h2>
          <form method="post" action={`${path}/receipt`} class="inline-form">
            <input type="hidden" name="key" value={props.formKey} />
            <div class="inline-fields">
              <label>
                {t("opsResendTo")} <input name="to" type="email" placeholder={p.receiptEmail ?? ""} autocomplete="off" />
              </label>
              <button type="submit" class="button secondary small">
                {t("opsResendButton")}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {view.cancellable ? (
        <section class="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("opsCancelHeading")}</h2>
          <p class="muted">{t(method?.settlesLater && p.status === "processing" ? "opsCancelAchNote" : "opsCancelHint")}</p>
          <form method="post" action={`${path}/cancel`}>
            <button type="submit" class="button secondary small">
              {t("opsCancelButton")}
            </button>
          </form>
        </section>
      ) : null}

      <section class="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("opsTimelineHeading")}</h2>
        <p class="muted">{t("opsTimeZone", { zone: props.timeZone })}</p>
        <ol class="timeline" id="timeline">
          {view.timeline.map((entry) => (
            <li>
              <time>{formatUsDateTime(entry.at, props.timeZone)}</time> <strong>{t(TIMELINE_KEYS[entry.kind]!)}</strong> <code>{entry.label}</code>
              {entry.staff ? <StaffActionText t={t} {...entry.staff} /> : entry.detail ? <span class="muted"> {entry.detail}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
