// Starts the portal exactly as `npm start` does (tools/start.ts), on its own port and with a
// fresh local state folder, and stops its whole process group afterwards.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject) {
  const port = Number(process.env.E2E_PORT ?? 8791);
  const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12191);
  const persistDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const child = spawn("node_modules/.bin/tsx", ["tools/start.ts"], {
    env: { ...process.env, PORT: String(port), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(stripePort) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (!output.includes("Payment portal: http")) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    // A loaded machine can take minutes (E2E_START_SECONDS); the servers are stopped on the way out either way.
    if (Date.now() - started > Number(process.env.E2E_START_SECONDS ?? 240) * 1000) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already stopped */
      }
      throw new Error(`npm start did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("stripeUrl", `http://127.0.0.1:${stripePort}`);
  project.provide("startOutput", output);
  return async () => {
    // The contract check for the browser suite: no request the Stripe emulator refused
    // (checked against the stripe package's types), whatever the pages showed.
    const refused = await fetch(`http://127.0.0.1:${stripePort}/_emulator/refusals`, {
      headers: { Authorization: "Bearer sk_test_emulator_local" },
    })
      .then((response) => response.json() as Promise<{ data: unknown[] }>)
      .then((body) => body.data)
      .catch((error: unknown) => [`could not read the emulator's refusals: ${String(error)}`]);
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already stopped */
    }
    rmSync(persistDir, { recursive: true, force: true });
    if (refused.length > 0) {
      process.exitCode = 1;
      throw new Error(`The Stripe emulator refused ${refused.length} request(s) during the browser suite:\n${JSON.stringify(refused, null, 2)}`);
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    stripeUrl: string;
    startOutput: string;
  }
}
