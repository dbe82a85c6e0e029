// The HTTP application: middleware in the order a request meets it, then the route groups.
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { handleError, notFound } from "./http/errors";
import { csrfProtection, language, loadSession, requestDeps, securityHeaders } from "./http/middleware";
import { entryRoutes } from "./routes/entry";
import { portalRoutes } from "./routes/portal";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", securityHeaders());
  app.use("*", requestDeps());
  app.use("*", language());
  app.use("*", csrfProtection());
  app.use("*", loadSession());
  app.use("*", async (c, next) => {
    await next();
    // Pages show a client's financial data: never cache them anywhere.
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.route("/", entryRoutes);
  app.route("/portal", portalRoutes);

  app.notFound(notFound);
  app.onError(handleError);
  return app;
}
