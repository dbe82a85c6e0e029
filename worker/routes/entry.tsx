// Step 1 (lookup) and leaving the portal.
import { Hono } from "hono/tiny";
import { EntryPage, LookupForm } from "../../ui/pages/EntryPage";
import { LOOKUP_NUMBER_MESSAGES, LOOKUP_TOTAL_MESSAGES } from "../../ui/lookup-messages";
import type { AppEnv } from "../env";
import { lockoutPolicy, positiveIntVar } from "../env";
import { clearSessionCookie, clientIp, writeSessionCookie } from "../http/middleware";
import { page, pageOrFragment, redirectAfterPost, translate } from "../http/render";
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

entryRoutes.post("/lookup", async (c) => {
  const t = translate(c);
  const form = await c.req.parseBody();
  const values = { invoiceNumber: String(form.invoiceNumber ?? "").slice(0, 64), invoiceTotal: String(form.invoiceTotal ?? "").slice(0, 64) };
  const { db, now } = c.get("deps");
  const result = await lookUpInvoice({ db, now, limiter: c.env.LOOKUP_LIMITER, policy: lockoutPolicy(c.env) }, values, clientIp(c));
  const answer = (props: Parameters<typeof LookupForm>[0], status: 422 | 429) =>
    c.req.header("HX-Request") === "true"
      ? pageOrFragment(c, t("entryHeading"), <LookupForm {...props} />, status)
      : page(c, t("entryHeading"), <EntryPage {...props} />, status);

  switch (result.outcome) {
    case "found": {
      const at = now();
      const sessionId = await startSession(db, result.clientId, "lookup", at, c.get("session")?.id ?? null, result.release);
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
      return answer({ t, values, formError: t("errorLookupFailed") }, 422);
    case "locked":
      c.header("Retry-After", String(result.retryAfterSeconds));
      // The invoice's pay link never goes through the lockout: the owner's way in meanwhile.
      return answer({ t, values, formError: `${t("errorLockedOut", { minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) })} ${t("lockoutPayLinkHint")}` }, 429);
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
