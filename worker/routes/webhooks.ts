// POST /webhooks/stripe: the signature is checked on the raw body before anything else; a bad or
// missing one gets 400 and changes nothing. Handling errors are a separate 500 (Stripe retries).
import { Hono } from "hono/quick";
import type { AppEnv } from "../http/bindings";
import { staffDeps } from "../http/staff-gateway";
import { receiveWebhook, WebhookApiVersionError, WebhookSignatureError } from "../services/webhooks";
import { log } from "../logger";

export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.post("/stripe", async (c) => {
  const rawBody = await c.req.text();
  const { db, gateway, now } = staffDeps(c);
  try {
    const outcome = await receiveWebhook({ db, gateway, now }, rawBody, c.req.header("Stripe-Signature") ?? null);
    return c.json({ received: true, outcome });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return c.json({ error: "invalid signature" }, 400);
    if (error instanceof WebhookApiVersionError) return c.json({ error: "unexpected api_version", expected: error.expected }, 400);
    log.error("webhook handling failed", { name: (error as Error)?.name });
    return c.json({ error: "handling failed" }, 500);
  }
});
