// After confirm: paid, pending (ACH, polls itself until the bank settles), needs 3D Secure, or
// not completed (with the reason and a way to try another method).
import { ASSETS } from "../assets.generated";
import { Progress } from "../Progress";
import { QuoteTable } from "./ReviewPage";
import type { MessageKey, Translate } from "../i18n/client";
import { formatUsDateFromMs } from "../../worker/domain/dates";
import { formatCents } from "../../worker/domain/money";
import { portalMethod } from "../../worker/domain/payment-methods";
import type { PaymentSummary } from "../../worker/domain/payment-summary";

export type { PaymentSummary };

const DECLINE_REASONS: Record<string, MessageKey> = {
  insufficient_funds: "declineInsufficientFunds",
  expired_card: "declineExpired",
  incorrect_cvc: "declineCvc",
  payment_intent_authentication_failure: "declineAuthentication",
  no_account: "declineNoAccount",
  account_closed: "declineAccountClosed",
  debit_not_authorized: "declineNotAuthorized",
  payment_method_microdeposit_verification_timeout: "declineMicrodepositTimeout",
  payment_method_microdeposit_verification_attempts_exceeded: "declineMicrodepositAttempts",
  payment_method_microdeposit_failed: "declineMicrodepositFailed",
};

/** A failed 3D Secure or bank authentication is a decline, whatever the method; else the method says. */
function failedKey(payment: Pick<PaymentSummary, "method" | "failureCode">): MessageKey {
  if (payment.failureCode === "payment_intent_authentication_failure") return "declinedBody";
  return portalMethod(payment.method)?.labels.failed ?? "declinedBody";
}

export function declineReason(t: Translate, code: string | null): string {
  return t((code && DECLINE_REASONS[code]) || "declineGeneric");
}

function Receipt({ t, payment }: { t: Translate; payment: PaymentSummary }) {
  return (
    <>
      <QuoteTable
        t={t}
        lines={payment.lines.map((line) => ({ item: line, cents: line.cents }))}
        quote={payment.quote}
        caption={t("itemsPaid")}
        amountHeader={t("amountPaidColumn")}
        idPrefix="receipt"
      />
      <dl class="figures details">
        <div>
          <dt>{t("paymentMethodLabel")}</dt>
          <dd>{payment.methodLabel ?? payment.method}</dd>
        </div>
        <div>
          <dt>{t("reference")}</dt>
          <dd id="receipt-reference">{payment.reference ?? payment.id}</dd>
        </div>
        <div>
          <dt>{t("paymentDate")}</dt>
          <dd>{formatUsDateFromMs(payment.createdAt)}</dd>
        </div>
      </dl>
      {payment.refundedCents > 0 ? <p class="muted">{t("refundedNote", { amount: formatCents(payment.refundedCents) })}</p> : null}
    </>
  );
}

export interface ReceiptCopies {
  maskedEmail: string;
  /** Copies still allowed this hour. */
  left: number;
  limit: number;
  /** One-time id of this form: a double click sends one copy. */
  requestId: string;
}

/** "Email me this receipt": to the address the payment was made with, shown masked, never editable. */
export function ReceiptCopyForm({ t, paymentId, copies }: { t: Translate; paymentId: string; copies: ReceiptCopies }) {
  return (
    <section class="receipt-copy" aria-labelledby="receipt-copy-heading">
      <h2 id="receipt-copy-heading">{t("receiptCopyHeading")}</h2>
      <p>{t("receiptCopyBody", { email: copies.maskedEmail })}</p>
      {copies.left > 0 ? (
        <form method="post" action={`/portal/payments/${paymentId}/receipt-copy`}>
          <input type="hidden" name="requestId" value={copies.requestId} />
          <button type="submit" class="button secondary">
            {t("receiptCopyButton")}
          </button>{" "}
          <span class="muted">{t("receiptCopyLimitNote", { limit: copies.limit })}</span>
        </form>
      ) : (
        <p class="alert alert-info" id="receipt-copy-limited">
          {t("receiptCopyLimited", { limit: copies.limit })}
        </p>
      )}
    </section>
  );
}

/** The part of the page that changes with the payment's status; polls itself while pending. */
export function PaymentStatusPanel({
  t,
  payment,
  publishableKey,
  clientSecret,
  stripeJsUrl,
  retry,
  copies = null,
  notice,
}: {
  t: Translate;
  payment: PaymentSummary;
  publishableKey: string;
  clientSecret: string | null;
  stripeJsUrl: string;
  /** The provider's answer never came: offer to resend this attempt's own request. */
  retry?: boolean;
  /** Present when this payment's receipt can be emailed again. */
  copies?: ReceiptCopies | null;
  /** A message about the last action on this page (e.g. the provider could not be asked). */
  notice?: string;
}) {
  const unconfirmed = retry === true && payment.status === "created";
  const pending = !unconfirmed && (payment.status === "processing" || payment.status === "created");
  return (
    // The step indicator sits above the card, as on every other step (inside, the Spanish steps
    // wrapped onto two rows), and inside the polled part, so it follows a status that changes.
    <div
      id="payment-status"
      data-status={payment.status}
      {...(pending ? { "hx-get": `/portal/payments/${payment.id}/status`, "hx-trigger": "every 4s", "hx-swap": "outerHTML" } : {})}
    >
      <Progress t={t} current={payment.status === "succeeded" || pending ? "done" : "review"} />
      <section class="card">
        {notice ? (
          <div class="alert alert-error" role="alert" id="payment-notice">
            {notice}
          </div>
        ) : null}
        {unconfirmed ? (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("attemptUnconfirmedHeading")}
            </h1>
            <div class="alert alert-error" role="alert">
              {t("providerUnavailableRetry")}
            </div>
            <Receipt t={t} payment={payment} />
            <form
              method="post"
              action="/portal/confirm"
              id="confirm-form"
              hx-post="/portal/confirm"
              hx-target="#main"
              hx-swap="innerHTML"
              hx-disable="find button"
            >
              <input type="hidden" name="attemptId" value={payment.id} />
              <input type="hidden" name="expectedTotalCents" value={String(payment.quote.totalCents)} />
              <div class="actions">
                <button type="submit" class="button">
                  {t("tryAgain")}
                </button>
              </div>
            </form>
          </>
        ) : payment.status === "succeeded" ? (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("paidHeading")}
            </h1>
            <div class="alert alert-ok" role="status">
              {t("paidBody", { email: payment.receiptEmail ?? "" })}
            </div>
            <Receipt t={t} payment={payment} />
            {copies ? <ReceiptCopyForm t={t} paymentId={payment.id} copies={copies} /> : null}
            <div class="actions">
              <a class="button secondary print-button" href={`/portal/payments/${payment.id}?print=1`} data-print>
                {t("printReceipt")}
              </a>
              <a class="button secondary" href={`/portal/payments/${payment.id}/receipt.pdf`} download>
                {t("downloadReceipt")}
              </a>
              <a class="button secondary" href="/portal/payments">
                {t("paymentsBackToList")}
              </a>
              <a class="button" href="/portal">
                {t("backToAccount")}
              </a>
            </div>
          </>
        ) : pending ? (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("pendingHeading")}
            </h1>
            <div class="alert alert-info" role="status">
              {t("pendingBody")}
            </div>
            <Receipt t={t} payment={payment} />
            <p class="muted">{t("pendingChecking")}</p>
            {copies ? <ReceiptCopyForm t={t} paymentId={payment.id} copies={copies} /> : null}
            <div class="actions">
              {payment.status === "processing" ? (
                <a class="button secondary" href={`/portal/payments/${payment.id}/receipt.pdf`} download>
                  {t("downloadReceipt")}
                </a>
              ) : null}
              <a class="button secondary" href="/portal/payments">
                {t("paymentsBackToList")}
              </a>
              <a class="button" href="/portal">
                {t("backToAccount")}
              </a>
            </div>
          </>
        ) : payment.status === "requires_action" && payment.verification ? (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("microdepositsHeading")}
            </h1>
            <div class="alert alert-info" role="status" id="microdeposits">
              <p>
                {t(payment.verification.type === "amounts" ? "microdepositsAmountsBody" : "microdepositsDescriptorBody", {
                  date: formatUsDateFromMs(payment.verification.arrivalAt),
                })}
              </p>
              <p>{t("microdepositsNextStep")}</p>
              <p>{t("microdepositsExpiry")}</p>
            </div>
            <Receipt t={t} payment={payment} />
            <form method="post" action={`/portal/payments/${payment.id}/refresh`}>
              <div class="actions">
                <a class="button" href={payment.verification.url} id="verify-bank-link" rel="noopener noreferrer">
                  {t("microdepositsLink")}
                </a>
                <button type="submit" class="button secondary">
                  {t("microdepositsCheck")}
                </button>
              </div>
            </form>
          </>
        ) : payment.status === "requires_action" ? (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("actionHeading")}
            </h1>
            <p>{t("actionBody")}</p>
            <form
              method="post"
              action={`/portal/payments/${payment.id}/refresh`}
              id="next-action-form"
              data-client-secret={clientSecret ?? ""}
              data-publishable-key={publishableKey}
            >
              <div class="actions">
                <button type="submit" class="button">
                  {t("actionContinue")}
                </button>
              </div>
            </form>
            <script src={stripeJsUrl} />
            <script src={ASSETS.checkout} defer />
          </>
        ) : payment.status === "canceled" ? (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("canceledHeading")}
            </h1>
            {payment.failureCode && payment.failureCode in DECLINE_REASONS ? (
              <div class="alert alert-error" role="alert" id="failure-reason">
                {t("achFailedBody", { reason: declineReason(t, payment.failureCode) })}
              </div>
            ) : null}
            <p>{t(payment.failureCode === "abandoned" ? "canceledAbandonedBody" : "canceledBody")}</p>
            <div class="actions">
              <a class="button" href="/portal/pay">
                {t("tryAnotherMethod")}
              </a>
            </div>
          </>
        ) : (
          <>
            <h1 data-focus-on-swap tabindex={-1}>
              {t("failedHeading")}
            </h1>
            <div class="alert alert-error" role="alert" id="failure-reason">
              {payment.failureCode === "not_sent"
                ? t("attemptNotSent")
                : payment.failureCode === "method_changed"
                  ? t("methodChangedBody")
                  : t(failedKey(payment), { reason: declineReason(t, payment.failureCode) })}
            </div>
            <div class="actions">
              {payment.failureCode === "not_sent" ? (
                <a class="button" href="/portal/review">
                  {t("attemptNotSentRetry")}
                </a>
              ) : null}
              <a class={payment.failureCode === "not_sent" ? "button secondary" : "button"} href="/portal/pay">
                {t("tryAnotherMethod")}
              </a>
              <a class="button secondary" href="/portal">
                {t("backToAccount")}
              </a>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
