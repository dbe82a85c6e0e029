// The Worker's entry point: HTTP through Hono, the queue consumers, and the outbox sweep (cron).
import { createApp } from "./app";
import { assertConfigured, lockoutPolicy, paymentActionTimeoutMs, stripeApiBase, type WorkerEnv } from "./env";
import { createStripeGateway } from "./gateways/stripe";
import { emailQueue } from "./queue/messages";
import { handleQueueBatch, queueDeps } from "./queue/consumer";
import { sweepOutbox } from "./services/emails";
import { purgeExpiredLockouts } from "./services/lookup";
import { reconcile, recoverRefunds } from "./services/reconcile";
import { openDatabase } from "./storage/db";
import { log } from "./logger";

const app = createApp();
let configChecked = false;

function checkConfig(env: WorkerEnv): void {
  if (!configChecked) {
    assertConfigured(env);
    configChecked = true;
  }
}

export default {
  async fetch(request, env, ctx) {
    checkConfig(env);
    return app.fetch(request, env, ctx);
  },

  async queue(batch, env) {
    checkConfig(env);
    await handleQueueBatch(batch, queueDeps(env));
  },

  // Every minute: re-enqueue outbox emails whose message was lost and drop ended lockout windows;
  // every tenth minute also reconcile payments with Stripe (stored webhooks not yet applied,
  // payments without news).
  async scheduled(controller, env, ctx) {
    checkConfig(env);
    const db = openDatabase(env.DB);
    ctx.waitUntil(sweepOutbox({ db, emailQueue: emailQueue(env.EMAIL_QUEUE), now: () => Date.now() }));
    ctx.waitUntil(purgeExpiredLockouts({ db, now: () => Date.now(), policy: lockoutPolicy(env) }));
    if (new Date(controller.scheduledTime).getUTCMinutes() % 10 === 0) {
      const gateway = createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: stripeApiBase(env) });
      ctx.waitUntil(
        reconcile({ db, gateway, now: () => Date.now(), actionTimeoutMs: paymentActionTimeoutMs(env) }).then((report) => log.info("reconciled", { ...report })),
      );
      ctx.waitUntil(recoverRefunds({ db, gateway, now: () => Date.now() }).then((report) => log.info("refunds recovered", { ...report })));
    }
  },
} satisfies ExportedHandler<WorkerEnv, unknown>;
