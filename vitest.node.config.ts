// Node-side tests: the Stripe emulator and the command-line tools. They run in plain Node,
// outside workerd, because these programs never run inside the Worker.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/node/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
