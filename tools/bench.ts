// `npm run bench`: starts the portal as `npm start` does (own ports, fresh state) and a trivial
// Worker under the same wrangler dev, loads each with autocannon, and prints requests/s and
// p50/p99 latency per endpoint, plus the gzip size of the built Worker.
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { benchLarge } from "./bench-large";
import { startGroup, startTrivialWorker, stopGroup, waitFor } from "./bench/processes";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const TRIVIAL_PORT = PORT + 1;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const base = `http://127.0.0.1:${PORT}`;
const children: ChildProcess[] = [];
const persistDir = mkdtempSync(join(tmpdir(), "portal-bench-"));

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = startGroup(command, args, env);
  children.push(child);
  return child;
}

function stop() {
  for (const child of children) stopGroup(child);
  rmSync(persistDir, { recursive: true, force: true });
}

let ipCounter = 0;
/** A new client address per request, so the per-IP limits measure nothing but themselves. */
function nextIp() {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, options: autocannon.Options, okStatuses = [200]): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const bad = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !okStatuses.includes(Number(code)))
    .reduce((sum, [, stat]) => sum + (stat as { count: number }).count, 0);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: bad, errors: result.errors };
}

async function signIn(): Promise<string> {
  const response = await fetch(`${base}/lookup`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "CF-Connecting-IP": nextIp() },
    body: "invoiceNumber=413955&invoiceTotal=15308.81",
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-portal_session="));
  if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(";")[0]!;
}

async function main() {
  // BENCH_SEED=large: the same endpoints on the demo seed and on seed:large, side by side.
  if (process.env.BENCH_SEED === "large") return benchLarge();
  start("node_modules/.bin/tsx", ["tools/start.ts"], { PORT: String(PORT), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(PORT + 10) });
  children.push(startTrivialWorker(TRIVIAL_PORT));
  await Promise.all([waitFor(`${base}/healthz`), waitFor(`http://127.0.0.1:${TRIVIAL_PORT}/`)]);

  const cookie = await signIn();
  const items = await (await fetch(`${base}/portal/items`, { headers: { Cookie: cookie } })).text();
  const ids = [...items.matchAll(/name="pay" value="(\d+)"/g)].map((m) => m[1]!);
  const form = new URLSearchParams(ids.map((id) => ["pay", id]));
  form.append("action", "ok");
  await fetch(`${base}/portal/items`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
  });
  await fetch(`${base}/portal/pay`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: "method=card",
  });
  const amounts = new URLSearchParams(ids.map((id) => [`amount-${id}`, "100.00"]));

  const rows: Row[] = [];
  rows.push(await load("trivial Worker GET /", { url: `http://127.0.0.1:${TRIVIAL_PORT}/` }));
  rows.push(await load("portal GET / (entry page)", { url: `${base}/` }));
  rows.push(
    await load(
      "lookup POST /lookup (valid pair)",
      {
        url: `${base}/lookup`,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({
              ...request,
              headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "CF-Connecting-IP": nextIp() },
              body: "invoiceNumber=413955&invoiceTotal=15308.81",
            }),
          },
        ],
      },
      [303],
    ),
  );
  rows.push(await load("list GET /portal/items", { url: `${base}/portal/items`, headers: { Cookie: cookie } }));
  rows.push(
    await load("amounts recompute POST /portal/amounts/preview", {
      url: `${base}/portal/amounts/preview`,
      method: "POST",
      headers: { Cookie: cookie, Origin: base, "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: amounts.toString(),
    }),
  );

  const outdir = mkdtempSync(join(tmpdir(), "portal-build-"));
  const build = spawnSync("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", outdir, "--minify"], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const bundle = readFileSync(join(outdir, "index.js"));
  rmSync(outdir, { recursive: true, force: true });

  console.log(`\n${CONNECTIONS} connections, ${DURATION} s each, wrangler dev (workerd) on this machine\n`);
  console.log("| endpoint | requests/s | p50 ms | p99 ms | unexpected status | errors |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.non2xx} | ${row.errors} |`);
  console.log(`\nWorker bundle (minified): ${(bundle.length / 1024).toFixed(0)} KiB, gzip ${(gzipSync(bundle).length / 1024).toFixed(0)} KiB`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stop);
