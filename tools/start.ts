// `npm start`: everything a fresh machine needs to show the portal with demo data, offline:
// secrets for local dev, hashed assets, D1 migrations, the idempotent demo seed, then
// `wrangler dev` on http://127.0.0.1:8787. Ctrl-C stops every process it started.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy } from "wrangler";
import { openDatabase } from "../worker/storage/db";
import { buildAssets } from "./build-assets";
import { seedDemo } from "./seed";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 8787);
const persistDir = resolve(root, process.env.PERSIST_DIR ?? ".wrangler/state");
const wranglerBin = join(root, "node_modules/.bin/wrangler");
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/** Local secrets live in .dev.vars (git-ignored); made once with random values. */
function ensureDevVars(): void {
  const path = join(root, ".dev.vars");
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const wanted: Record<string, () => string> = {
    SESSION_SECRET: () => randomBytes(32).toString("base64url"),
  };
  const missing = Object.keys(wanted).filter((key) => !new RegExp(`^${key}=`, "m").test(existing));
  if (missing.length === 0) return;
  const lines = missing.map((key) => `${key}=${wanted[key]!()}`);
  writeFileSync(path, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${lines.join("\n")}\n`);
  console.log(`wrote ${missing.join(", ")} to .dev.vars`);
}

function applyMigrations(): void {
  const result = spawnSync(wranglerBin, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], {
    cwd: root,
    env: { ...quietEnv, CI: "true" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error("applying D1 migrations failed");
  }
  const applied = (result.stdout.match(/\d{4}_\w+\.sql\s*│\s*✅/g) ?? []).length;
  console.log(applied ? `applied ${applied} migration(s)` : "migrations up to date");
}

async function seed(): Promise<void> {
  const proxy = await getPlatformProxy<Env>({ configPath: join(root, "wrangler.toml"), persist: { path: join(persistDir, "v3") } });
  try {
    const summary = await seedDemo({ db: openDatabase(proxy.env.DB), bucket: proxy.env.PDFS, firmName: proxy.env.FIRM_NAME, now: Date.now() });
    console.log(`demo data: ${summary.clients} clients, ${summary.items} items, ${summary.pdfsWritten} new PDFs`);
  } finally {
    await proxy.dispose();
  }
}

const children: ChildProcess[] = [];
function stopAll(code: number): never {
  for (const child of children) {
    // Each child leads its own process group: kill the group, or workerd keeps the port.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
  }
  process.exit(code);
}

async function main(): Promise<void> {
  ensureDevVars();
  const assets = buildAssets();
  console.log(`assets: ${Object.values(assets).join(", ")}`);
  applyMigrations();
  await seed();

  const dev = spawn(
    wranglerBin,
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistDir, "--show-interactive-dev-session=false", "--log-level", "warn"],
    { cwd: root, env: quietEnv, stdio: ["ignore", "inherit", "inherit"], detached: true },
  );
  children.push(dev);
  dev.on("exit", (code) => stopAll(code ?? 1));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stopAll(0));

  await waitForHttp(`http://127.0.0.1:${port}/healthz`);
  console.log(`
  Payment portal: http://127.0.0.1:${port}

  Try it with the demo data:
    Brickell Bay Holdings LLC (client 20481736): invoice 413955, total 15,308.81  -> $82,350.57 outstanding
    Coconut Grove Dental PA   (client 20993410): invoice 414120, total 3,150.00

  Ctrl-C stops everything.
`);
}

async function waitForHttp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
});
