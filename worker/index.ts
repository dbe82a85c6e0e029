// The Worker's entry point: HTTP through Hono, the queue consumers, and the outbox sweep (cron).
import { createApp } from "./app";
import { assertConfigured, type WorkerEnv } from "./env";
import { emailQueue } from "./queue/messages";
import { handleQueueBatch, queueDeps } from "./queue/consumer";
import { sweepOutbox } from "./services/emails";
import { openDatabase } from "./storage/db";

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

  async scheduled(_controller, env, ctx) {
    checkConfig(env);
    ctx.waitUntil(sweepOutbox({ db: openDatabase(env.DB), emailQueue: emailQueue(env.EMAIL_QUEUE), now: () => Date.now() }));
  },
} satisfies ExportedHandler<WorkerEnv, unknown>;
