// The Worker's entry point: HTTP through Hono. Queue consumers and scheduled jobs join here.
import { createApp } from "./app";
import { assertConfigured, type WorkerEnv } from "./env";

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
} satisfies ExportedHandler<WorkerEnv>;
