// Worker tests run inside workerd (@cloudflare/vitest-plugin) with the bindings from
// wrangler.toml: real local D1 (migrations applied in tests/setup.ts), R2, rate limiting.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations("./migrations");

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          SESSION_SECRET: "test-session-secret-0123456789abcdef0123456789",
        },
      },
    }),
  ],
  test: {
    include: ["tests/domain/**/*.test.ts", "tests/worker/**/*.test.{ts,tsx}", "tests/ui/**/*.test.{ts,tsx}"],
    setupFiles: ["./tests/setup.ts"],
  },
});
