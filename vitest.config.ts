// Worker tests run inside workerd (@cloudflare/vitest-plugin), in one entry composed of both
// Workers (tests/worker-entry.ts), with the bindings of both: wrangler.toml's (the client Worker:
// real local D1, migrations applied in tests/setup.ts, R2, rate limiting, queue producers) and
// what wrangler.staff.toml adds (the queue consumers and the email binding, read from the file).
// Stripe is the project's emulator, started here on a free port and reached over HTTP by the
// official SDK inside the Worker, exactly as in `npm start`.
import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";
import { unstable_readConfig } from "wrangler";
import { startEmulatorServer } from "./stripe-emulator/server.ts";

const migrations = await readD1Migrations("./migrations");
// The staff Worker's own bindings: its queue consumers (the client Worker only produces) and email.
type QueueConsumer = {
  queue: string;
  max_batch_size?: number;
  max_batch_timeout?: number;
  max_retries?: number;
  dead_letter_queue?: string;
  retry_delay?: number;
};
const staffConfig = unstable_readConfig({ config: "./wrangler.staff.toml" });
const queueConsumers = Object.fromEntries(
  (staffConfig.queues.consumers ?? []).map((consumer: QueueConsumer) => [
    consumer.queue,
    {
      maxBatchSize: consumer.max_batch_size,
      maxBatchTimeout: consumer.max_batch_timeout,
      maxRetries: consumer.max_retries,
      deadLetterQueue: consumer.dead_letter_queue,
      retryDelay: consumer.retry_delay,
    },
  ]),
);
const sendEmail = staffConfig.send_email.map((binding: { name: string; allowed_sender_addresses?: string[] }) => ({
  name: binding.name,
  allowed_sender_addresses: binding.allowed_sender_addresses,
}));
const WEBHOOK_SECRET = "whsec_test_portal_suite";
// Webhooks are not pushed: tests fetch the recorded events and deliver them, in any order.
const stripe = await startEmulatorServer({ port: 0, webhookSecret: WEBHOOK_SECRET, autoDeliverWebhooks: false, keepAlive: false });

// The Workers pool transforms every dependency (hundreds of stripe SDK files): Vite would read
// each one's source map and then every source it names, which packages do not ship (the flood
// of "points to missing source files"). Stack traces into node_modules are not worth that time.
const skipDependencySourceMaps: Plugin = {
  name: "skip-dependency-source-maps",
  enforce: "pre",
  load(id) {
    if (!/\/node_modules\/.+\.m?js$/.test(id)) return null;
    return { code: readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/gm, ""), map: null };
  },
};

export default defineConfig({
  plugins: [
    skipDependencySourceMaps,
    cloudflareTest({
      main: "./tests/worker-entry.ts",
      wrangler: { configPath: "./wrangler.toml" },
      additionalExports: { StaffWorker: "WorkerEntrypoint", PdfRenderer: "WorkerEntrypoint", Checkout: "WorkerEntrypoint" },
      miniflare: {
        queueConsumers,
        email: { send_email: sendEmail },
        // The client Worker's bindings to the staff Worker land on the staff Worker's handlers,
        // exported by the composed entry (the Worker under test is wrangler.toml's payment-portal).
        serviceBindings: {
          STAFF: { name: "payment-portal", entrypoint: "StaffWorker" },
          PDF_RENDERER: { name: "payment-portal", entrypoint: "PdfRenderer" },
          CHECKOUT: { name: "payment-portal", entrypoint: "Checkout" },
        },
        bindings: {
          TEST_MIGRATIONS: migrations,
          SESSION_SECRET: "test-session-secret-0123456789abcdef0123456789",
          STRIPE_API_BASE: stripe.url,
          STRIPE_SECRET_KEY: "sk_test_portal_suite",
          STRIPE_PUBLISHABLE_KEY: "pk_test_portal_suite",
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          // Staff routes verify real Access JWTs in tests, signed with a key made in the test.
          ACCESS_TEAM_DOMAIN: "portal-test.cloudflareaccess.com",
          ACCESS_AUD: "portal-test-aud",
          // .dev.vars (written by npm start) is read here too: its development identity would make
          // the start-up check refuse the Access settings above.
          STAFF_DEV_EMAIL: "",
          // Not a Cloudflare test secret, so the help form goes through siteverify, which the
          // tests answer with a fetch mock. Queue retries are immediate in tests.
          TURNSTILE_SECRET_KEY: "0x4AAAAAAAportal-suite-turnstile-secret",
          QUEUE_RETRY_BASE_SECONDS: "0",
          // Two pay link keys, "a" signing: tests check that "b" still verifies and that a key id
          // swapped into a code does not.
          PAY_LINK_KEYS: "a:cG9ydGFsLXRlc3QtcGF5LWxpbmsta2V5LWEtMDAwMDA=,b:cG9ydGFsLXRlc3QtcGF5LWxpbmsta2V5LWItMTExMTE=",
          PAY_LINK_CURRENT_KEY: "a",
        },
      },
    }),
  ],
  test: {
    include: ["tests/domain/**/*.test.ts", "tests/worker/**/*.test.{ts,tsx}", "tests/ui/**/*.test.{ts,tsx}"],
    setupFiles: ["./tests/setup.ts"],
    // One runtime for all files: the Worker and the stripe SDK are loaded once instead of once per
    // file (about 4.5 s each), the suite in about 100-140 s instead of about 380 s on 2 cores.
    // tests/file-isolation.ts gives each file empty storage and waits for what it left running.
    // It once hung here after staff-ops.test.ts (3 of 7 loaded runs): the end-of-file wait resumed
    // inside a finished queue event's I/O context, where timers never fire; it no longer does.
    isolate: false,
  },
});
