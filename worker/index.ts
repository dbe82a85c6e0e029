// The Worker's entry point: HTTP through Hono. Queue consumers and scheduled jobs join here.
import { createApp } from "./app";
import { assertConfigured, type WorkerEnv } from "./env";

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    assertConfigured(env);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerEnv>;
