// Runs before each Worker test file: each starts from empty, migrated storage, and what it leaves
// running is waited for at its end (tests/file-isolation.ts); this holds whether or not the files
// share one runtime (vitest.config.ts says why they do not, for now).
import { env } from "cloudflare:workers";
import { afterAll, expect } from "vitest";
import { endFile, startFile } from "./file-isolation";

await startFile();

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

// Registered last, so it runs first (hooks run as a stack): the refusals check then sees the
// requests of the work the file left running too.
afterAll(endFile);
