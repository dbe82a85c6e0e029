// Setup files run outside isolated storage and may run several times: applying migrations is
// idempotent, so it is safe here.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, expect } from "vitest";

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
