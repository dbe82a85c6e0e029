// The staff's own outcomes in words (ui/outcome-messages.ts has the rest, in the client's strings):
// refused help request updates and staff operations. Used by the staff Worker only.
import type { MessageKey, Translate } from "./i18n";
import { isClientOutcome, outcomeMessage, type OutcomeCode, type StaffOutcomeCode } from "./outcome-messages";

export const STAFF_OUTCOME_MESSAGES: Record<StaffOutcomeCode, MessageKey> = {
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

/** Any outcome, a client's or the staff's, in the staff Worker's strings. */
export function staffOutcomeMessage(t: Translate, code: OutcomeCode, params?: Record<string, string | number>): string {
  return isClientOutcome(code) ? outcomeMessage(t, code, params) : t(STAFF_OUTCOME_MESSAGES[code], params);
}
