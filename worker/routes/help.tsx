// "Need help?" (GET/POST /help) and the FAQ (GET /faq), open to everyone; a client in a portal
// session gets its client number attached by the server.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { FaqPage } from "../../ui/pages/FaqPage";
import { outcomeMessage } from "../../ui/outcome-messages";
import { EMPTY_HELP_VALUES, HelpForm, HelpPage, HelpSent, type HelpFormProps, type HelpValues } from "../../ui/pages/HelpPage";
import { formatRate } from "../../ui/format";
import { arEmail, firmTimeZone, type AppEnv } from "../http/bindings";
import { challengeVerifier, challengeWidget } from "../http/challenge";
import { clientIp } from "../http/middleware";
import { errorStatus } from "../http/errors";
import { helpForm } from "../http/inputs";
import { isHtmx, page, pageOrFragment, translate } from "../http/render";
import { valid } from "../http/validate";
import { helpQueue } from "../http/bindings";
import { submitHelpRequest } from "../services/help";
import { clientNumberOf } from "../services/sessions";

export const helpRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;

async function sessionClientNumber(c: Ctx): Promise<string | null> {
  const session = c.get("session");
  if (!session) return null;
  return clientNumberOf(c.get("deps").db, session.clientId);
}

function renderForm(c: Ctx, props: Omit<HelpFormProps, "t" | "language" | "challenge" | "arEmail">, status: 200 | 422 | 429 | 503) {
  const t = translate(c);
  const form = <HelpForm t={t} language={c.get("language")} challenge={challengeWidget(c.env)} arEmail={arEmail(c.env)} {...props} />;
  if (isHtmx(c)) return pageOrFragment(c, t("needHelp"), form, status);
  return page(
    c,
    t("needHelp"),
    <HelpPage t={t} challenge={challengeWidget(c.env)}>
      {form}
    </HelpPage>,
    status,
  );
}

helpRoutes.get("/help", async (c) => renderForm(c, { values: EMPTY_HELP_VALUES, sessionClientNumber: await sessionClientNumber(c) }, 200));

helpRoutes.post("/help", valid("form", helpForm), async (c) => {
  const t = translate(c);
  // Bounded by the schema before any check; the limits themselves are the domain's (HELP_LIMITS).
  const { "cf-turnstile-response": challengeToken, ...values } = c.req.valid("form") satisfies HelpValues;
  const session = c.get("session");
  const result = await submitHelpRequest(
    {
      db: c.get("deps").db,
      now: c.get("deps").now,
      limiter: c.env.HELP_LIMITER,
      queue: helpQueue(c.env.HELP_QUEUE),
      challenge: challengeVerifier(c.env),
      timeZone: firmTimeZone(c.env),
    },
    values,
    { ip: clientIp(c), language: c.get("language"), sessionClientId: session?.clientId ?? null, challengeToken },
  );
  const clientNumber = await sessionClientNumber(c);
  switch (result.outcome) {
    case "sent": {
      const sent = (
        <HelpSent t={t} language={c.get("language")} reference={result.reference} window={result.window} email={result.email} inSession={session !== null} />
      );
      if (isHtmx(c)) return pageOrFragment(c, t("helpSentHeading"), sent);
      return page(
        c,
        t("helpSentHeading"),
        <HelpPage t={t} challenge={{ siteKey: "", real: false, testToken: "" }}>
          {sent}
        </HelpPage>,
      );
    }
    case "invalid":
      return renderForm(c, { values, fieldErrors: result.errors, sessionClientNumber: clientNumber }, 422);
    default:
      // rate_limited, challenge_failed, challenge_unavailable, queue_unavailable: the form again, what was typed kept.
      if (result.outcome === "rate_limited") c.header("Retry-After", "60");
      return renderForm(c, { values, formError: outcomeMessage(t, result.outcome), sessionClientNumber: clientNumber }, errorStatus(result.outcome));
  }
});

helpRoutes.get("/faq", (c) => {
  const t = translate(c);
  const policy = c.get("deps").feePolicy;
  return page(c, t("faqHeading"), <FaqPage t={t} rate={formatRate(policy.surchargeBps)} surchargeEnabled={policy.surchargeEnabled} arEmail={arEmail(c.env)} />);
});
