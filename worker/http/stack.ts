// The middleware both Workers run, in the order a request meets it. The client Worker adds the
// portal session (its cookie, then the session row in the page's one D1 round trip); the staff
// Worker (staff pages behind Access, Stripe's webhooks, the development mailbox) has no client
// session, so it reads no session cookie and needs no session secret.
import type { Hono } from "hono/quick";
import type { AppEnv, WorkerEnv } from "../env";
import type { CheckoutGateway } from "../gateways/payments";
import { dispatchEmailsAfterWrites } from "./email-dispatch";
import { csrfProtection, formBodies, language, loadSession, publicBodyLimits, requestDeps, securityHeaders, setAnswerHeader } from "./middleware";

/** `gateway`: how this Worker reaches the payment provider (passed in, so the client Worker's bundle never holds the SDK). */
export function useMiddleware(app: Hono<AppEnv>, worker: "client" | "staff", gateway: (env: WorkerEnv) => CheckoutGateway): void {
  app.use("*", securityHeaders());
  app.use("*", requestDeps({ sessions: worker === "client", gateway }));
  app.use("*", dispatchEmailsAfterWrites());
  app.use("*", language());
  // Webhooks come from Stripe, not a browser: no CSRF check, no session; the signature is the check.
  app.use("*", async (c, next) => (c.req.path.startsWith("/webhooks/") ? next() : csrfProtection()(c, next)));
  app.use("*", publicBodyLimits());
  app.use("*", formBodies());
  if (worker === "client") app.use("*", loadSession());
  app.use("*", async (c, next) => {
    await next();
    // Pages show a client's financial data: never cache them anywhere.
    if (!c.res.headers.has("Cache-Control")) setAnswerHeader(c, "Cache-Control", "no-store");
  });
}
