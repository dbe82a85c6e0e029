// The staff Worker's rendering: the staff frame, and the whole message tables (the staff pages,
// emails, the PDFs it renders). The client Worker's pages render through render.tsx with the
// client's strings only (ui/i18n/client.ts); staff routes take `translate` from here.
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import { render } from "preact-render-to-string";
import { translator, type Translate } from "../../ui/i18n";
import { ErrorPage } from "../../ui/pages/ErrorPage";
import { isClientOutcome } from "../../ui/outcome-messages";
import { staffOutcomeMessage } from "../../ui/staff-outcome-messages";
import { StaffLayout } from "../../ui/StaffLayout";
import { listQueryMessage } from "../domain/cursor";
import { PortalError } from "../domain/errors";
import type { AppEnv } from "../env";
import { ERROR_STATUS, handleError, isStaffApi } from "./errors";
import { pageContext, pageOrFragment, type Status } from "./render";

export function translate(c: Context<AppEnv>): Translate {
  return translator(c.get("language"));
}

/** A staff page: the staff frame, with who is signed in. */
export function staffPage(c: Context<AppEnv>, staffEmail: string, title: string, content: ComponentChildren, status: Status = 200) {
  const html =
    "<!doctype html>" +
    render(
      <StaffLayout page={{ ...pageContext(c), t: translate(c) }} title={title} staffEmail={staffEmail}>
        {content}
      </StaffLayout>,
    );
  return c.html(html, status);
}

/** A staff list's JSON answer to a ?limit=&cursor=&status=&from=&to= it cannot read: 400 and what is wrong. */
export function listQueryRefused(c: Context<AppEnv>, errors: Record<string, string>) {
  return c.json({ error: "validation", message: listQueryMessage(errors), details: errors }, 400);
}

/** The staff Worker's error handler: a staff operation's refusal in its own words, the rest as on the client's pages. */
export function handleStaffError(error: unknown, c: Context<AppEnv>) {
  if (error instanceof PortalError && !isClientOutcome(error.code) && !isStaffApi(c)) {
    const t = translate(c);
    return pageOrFragment(
      c,
      t("serverErrorHeading"),
      <ErrorPage t={t} heading={t("serverErrorHeading")} body={staffOutcomeMessage(t, error.code)} />,
      ERROR_STATUS[error.code],
    );
  }
  return handleError(error, c);
}
