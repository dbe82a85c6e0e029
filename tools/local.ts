// The local bindings (D1, R2, vars and .dev.vars) that `npm start` serves, for `npm start`'s seed
// and the command-line tools: the same persisted state wrangler dev uses, reached through
// wrangler's platform proxy. The one place in tools/ that opens it.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readD1Migrations } from "@cloudflare/vitest-plugin";
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

/**
 * Applies the migrations the local D1 has not recorded, in this one local runtime, and returns
 * their names. `wrangler d1 migrations apply --local` starts a runtime per migration: 15 of them,
 * about 23 s of CPU, a minute on a busy 2-core machine. The record is wrangler's own d1_migrations
 * table, kept exactly as Cloudflare's applyD1Migrations (cloudflare:test) keeps it, so wrangler
 * sees these as applied; each migration and its record go in one batch (all or nothing).
 */
export async function applyLocalMigrations(db: D1Database): Promise<string[]> {
  const migrations = await readD1Migrations(join(root, "migrations"));
  await db
    .prepare(
      "CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
    )
    .run();
  const recorded = new Set((await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>()).results.map((row) => row.name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.name)) continue;
    await db.batch([...migration.queries.map((query) => db.prepare(query)), db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(migration.name)]);
    applied.push(migration.name);
  }
  return applied;
}

/** Where links minted locally point: PUBLIC_ORIGIN if set (checked as the Worker checks it), else the local portal. */
export function localOrigin(env: WorkerEnv): string {
  return payLinkSettings(env).publicOrigin || `http://127.0.0.1:${process.env.PORT ?? 8787}`;
}

/** Who the staff actions of a local tool are recorded as. */
export function localStaffEmail(env: Pick<WorkerEnv, "STAFF_DEV_EMAIL">): string {
  return process.env.STAFF_EMAIL?.trim() || env.STAFF_DEV_EMAIL?.trim() || "local-cli@localhost";
}
