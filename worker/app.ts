// The HTTP application: middleware in the order a request meets it, then the route groups.
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { handleError, notFound } from "./http/errors";
import { csrfProtection, language, loadSession, requestDeps, securityHeaders } from "./http/middleware";
import { entryRoutes } from "./routes/entry";
import { linkRoutes } from "./routes/links";
import { payRoutes } from "./routes/pay";
import { portalRoutes } from "./routes/portal";
import { staffRoutes } from "./routes/staff";
import { webhookRoutes } from "./routes/webhooks";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", securityHeaders());
  app.use("*", requestDeps());
  app.use("*", language());
  // Webhooks come from Stripe, not a browser: no CSRF check, no session; the signature is the check.
  app.use("*", async (c, next) => (c.req.path.startsWith("/webhooks/") ? next() : csrfProtection()(c, next)));
  app.use("*", loadSession());
  app.use("*", async (c, next) => {
    await next();
    // Pages show a client's financial data: never cache them anywhere.
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.route("/", entryRoutes);
  app.route("/portal", portalRoutes);
  app.route("/portal", payRoutes);
  app.route("/p", linkRoutes);
  app.route("/staff", staffRoutes);
  app.route("/webhooks", webhookRoutes);

  app.notFound(notFound);
  app.onError(handleError);
  return app;
}
