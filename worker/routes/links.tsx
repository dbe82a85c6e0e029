// GET /p/<code>: a pay link opens its client's portal at the summary, with no credentials, and
// exactly the session a lookup would have started. Anything else gets one neutral page.
import { Hono } from "hono/quick";
import { LinkUnavailablePage } from "../../ui/pages/LinkUnavailablePage";
import { PortalError } from "../http/errors";
import { payLinkSettings, type AppEnv } from "../http/bindings";
import { clientIp, writeSessionCookie } from "../http/middleware";
import { page, translate } from "../http/render";
import { openPayLink } from "../services/pay-links";

export const linkRoutes = new Hono<AppEnv>();

linkRoutes.get("/:code", async (c) => {
  const t = translate(c);
  const { db, now } = c.get("deps");
  const result = await openPayLink(
    { db, now, keyring: payLinkSettings(c.env).keyring, limiter: c.env.PAY_LINK_LIMITER },
    c.req.param("code"),
    // The browser's previous session (if any) ends in the batch that opens the link: no read first.
    { ip: clientIp(c), userAgent: c.req.header("User-Agent"), previousSessionId: c.get("sessionCookie")?.id ?? null },
  );
  switch (result.outcome) {
    case "open":
      await writeSessionCookie(c, result.sessionId, result.at);
      return c.redirect("/portal", 303);
    case "rate_limited":
      throw new PortalError("rate_limited", t("linkRateLimited"), { retryAfterSeconds: 60 });
    case "unavailable":
      // Unknown, forged, expired and revoked all read the same: 404, the same words.
      return page(c, t("linkUnavailableHeading"), <LinkUnavailablePage t={t} />, 404);
  }
});
