// The local bindings (D1, R2, vars and .dev.vars) that `npm start` serves, for `npm start`'s seed
// and the command-line tools: the same persisted state wrangler dev uses, reached through
// wrangler's platform proxy. The one place in tools/ that opens it.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy } from "wrangler";
import { payLinkSettings, type WorkerEnv } from "../worker/env";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const persistDir = resolve(root, process.env.PERSIST_DIR ?? ".wrangler/state");

export async function withLocalBindings<T>(work: (env: WorkerEnv) => Promise<T>): Promise<T> {
  // The tools use D1, R2 and the pay link keys only: wrangler's warning that the Worker's other
  // declared secrets are missing (a checkout without .dev.vars) is noise here.
  process.env.WRANGLER_LOG ??= "error";
  const proxy = await getPlatformProxy<WorkerEnv>({ configPath: join(root, "wrangler.toml"), persist: { path: join(persistDir, "v3") } });
  try {
    // Keys kept outside .dev.vars (a fresh checkout, CI) may come from the environment.
    const env = process.env.PAY_LINK_KEYS ? { ...proxy.env, PAY_LINK_KEYS: process.env.PAY_LINK_KEYS } : proxy.env;
    return await work(env);
  } finally {
    await proxy.dispose();
  }
}

/** Where links minted locally point: PUBLIC_ORIGIN if set (checked as the Worker checks it), else the local portal. */
export function localOrigin(env: WorkerEnv): string {
  return payLinkSettings(env).publicOrigin || `http://127.0.0.1:${process.env.PORT ?? 8787}`;
}

/** Who the staff actions of a local tool are recorded as. */
export function localStaffEmail(env: Pick<WorkerEnv, "STAFF_DEV_EMAIL">): string {
  return process.env.STAFF_EMAIL?.trim() || env.STAFF_DEV_EMAIL?.trim() || "local-cli@localhost";
}
