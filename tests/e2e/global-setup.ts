// The portal as `npm start` serves it (tests/e2e/portal-server.ts): the one `npm test` started
// at its beginning (E2E_PORTAL), or one started here; stopped, process group and state, afterwards.
import type { TestProject } from "vitest/node";
import { type PortalServer, portalReady, startPortal, stopPortal } from "./portal-server";

export default async function setup(project: TestProject) {
  const server: PortalServer = process.env.E2E_PORTAL ? JSON.parse(process.env.E2E_PORTAL) : startPortal();
  // A loaded machine can take minutes (E2E_START_SECONDS); the server is stopped on the way out either way.
  const output = await portalReady(server, Number(process.env.E2E_START_SECONDS ?? 240));
  project.provide("baseUrl", `http://127.0.0.1:${server.port}`);
  project.provide("stripeUrl", `http://127.0.0.1:${server.stripePort}`);
  project.provide("startOutput", output);
  return async () => {
    // The contract check for the browser suite: no request the Stripe emulator refused
    // (checked against the stripe package's types), whatever the pages showed.
    const refused = await fetch(`http://127.0.0.1:${server.stripePort}/_emulator/refusals`, {
      headers: { Authorization: "Bearer sk_test_emulator_local" },
    })
      .then((response) => response.json() as Promise<{ data: unknown[] }>)
      .then((body) => body.data)
      .catch((error: unknown) => [`could not read the emulator's refusals: ${String(error)}`]);
    stopPortal(server);
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
