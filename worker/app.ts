// The HTTP application: middleware in the order a request meets it, then the route groups.
import { Hono } from "hono/tiny";
import type { AppEnv } from "./env";
import { handleError, notFound } from "./http/errors";
import { dispatchEmailsAfterWrites } from "./http/email-dispatch";
import { csrfProtection, formBodies, language, loadSession, publicBodyLimits, requestDeps, securityHeaders } from "./http/middleware";
import { devMailboxRoutes } from "./routes/dev-mailbox";
import { entryRoutes } from "./routes/entry";
import { helpRoutes } from "./routes/help";
import { linkRoutes } from "./routes/links";
import { payRoutes } from "./routes/pay";
import { portalRoutes } from "./routes/portal";
import { selfServiceRoutes } from "./routes/self-service";
import { staffRoutes } from "./routes/staff";
import { staffHelpRoutes } from "./routes/staff-help";
import { webhookRoutes } from "./routes/webhooks";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", securityHeaders());
  app.use("*", requestDeps());
  app.use("*", dispatchEmailsAfterWrites());
  app.use("*", language());
  // Webhooks come from Stripe, not a browser: no CSRF check, no session; the signature is the check.
  app.use("*", async (c, next) => (c.req.path.startsWith("/webhooks/") ? next() : csrfProtection()(c, next)));
  app.use("*", publicBodyLimits());
  app.use("*", formBodies());
  app.use("*", loadSession());
  app.use("*", async (c, next) => {
    await next();
    // Pages show a client's financial data: never cache them anywhere.
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  app.get("/healthz", (c) => c.json({ ok: true }));
  // Browsers (and the PDF viewer) ask for /favicon.ico whatever the page says.
  app.get("/favicon.ico", (c) => c.redirect("/favicon.svg", 301));
  app.route("/", entryRoutes);
  app.route("/portal", portalRoutes);
  app.route("/portal", selfServiceRoutes);
  app.route("/portal", payRoutes);
  app.route("/p", linkRoutes);
  app.route("/staff", staffRoutes);
  app.route("/webhooks", webhookRoutes);
  app.route("/", helpRoutes);
  app.route("/staff/help", staffHelpRoutes);
  app.route("/dev/mailbox", devMailboxRoutes);

  app.notFound(notFound);
  app.onError(handleError);
  return app;
}
