// The staff Worker's HTTP application (payment-portal-staff): the shared middleware without the
// client session, then the staff pages and API (Cloudflare Access), Stripe's webhooks and the
// development mailbox. It is reached only through the client Worker's STAFF service binding.
import { Hono } from "hono/quick";
import type { AppEnv } from "./env";
import { stripeGatewayFor } from "./http/staff-gateway";
import { notFound } from "./http/errors";
import { useMiddleware } from "./http/stack";
import { handleStaffError } from "./http/staff-render";
import { devMailboxRoutes } from "./routes/dev-mailbox";
import { staffRoutes } from "./routes/staff";
import { staffHelpRoutes } from "./routes/staff-help";
import { webhookRoutes } from "./routes/webhooks";

export function createStaffApp() {
  const app = new Hono<AppEnv>();
  useMiddleware(app, "staff", stripeGatewayFor);

  app.route("/staff", staffRoutes);
  app.route("/webhooks", webhookRoutes);
  app.route("/staff/help", staffHelpRoutes);
  app.route("/dev/mailbox", devMailboxRoutes);

  app.notFound(notFound);
  app.onError(handleStaffError);
  return app;
}
