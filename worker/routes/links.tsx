// GET /p/<code>: a pay link opens its client's portal at the summary, with no credentials, and
// exactly the session a lookup would have started. Anything else gets one neutral page.
import { Hono } from "hono/tiny";
import { LinkUnavailablePage } from "../../ui/pages/LinkUnavailablePage";
import { PortalError } from "../domain/errors";
import { payLinkSettings, type AppEnv } from "../env";
import { clientIp, writeSessionCookie } from "../http/middleware";
import { page, translate } from "../http/render";
import { openPayLink } from "../services/pay-links";
import { startSession } from "../services/sessions";

export const linkRoutes = new Hono<AppEnv>();

linkRoutes.get("/:code", async (c) => {
  const t = translate(c);
  const { db, now } = c.get("deps");
  const result = await openPayLink(
    { db, now, keyring: payLinkSettings(c.env).keyring, limiter: c.env.PAY_LINK_LIMITER },
    c.req.param("code"),
    { ip: clientIp(c), userAgent: c.req.header("User-Agent") },
  );
  switch (result.outcome) {
    case "open": {
      const at = now();
      const sessionId = await startSession(db, result.clientId, "link", at, c.get("session")?.id ?? null, result.recordUse);
      await writeSessionCookie(c, sessionId, at);
      return c.redirect("/portal", 303);
    }
    case "rate_limited":
      throw new PortalError("rate_limited", t("linkRateLimited"), { retryAfterSeconds: 60 });
    case "unavailable":
      // Unknown, forged, expired and revoked all read the same: 404, the same words.
      return page(c, t("linkUnavailableHeading"), <LinkUnavailablePage t={t} />, 404);
  }
});
