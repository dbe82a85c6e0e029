// Domain errors carry meaning; worker/http/errors.ts is the one place that maps them to HTTP.

export type PortalErrorCode =
  | "not_found" // missing, or not this client's: the two are indistinguishable on purpose
  | "validation" // bad input: nothing changed
  | "rate_limited"
  | "session_expired"
  | "conflict" // the data changed under the request (another tab, a webhook)
  | "unavailable"; // the payment provider could not be reached: nothing was charged or changed

export class PortalError extends Error {
  constructor(
    readonly code: PortalErrorCode,
    message: string,
    readonly details: { retryAfterSeconds?: number; fieldErrors?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "PortalError";
  }
}
