// `npm start`: everything a fresh machine needs to show the portal with demo data, offline:
// secrets for local dev, hashed assets, D1 migrations, the idempotent demo seed, then one
// `wrangler dev` running both Workers on http://127.0.0.1:8787: the client Worker (wrangler.toml)
// serves the port and hands /staff, /webhooks and /dev/mailbox to the staff Worker
// (wrangler.staff.toml) through its service binding; queues, D1 and R2 are shared between them.
// Ctrl-C stops every process it started.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { experimental_readRawConfig } from "wrangler";
import { startEmulatorServer, type EmulatorServer } from "../stripe-emulator/server.ts";
import { payLinkSettings } from "../worker/env";
import { openDatabase } from "../worker/storage/db";
import { applyLocalMigrations, localOrigin, persistDir, root, withLocalBindings } from "./local";
import { seedDemo, type SeedSummary } from "./seed";

const port = Number(process.env.PORT ?? 8787);
const wranglerBin = join(root, "node_modules/.bin/wrangler");
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
// Offline by default: the project's Stripe emulator. STRIPE_EMULATOR=off uses the keys in .dev.vars.
const useEmulator = process.env.STRIPE_EMULATOR !== "off";
const emulatorPort = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const EMULATOR_SECRET_KEY = "sk_test_emulator_local";
const EMULATOR_PUBLISHABLE_KEY = "pk_test_emulator_local";

function readDevVar(name: string): string | undefined {
  const path = join(root, ".dev.vars");
  if (!existsSync(path)) return undefined;
  const line = readFileSync(path, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  return line
    ?.slice(name.length + 1)
    .trim()
    .replace(/^"|"$/g, "");
}

/** Local secrets live in .dev.vars (git-ignored); made once with random values. */
function ensureDevVars(): void {
  const path = join(root, ".dev.vars");
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const wanted: Record<string, () => string> = {
    SESSION_SECRET: () => randomBytes(32).toString("base64url"),
    STRIPE_SECRET_KEY: () => EMULATOR_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: () => `whsec_local_${randomBytes(18).toString("base64url")}`,
    // The staff pages without Cloudflare Access, for local runs only (refused next to Access settings).
    STAFF_DEV_EMAIL: () => "ar-staff@alvarezwhitman.example",
    // Cloudflare's documented always-pass Turnstile test secret: checked without a network call.
    TURNSTILE_SECRET_KEY: () => "1x0000000000000000000000000000000AA",
    // Pay link signing keys: key "a" signs (PAY_LINK_CURRENT_KEY in wrangler.toml).
    PAY_LINK_KEYS: () => `a:${randomBytes(32).toString("base64")}`,
  };
  const missing = Object.keys(wanted).filter((key) => !new RegExp(`^${key}=`, "m").test(existing));
  if (missing.length === 0) return;
  const lines = missing.map((key) => `${key}=${wanted[key]!()}`);
  writeFileSync(path, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${lines.join("\n")}\n`);
  console.log(`wrote ${missing.join(", ")} to .dev.vars`);
}

async function seed(): Promise<SeedSummary> {
  return withLocalBindings(async (env) => {
    const applied = await applyLocalMigrations(env.DB);
    console.log(applied.length ? `applied ${applied.length} migration(s)` : "migrations up to date");
    // Links are minted before the PDFs that print them; they point at this local portal.
    const { keyring, daysAfterDue } = payLinkSettings(env);
    const payLinks = { keyring, daysAfterDue, origin: localOrigin(env) };
    const summary = await seedDemo({ db: openDatabase(env.DB), bucket: env.PDFS, firmName: env.FIRM_NAME, now: Date.now(), payLinks });
    console.log(
      `demo data: ${summary.clients} clients, ${summary.items} items, ${summary.pdfsWritten} new PDFs, ${summary.links.filter((l) => l.minted).length} new pay links`,
    );
    return summary;
  });
}

/**
 * The staff Worker's configuration for this run: wrangler.staff.toml with its paths made absolute
 * and this run's development settings as vars, in a folder of its own (per port) with a copy of
 * .dev.vars. wrangler gives the second Worker of a multi-config `dev` neither the --var flags nor
 * any .dev.vars entry its config does not declare, and these settings (the emulator's address,
 * the development identity, the mailbox) must never be in the deployed config.
 */
function staffDevConfig(vars: Record<string, string>): string {
  const { rawConfig } = experimental_readRawConfig({ config: join(root, "wrangler.staff.toml") });
  const absolute = (path: string) => (isAbsolute(path) ? path : join(root, path));
  const config = {
    ...rawConfig,
    main: absolute(rawConfig.main ?? ""),
    assets: rawConfig.assets && { ...rawConfig.assets, directory: absolute(rawConfig.assets.directory ?? "") },
    d1_databases: rawConfig.d1_databases?.map((database: { migrations_dir?: string }) => ({
      ...database,
      migrations_dir: absolute(database.migrations_dir ?? "migrations"),
    })),
    vars: { ...rawConfig.vars, ...vars },
  };
  const dir = join(root, ".wrangler", `staff-dev-${port}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "wrangler.json"), `${JSON.stringify(config, null, 2)}\n`);
  copyFileSync(join(root, ".dev.vars"), join(dir, ".dev.vars"));
  return join(dir, "wrangler.json");
}

const children: ChildProcess[] = [];
let emulator: EmulatorServer | null = null;
function stopAll(code: number): never {
  void emulator?.close();
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
  const demo = await seed();

  if (useEmulator) {
    if (readDevVar("STRIPE_SECRET_KEY")?.startsWith("sk_live_")) throw new Error("a live Stripe key is in .dev.vars: the emulator refuses to run with it");
    emulator = await startEmulatorServer({
      port: emulatorPort,
      webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
      webhookSecret: readDevVar("STRIPE_WEBHOOK_SECRET"),
    });
  }

  // wrangler loads only the secrets a config declares from .dev.vars: the development staff
  // identity is passed on its own. DEV_MAILBOX turns on /dev/mailbox, the rendered emails of this
  // run (both refused where Access is configured). The client Worker takes them as --var, the
  // staff Worker (second config) from its generated config. wrangler.toml's [build] builds the assets.
  const devVars: Record<string, string> = { DEV_MAILBOX: "on" };
  const staffDevEmail = readDevVar("STAFF_DEV_EMAIL");
  if (staffDevEmail) devVars.STAFF_DEV_EMAIL = staffDevEmail;
  if (emulator) Object.assign(devVars, { STRIPE_API_BASE: emulator.url, STRIPE_PUBLISHABLE_KEY: EMULATOR_PUBLISHABLE_KEY });
  const dev = spawn(
    wranglerBin,
    // PORTAL_WORKER_ENTRY: `npm run bench` serves the client Worker through its metering entry.
    [
      "dev",
      ...(process.env.PORTAL_WORKER_ENTRY ? [process.env.PORTAL_WORKER_ENTRY] : []),
      "-c",
      "wrangler.toml",
      "-c",
      staffDevConfig(devVars),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistDir,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
      ...Object.entries(devVars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
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

  Or open a pay link, as printed on the demo PDFs ("Click here to pay by credit card or ACH"):
${demo.links.map((link) => `    ${link.invoiceNumber}  ${link.clientName.padEnd(26)} ${link.url}`).join("\n")}

  Staff page (pay links, payments, export): http://127.0.0.1:${port}/staff
    as ${readDevVar("STAFF_DEV_EMAIL") ?? "the STAFF_DEV_EMAIL in .dev.vars"} (local only; Cloudflare Access in production)

  ${
    useEmulator
      ? `Stripe emulator: ${emulator?.url}/_emulator/  (settle or fail pending ACH payments, redeliver webhooks)
    Cards: 4242 4242 4242 4242 credit (3% fee) · 4000 0566 5566 5556 debit · 5105 1051 0510 5100 prepaid
           4000 0000 0000 0002 declined · 4000 0027 6000 3184 3D Secure   (any future expiry, any CVC)
    ACH:   routing 110000000, account 000123456789 (settles) or 000111111116 (fails)`
      : "Stripe: using the keys in .dev.vars (STRIPE_EMULATOR=off)"
  }

  Help requests (staff): http://127.0.0.1:${port}/staff/help   Emails sent: http://127.0.0.1:${port}/dev/mailbox

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
