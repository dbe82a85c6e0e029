// `npm run bench`: starts the portal as `npm start` does (own ports, fresh state) and a trivial
// Worker under the same wrangler dev, loads each endpoint with autocannon (64 connections) in
// rounds paired with a round of the trivial Worker, and prints requests/s and p50/p99 latency per
// endpoint with the median of the rounds' ratios to the trivial Worker (issue 10's goal: p99 <=
// 1.5x, requests/s >= 0.5x), plus the gzip size of the Worker.
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { benchLarge } from "./bench-large";
import { clientEndpoints, loadRound, type BenchEndpoint, type Round } from "./bench/client-endpoints";
import { startGroup, startTrivialWorker, stopGroup, waitFor } from "./bench/processes";
import { describeRatios, median, roundRatios } from "./bench/rounds";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const TRIVIAL_PORT = PORT + 1;
/** Seconds of each round; each endpoint gets ROUNDS rounds, each beside a round of the trivial Worker. */
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

interface Endpoint extends BenchEndpoint {
  /** Not the portal: a reference the ratios are read against, not an endpoint held to the goal. */
  reference?: true;
}

const P99_GOAL = 1.5;
const RPS_GOAL = 0.5;

const load = (endpoint: Endpoint) => loadRound(endpoint, { connections: CONNECTIONS, seconds: DURATION });

async function main() {
  // BENCH_SEED=large: the same endpoints on the demo seed and on seed:large, side by side.
  if (process.env.BENCH_SEED === "large") return benchLarge();
  start("node_modules/.bin/tsx", ["tools/start.ts"], { PORT: String(PORT), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(PORT + 10) });
  children.push(startTrivialWorker(TRIVIAL_PORT, join(persistDir, "trivial")));
  await Promise.all([waitFor(`${base}/healthz`), waitFor(`http://127.0.0.1:${TRIVIAL_PORT}/`)]);

  const client = await clientEndpoints(base);

  const trivial: Endpoint = { name: "trivial Worker GET /", options: { url: `http://127.0.0.1:${TRIVIAL_PORT}/` }, reference: true };
  const endpoints: Endpoint[] = [
    // The floor local D1 sets for the rows below it (each reads D1 in its one round trip).
    { name: "trivial Worker + one D1 batch GET /d1", options: { url: `http://127.0.0.1:${TRIVIAL_PORT}/d1` }, reference: true },
    client.entry,
    client.lookup,
    client.items,
    client.amountsRecompute,
  ];
  // Each endpoint's rounds, each beside a round of the trivial Worker (trivial first in even rounds).
  const trivialRounds: Round[] = [];
  const measured: { endpoint: Endpoint; rounds: Round[]; trivial: Round[] }[] = [];
  for (const endpoint of endpoints) {
    const rounds: Round[] = [];
    const beside: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [trivial, endpoint] : [endpoint, trivial];
      for (const next of order) (next === trivial ? beside : rounds).push(await load(next));
    }
    trivialRounds.push(...beside);
    measured.push({ endpoint, rounds, trivial: beside });
  }
  const outdir = mkdtempSync(join(tmpdir(), "portal-build-"));
  const build = spawnSync("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", outdir, "--minify"], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const bundle = readFileSync(join(outdir, "index.js"));
  rmSync(outdir, { recursive: true, force: true });

  console.log(
    `\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per endpoint, each beside a round of the trivial Worker, wrangler dev (workerd) on this machine\n`,
  );
  console.log(
    `| endpoint | requests/s | p50 ms | p99 ms | req/s vs trivial (goal >= ${RPS_GOAL}x) | rounds | p99 vs trivial (goal <= ${P99_GOAL}x) | rounds | unexpected status | errors |`,
  );
  console.log("|---|---:|---:|---:|---:|---|---:|---|---|---:|");
  const figures = (rounds: Round[]) =>
    `${median(rounds.map((r) => r.rps)).toFixed(0)} | ${median(rounds.map((r) => r.p50))} | ${median(rounds.map((r) => r.p99))}`;
  console.log(
    `| ${trivial.name} (all its rounds) | ${figures(trivialRounds)} | 1.00x | | 1.00x | | 0 | ${trivialRounds.reduce((sum, r) => sum + r.errors, 0)} |`,
  );
  for (const { endpoint, rounds, trivial: beside } of measured) {
    const rps = describeRatios(
      roundRatios(
        rounds.map((r) => r.rps),
        beside.map((r) => r.rps),
      ),
    );
    const p99 = describeRatios(
      roundRatios(
        rounds.map((r) => r.p99),
        beside.map((r) => r.p99),
      ),
    );
    const mark = (ratio: number | null, ok: (r: number) => boolean) => (endpoint.reference || ratio === null ? "" : ok(ratio) ? " ok" : " MISSED");
    const unexpected = new Map<string, number>();
    for (const round of rounds) for (const [code, count] of Object.entries(round.unexpected)) unexpected.set(code, (unexpected.get(code) ?? 0) + count);
    const unexpectedText = [...unexpected].map(([code, count]) => `${count} x ${code}`).join(", ") || "0";
    console.log(
      `| ${endpoint.name} | ${figures(rounds)} | ${rps.text}${mark(rps.median, (r) => r >= RPS_GOAL)} | ${rps.rounds} | ${p99.text}${mark(p99.median, (r) => r <= P99_GOAL)} | ${p99.rounds} | ${unexpectedText} | ${rounds.reduce((sum, r) => sum + r.errors, 0)} |`,
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
