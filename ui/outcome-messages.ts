// The one table from outcome codes (worker/domain/errors.ts) to message keys: services name what
// happened in domain words, this says it in the reader's language. Field errors have their own
// tables beside their forms (lookup-messages.ts, import-messages.ts, HelpPage's). The staff's own
// outcomes (help request updates, staff operations) are worded in staff-outcome-messages.ts, with
// the staff Worker's strings.
import type {
  CheckoutProblem,
  DetailsProblem,
  ErrorCode,
  HelpProblem,
  HelpUpdateProblem,
  LookupProblem,
  RefreshProblem,
  StaffOpErrorCode,
} from "../worker/domain/errors";
import type { MessageKey, Translate } from "./i18n/client";

export type OutcomeCode = ErrorCode | LookupProblem | CheckoutProblem | DetailsProblem | RefreshProblem | HelpProblem | HelpUpdateProblem;
/** What only the staff pages report. */
export type StaffOutcomeCode = StaffOpErrorCode | HelpUpdateProblem;
export type ClientOutcomeCode = Exclude<OutcomeCode, StaffOutcomeCode>;

export const OUTCOME_MESSAGES: Record<ClientOutcomeCode, MessageKey> = {
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
};

export function isClientOutcome(code: OutcomeCode): code is ClientOutcomeCode {
  return Object.hasOwn(OUTCOME_MESSAGES, code);
}

export function outcomeMessage(t: Translate, code: ClientOutcomeCode, params?: Record<string, string | number>): string {
  return t(OUTCOME_MESSAGES[code], params);
}
