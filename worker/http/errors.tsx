// The one place domain errors become HTTP. Nothing internal (stack, SQL, provider payloads)
// reaches the client; the log line carries the error's name and message only.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ErrorCode, HelpProblem, HelpUpdateProblem, LookupProblem } from "../domain/errors";
import { PortalError } from "../domain/errors";

// Routes throw and catch the domain's errors through here (routes import services, http and ui only).
export { PortalError, StaffOpError } from "../domain/errors";
import { isClientOutcome, outcomeMessage } from "../../ui/outcome-messages";
import { ErrorPage } from "../../ui/pages/ErrorPage";
import type { AppEnv } from "../env";
import { pageOrFragment, redirectAfterPost, translate } from "./render";
import { log } from "../logger";

/** The staff API answers in JSON, never with a page. */
export function isStaffApi(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).pathname.startsWith("/staff/api/");
}

/** The one table from outcome codes to HTTP statuses (pages and the staff API alike). */
export const ERROR_STATUS = {
  not_found: 404,
  validation: 422,
  conflict: 409,
  rate_limited: 429,
  session_expired: 401,
  unavailable: 503, // the payment provider is unreachable: nothing was charged or changed
  no_match: 422,
  locked: 429,
  challenge_failed: 422,
  challenge_unavailable: 503,
  queue_unavailable: 503,
  status_unknown: 422,
  note_too_long: 422,
  nothing_to_record: 422,
  changed_meanwhile: 409,
  not_settled: 409,
  nothing_left: 409,
  too_much: 422,
  zero: 422,
  stripe_refused: 409,
  provider_unavailable: 503,
  no_receipt: 409,
  no_address: 422,
  not_cancellable: 409,
  stripe_refused_cancel: 409,
} as const satisfies Record<ErrorCode | LookupProblem | HelpProblem | HelpUpdateProblem, number>;

export function errorStatus<C extends keyof typeof ERROR_STATUS>(code: C): (typeof ERROR_STATUS)[C] {
  return ERROR_STATUS[code];
}

export function handleError(error: unknown, c: Context<AppEnv>) {
  if (isStaffApi(c)) {
    if (error instanceof PortalError) return c.json({ error: error.code, details: error.details.fieldErrors ?? {} }, ERROR_STATUS[error.code]);
    // Hono's own refusals (a malformed JSON body, a cross-site post): its message names the problem.
    if (error instanceof HTTPException && error.status < 500) return c.json({ error: "bad_request", message: error.message }, error.status === 403 ? 403 : 400);
  }
  const t = translate(c);
  if (error instanceof PortalError) {
    switch (error.code) {
      case "not_found":
        return notFound(c);
      case "session_expired":
        return redirectAfterPost(c, c.get("sessionExpired") ? `/?ended=${c.get("sessionExpired")}` : "/");
      case "rate_limited":
        // The route words its own limit (a pay link's differs from a form's).
        if (error.details.retryAfterSeconds) c.header("Retry-After", String(error.details.retryAfterSeconds));
        return pageOrFragment(
          c,
          t("rateLimitedHeading"),
          <ErrorPage t={t} heading={t("rateLimitedHeading")} body={error.message} />,
          ERROR_STATUS.rate_limited,
        );
      default:
        // The payment provider unreachable, a conflict, bad input: the code's words and status (a
        // staff operation's refusal is worded by the staff Worker's handler, staff-render.tsx).
        return pageOrFragment(
          c,
          t("serverErrorHeading"),
          <ErrorPage t={t} heading={t("serverErrorHeading")} body={isClientOutcome(error.code) ? outcomeMessage(t, error.code) : t("requestFailed")} />,
          ERROR_STATUS[error.code],
        );
    }
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own refusals (a cross-site post from the CSRF check, a malformed body).
    const status = error.status === 403 ? 403 : 400;
    return pageOrFragment(c, t("serverErrorHeading"), <ErrorPage t={t} heading={t("serverErrorHeading")} body={t("requestFailed")} />, status);
  }
  log.error("unhandled", { path: new URL(c.req.url).pathname }, error);
  if (isStaffApi(c)) return c.json({ error: "server_error" }, 500);
  return pageOrFragment(c, t("serverErrorHeading"), <ErrorPage t={t} heading={t("serverErrorHeading")} body={t("serverErrorBody")} />, 500);
}

export function notFound(c: Context<AppEnv>) {
  if (isStaffApi(c)) return c.json({ error: "not_found" }, 404);
  const t = translate(c);
  return pageOrFragment(c, t("notFoundHeading"), <ErrorPage t={t} heading={t("notFoundHeading")} body={t("notFoundBody")} />, 404);
}

/** A body past the public routes' limit: nothing was read or changed. */
export function bodyTooLarge(c: Context<AppEnv>) {
  const t = translate(c);
  return pageOrFragment(c, t("bodyTooLargeHeading"), <ErrorPage t={t} heading={t("bodyTooLargeHeading")} body={t("bodyTooLarge")} />, 413);
}
