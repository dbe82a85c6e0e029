// `npm run bench`: starts the portal as `npm start` does (own ports, fresh state) and a trivial
// Worker under the same wrangler dev, loads each with autocannon (64 connections), and prints
// requests/s and p50/p99 latency per endpoint, each as a ratio to the trivial Worker's in the
// same run (issue 10's goal: p99 <= 1.5x, requests/s >= 0.5x), plus the gzip size of the Worker.
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { benchLarge } from "./bench-large";
import { importBenchInvoices, nextIp, rotatingLookup } from "./bench/lookups";
import { startGroup, startTrivialWorker, stopGroup, waitFor } from "./bench/processes";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const TRIVIAL_PORT = PORT + 1;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
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

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Answers other than the expected status, by status code. */
  unexpected: Record<string, number>;
  errors: number;
  /** A trivial Worker's row: a reference the ratios are read against, not an endpoint held to the goal. */
  reference?: true;
}

const P99_GOAL = 1.5;
const RPS_GOAL = 0.5;

async function load(name: string, options: autocannon.Options, okStatuses = [200]): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const unexpected = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !okStatuses.includes(Number(code)))
      .map(([code, stat]) => [code, (stat as { count: number }).count]),
  );
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, unexpected, errors: result.errors };
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
  children.push(startTrivialWorker(TRIVIAL_PORT, join(persistDir, "trivial")));
  await Promise.all([waitFor(`${base}/healthz`), waitFor(`http://127.0.0.1:${TRIVIAL_PORT}/`)]);

  await importBenchInvoices(base);
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
  rows.push({ ...(await load("trivial Worker GET /", { url: `http://127.0.0.1:${TRIVIAL_PORT}/` })), reference: true });
  // Not the portal: the floor local D1 sets for the rows below it (each reads D1 in its one round trip).
  rows.push({ ...(await load("trivial Worker + one D1 batch GET /d1", { url: `http://127.0.0.1:${TRIVIAL_PORT}/d1` })), reference: true });
  rows.push(await load("portal GET / (entry page)", { url: `${base}/` }));
  rows.push(
    await load(
      "lookup POST /lookup (valid pair)",
      {
        url: `${base}/lookup`,
        requests: [rotatingLookup(base)],
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
  const trivial = rows[0]!;
  const ratio = (value: number, of: number) => (of > 0 ? value / of : Number.NaN);
  console.log(
    `| endpoint | requests/s | p50 ms | p99 ms | req/s vs trivial (goal >= ${RPS_GOAL}x) | p99 vs trivial (goal <= ${P99_GOAL}x) | unexpected status | errors |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---|---:|");
  for (const row of rows) {
    const rps = ratio(row.rps, trivial.rps);
    const p99 = ratio(row.p99, trivial.p99);
    const mark = (ok: boolean) => (row.reference ? "" : ok ? " ok" : " MISSED");
    const unexpected =
      Object.entries(row.unexpected)
        .map(([code, count]) => `${count} x ${code}`)
        .join(", ") || "0";
    console.log(
      `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${rps.toFixed(2)}x${mark(rps >= RPS_GOAL)} | ${p99.toFixed(2)}x${mark(p99 <= P99_GOAL)} | ${unexpected} | ${row.errors} |`,
    );
  }
  console.log(`\nWorker bundle (minified): ${(bundle.length / 1024).toFixed(0)} KiB, gzip ${(gzipSync(bundle).length / 1024).toFixed(0)} KiB`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stop);
