// The browser suite: Debian's Chromium driven by playwright-core against the portal as
// `npm start` serves it (on its own port and a fresh local state).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A poll waits on what the server does after a click (a confirm calls Stripe several times):
    // 1 s, vitest's default, is less than one confirm takes on a busy 2-core machine.
    expect: { poll: { timeout: 20_000 } },
  },
});
