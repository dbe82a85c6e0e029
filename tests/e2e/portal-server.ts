// The browser suite's server: the portal exactly as `npm start` serves it (tools/start.ts), on its
// own ports and a fresh local state folder, in a process group of its own. Starting it takes
// a while on a busy machine (the migrations and the seed in one local runtime, the assets, then
// `wrangler dev` of both Workers), so `npm test` starts it at the beginning, while the other
// suites run, and hands it to the browser suite (E2E_PORTAL); run alone, the suite starts it.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PortalServer {
  /** The process group leader (tools/start.ts); the group holds wrangler and workerd. */
  pid: number;
  persistDir: string;
  log: string;
  port: number;
  stripePort: number;
}

const READY = "Payment portal: http";

/** Starts the portal in the background; its output goes to a file in its state folder. */
export function startPortal(): PortalServer {
  const port = Number(process.env.E2E_PORT ?? 8791);
  const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12191);
  const persistDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const log = join(persistDir, "start.log");
  const output = openSync(log, "a");
  const child = spawn("node_modules/.bin/tsx", ["tools/start.ts"], {
    env: { ...process.env, PORT: String(port), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(stripePort) },
    stdio: ["ignore", output, output],
    detached: true,
  });
  child.unref();
  return { pid: child.pid!, persistDir, log, port, stripePort };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the start-up banner and returns the whole output (the suite reads the pay links in it). */
export async function portalReady(server: PortalServer, seconds: number): Promise<string> {
  const started = Date.now();
  for (;;) {
    const output = existsSync(server.log) ? readFileSync(server.log, "utf8") : "";
    if (output.includes(READY)) return output;
    if (!running(server.pid)) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() - started > seconds * 1000) {
      stopPortal(server);
      throw new Error(`npm start did not come up within ${seconds} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Stops the whole process group (workerd survives its wrapper otherwise) and removes the state. */
export function stopPortal(server: PortalServer): void {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    /* already stopped */
  }
  rmSync(server.persistDir, { recursive: true, force: true });
}
