// The one outcome vocabulary. A service either throws a PortalError (the request cannot go on:
// worker/http/errors.tsx maps its code to a status and a page) or returns a result union
// discriminated by `outcome` whose problems are the codes below. Codes are domain words, never
// message keys: ui/outcome-messages.ts words them, worker/http/errors.tsx gives them a status.

export type PortalErrorCode =
  | "not_found" // missing, or not this client's: the two are indistinguishable on purpose
  | "validation" // bad input: nothing changed
  | "rate_limited"
  | "session_expired"
  | "conflict" // the data changed under the request (another tab, a webhook)
  | "unavailable"; // the payment provider could not be reached: nothing was charged or changed

/** A staff operation (refund, receipt resend, cancel) refused with nothing changed. */
export type StaffOpErrorCode =
  | "not_settled"
  | "nothing_left"
  | "too_much"
  | "zero"
  | "stripe_refused"
  | "provider_unavailable"
  | "no_receipt"
  | "no_address"
  | "not_cancellable"
  | "stripe_refused_cancel";

export type ErrorCode = PortalErrorCode | StaffOpErrorCode;

/** Why a payment step sends the client back to an earlier step ("unavailable": nothing was sent). */
export const CHECKOUT_PROBLEMS = ["amounts_changed", "details_expired", "method_mismatch", "details_missing", "already_paid", "unavailable"] as const;
export type CheckoutProblem = (typeof CHECKOUT_PROBLEMS)[number];

/** Step 7's form problems, shown beside the form. */
export type DetailsProblem = "email_invalid" | "details_missing";

/** Why "check again" could not learn how a payment ended. */
export const REFRESH_PROBLEMS = ["refresh_refused", "refresh_unavailable"] as const;
export type RefreshProblem = (typeof REFRESH_PROBLEMS)[number];

/** Why a help request was not sent (its field errors are HelpFieldError codes). */
export type HelpProblem = "rate_limited" | "challenge_failed" | "challenge_unavailable" | "queue_unavailable";

/** Why a lookup found no client (bad formats are field errors: LookupNumberError, AmountParseError). */
export type LookupProblem = "no_match" | "locked";

/** Why a staff update of a help request was not saved. */
export type HelpUpdateProblem = "status_unknown" | "note_too_long" | "nothing_to_record" | "changed_meanwhile";

export class PortalError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { retryAfterSeconds?: number; fieldErrors?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "PortalError";
  }
}

/** A staff request refused with nothing changed; the page or API says why in the staff's language. */
export class StaffOpError extends PortalError {
  override name = "StaffOpError";
  declare readonly code: StaffOpErrorCode;
  constructor(
    code: StaffOpErrorCode,
    /** What could still be refunded, for the message. */
    readonly leftCents: number,
    /** Stripe's own words, when Stripe refused. */
    readonly providerMessage: string | null = null,
  ) {
    super(code, code);
  }
}
