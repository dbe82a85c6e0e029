// The Worker's entry point: HTTP through Hono. Queue consumers and scheduled jobs join here.
import { createApp } from "./app";
import { assertConfigured, stripeApiBase, type WorkerEnv } from "./env";
import { createStripeGateway } from "./gateways/stripe";
import { reconcile } from "./services/reconcile";
import { openDatabase } from "./storage/db";

const app = createApp();
let configChecked = false;

export default {
  async fetch(request, env, ctx) {
    if (!configChecked) {
      assertConfigured(env);
      configChecked = true;
    }
    return app.fetch(request, env, ctx);
  },

  async scheduled(_controller, env, ctx) {
    const db = openDatabase(env.DB);
    const gateway = createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: stripeApiBase(env) });
    ctx.waitUntil(
      reconcile({ db, gateway, now: () => Date.now() }).then((report) => console.log(JSON.stringify({ level: "info", message: "reconciled", ...report }))),
    );
  },
} satisfies ExportedHandler<WorkerEnv>;
