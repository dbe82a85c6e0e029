// Step 1 (lookup) and leaving the portal.
import { Hono } from "hono/quick";
import { EntryPage, LookupForm } from "../../ui/pages/EntryPage";
import { LOOKUP_NUMBER_MESSAGES, LOOKUP_TOTAL_MESSAGES } from "../../ui/lookup-messages";
import { outcomeMessage } from "../../ui/outcome-messages";
import type { AppEnv } from "../http/bindings";
import { lockoutPolicy, positiveIntVar } from "../http/bindings";
import { clearSessionCookie, clientIp, writeSessionCookie } from "../http/middleware";
import { errorStatus } from "../http/errors";
import { lookupForm } from "../http/inputs";
import { page, pageOrFragment, redirectAfterPost, translate } from "../http/render";
import { valid } from "../http/validate";
import { lookUpInvoice } from "../services/lookup";
import { finishSession, startSession } from "../services/sessions";

export const entryRoutes = new Hono<AppEnv>();

entryRoutes.get("/", (c) => {
  if (c.get("session")) return c.redirect("/portal", 303);
  const t = translate(c);
  const ended = c.req.query("ended");
  const expired = c.get("sessionExpired") || ended;
  const notice =
    expired === "lifetime"
      ? t("sessionLifetimeEnded", { hours: positiveIntVar(c.env.SESSION_MAX_HOURS, 12) })
      : expired === "idle"
        ? t("sessionEnded", { minutes: positiveIntVar(c.env.SESSION_IDLE_MINUTES, 30) })
        : ended === "exit"
          ? t("exited")
          : undefined;
  return page(c, t("entryHeading"), <EntryPage t={t} values={{ invoiceNumber: "", invoiceTotal: "" }} notice={notice} />);
});

entryRoutes.post("/lookup", valid("form", lookupForm), async (c) => {
  const t = translate(c);
  const values = c.req.valid("form");
  const { db, now } = c.get("deps");
  const result = await lookUpInvoice({ db, now, limiter: c.env.LOOKUP_LIMITER, policy: lockoutPolicy(c.env) }, values, clientIp(c));
  const answer = (props: Parameters<typeof LookupForm>[0], status: 422 | 429) =>
    c.req.header("HX-Request") === "true"
      ? pageOrFragment(c, t("entryHeading"), <LookupForm {...props} />, status)
      : page(c, t("entryHeading"), <EntryPage {...props} />, status);

  switch (result.outcome) {
    case "found": {
      const at = now();
      // The browser's previous session (if any) ends in the batch that starts this one: no read first.
      const sessionId = await startSession(db, result.clientId, "lookup", at, c.get("sessionCookie")?.id ?? null, result.release);
      await writeSessionCookie(c, sessionId, at);
      return redirectAfterPost(c, "/portal");
    }
    case "invalid":
      return answer(
        {
          t,
          values,
          fieldErrors: {
            invoiceNumber: result.fieldErrors.invoiceNumber ? t(LOOKUP_NUMBER_MESSAGES[result.fieldErrors.invoiceNumber]) : undefined,
            invoiceTotal: result.fieldErrors.invoiceTotal ? t(LOOKUP_TOTAL_MESSAGES[result.fieldErrors.invoiceTotal]) : undefined,
          },
        },
        422,
      );
    case "no_match":
      return answer({ t, values, formError: outcomeMessage(t, "no_match") }, errorStatus("no_match"));
    case "locked":
      c.header("Retry-After", String(result.retryAfterSeconds));
      // The invoice's pay link never goes through the lockout: the owner's way in meanwhile.
      return answer(
        {
          t,
          values,
          formError: `${outcomeMessage(t, "locked", { minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) })} ${t("lockoutPayLinkHint")}`,
        },
        errorStatus("locked"),
      );
  }
});

// A language switch on a page that answered a form post lands on the form again.
entryRoutes.get("/lookup", (c) => c.redirect("/", 303));
entryRoutes.get("/exit", (c) => c.redirect("/", 303));

entryRoutes.post("/exit", async (c) => {
  const session = c.get("session");
  if (session) await finishSession(c.get("deps").db, session.id, c.get("deps").now());
  clearSessionCookie(c);
  return redirectAfterPost(c, "/?ended=exit");
});
