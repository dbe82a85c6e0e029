// The one table from outcome codes (worker/domain/errors.ts) to message keys: services name what
// happened in domain words, this says it in the reader's language. Field errors have their own
// tables beside their forms (lookup-messages.ts, import-messages.ts, HelpPage's).
import type { CheckoutProblem, DetailsProblem, ErrorCode, HelpProblem, HelpUpdateProblem, LookupProblem, RefreshProblem } from "../worker/domain/errors";
import type { MessageKey, Translate } from "./i18n";

export type OutcomeCode = ErrorCode | LookupProblem | CheckoutProblem | DetailsProblem | RefreshProblem | HelpProblem | HelpUpdateProblem;

export const OUTCOME_MESSAGES: Record<OutcomeCode, MessageKey> = {
  // A request that could not go on (worker/http/errors.tsx renders these).
  not_found: "notFoundBody",
  validation: "requestFailed",
  conflict: "requestFailed",
  session_expired: "requestFailed",
  unavailable: "errorProviderUnavailable",
  // Help form: the route words rate_limited (help is the only form that reports it in place).
  rate_limited: "errorHelpRateLimited",
  challenge_failed: "errorHelpChallenge",
  challenge_unavailable: "errorHelpChallengeUnavailable",
  queue_unavailable: "errorHelpQueue",
  // Lookup ({minutes}: until the pause ends).
  no_match: "errorLookupFailed",
  locked: "errorLockedOut",
  // Payment steps.
  amounts_changed: "errorAmountsChanged",
  details_expired: "errorDetailsExpired",
  method_mismatch: "errorMethodMismatch",
  details_missing: "errorPaymentDetailsMissing",
  already_paid: "errorAlreadyPaid",
  email_invalid: "errorEmail",
  refresh_refused: "refreshFailed",
  refresh_unavailable: "refreshUnavailable",
  // Staff updates of help requests ({max}: a note's length).
  status_unknown: "errorStaffStatus",
  note_too_long: "errorStaffNoteTooLong",
  nothing_to_record: "errorStaffNothing",
  changed_meanwhile: "errorStaffConflict",
  // Staff operations ({amount}: what could still be refunded).
  not_settled: "opsErrNotSettled",
  nothing_left: "opsErrNothingLeft",
  too_much: "opsErrTooMuch",
  zero: "opsErrZero",
  stripe_refused: "opsErrStripeRefused",
  provider_unavailable: "opsErrProvider",
  no_receipt: "opsErrNoReceipt",
  no_address: "opsErrNoAddress",
  not_cancellable: "opsErrNotCancellable",
  stripe_refused_cancel: "opsErrStripeRefusedCancel",
};

export function outcomeMessage(t: Translate, code: OutcomeCode, params?: Record<string, string | number>): string {
  return t(OUTCOME_MESSAGES[code], params);
}
