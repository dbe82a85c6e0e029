// The bench scripts' process handling: servers started in their own process group (so stopping
// the group stops workerd too), and a wait until a URL answers.
import { spawn, type ChildProcess } from "node:child_process";

export function startGroup(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
}

export function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
}

/** Polls every 250 ms until the URL answers below 500; `attempts` bounds the wait. */
export async function waitFor(url: string, attempts = 400): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never answered`);
}

/**
 * The trivial Worker every bench compares the portal with, on its own port (wrangler dev, no
 * logs); `persistTo` holds its local D1 (a folder of the caller's, removed with it).
 */
export function startTrivialWorker(port: number, persistTo: string): ChildProcess {
  return startGroup(
    "node_modules/.bin/wrangler",
    [
      "dev",
      "-c",
      "tools/bench/trivial.toml",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      "--log-level",
      "error",
    ],
    { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  );
}
