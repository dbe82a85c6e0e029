// Runs before each test file. The files share one module graph (isolate: false in
// vitest.config.ts), so each starts from empty storage here: every binding reset, then migrated.
import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, expect } from "vitest";

await reset();
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// The contract check: the Stripe emulator (started by vitest.config.ts) validates every request
// against the stripe package's types and keeps a record of those it refused. A refused request is
// a bug in what the Worker (or a test posing as Stripe.js) sends, even when a test around it
// passed on the 400, so every test file fails while that record is not empty.
afterAll(async () => {
  const response = await fetch(`${env.STRIPE_API_BASE}/_emulator/refusals`, {
    headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` },
  });
  const { data } = (await response.json()) as { data: unknown[] };
  expect(data, "requests the Stripe emulator refused during the Worker suite").toEqual([]);
});
