// The client Worker's HTTP application (payment-portal): the shared middleware, then the client's
// route groups. Staff pages, webhooks and the development mailbox are the staff Worker's
// (worker/staff-app.ts); worker/index.ts hands their paths to it before this app sees them.
import { Hono } from "hono/quick";
import type { AppEnv } from "./env";
import { checkoutGatewayOverRpc } from "./gateways/checkout-rpc";
import { handleError, notFound } from "./http/errors";
import { useMiddleware } from "./http/stack";
import { entryRoutes } from "./routes/entry";
import { helpRoutes } from "./routes/help";
import { linkRoutes } from "./routes/links";
import { payRoutes } from "./routes/pay";
import { portalRoutes } from "./routes/portal";
import { selfServiceRoutes } from "./routes/self-service";

export function createApp() {
  const app = new Hono<AppEnv>();
  // The payment provider through the staff Worker, which alone holds the Stripe SDK and secret key.
  useMiddleware(app, "client", (env) => checkoutGatewayOverRpc(env.CHECKOUT));

  app.get("/healthz", (c) => c.json({ ok: true }));
  // Browsers (and the PDF viewer) ask for /favicon.ico whatever the page says.
  app.get("/favicon.ico", (c) => c.redirect("/favicon.svg", 301));
  app.route("/", entryRoutes);
  app.route("/portal", portalRoutes);
  app.route("/portal", selfServiceRoutes);
  app.route("/portal", payRoutes);
  app.route("/p", linkRoutes);
  app.route("/", helpRoutes);

  app.notFound(notFound);
  app.onError(handleError);
  return app;
}
