// `BENCH_SEED=large npm run bench` (or `npm run bench:large`): the same endpoints on the demo seed
// and on a firm at its real size (npm run seed:large: 100,000 clients, a million items, 200,000
// payments), compared at p99, then the payments export at about 100,000 rows: its time and the
// memory of workerd (the process serving the Worker, read from /proc) while it runs.
//
// Both portals run side by side, each on its own fresh local state as `npm start` makes it, and
// each endpoint is loaded in alternating rounds (demo, large, then large, demo, ...): on a shared
// 2-core machine one 8-second p99 moves by a third from run to run, so two portals measured minutes
// apart differ by the machine's drift as much as by their data. A round's large/demo ratio pairs
// measurements taken seconds apart; the bench prints the median of the rounds. Nothing remote is touched.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientEndpoints, loadRound, type BenchEndpoint } from "./bench/client-endpoints";
import { stopGroup, waitFor } from "./bench/processes";
import { describeRatios, median, roundRatios } from "./bench/rounds";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
/** The Stripe emulators' ports: STRIPE_EMULATOR_PORT if set (a machine whose ports are shared), else BENCH_PORT + 10; the large seed's is the next. */
const EMULATOR_PORT = Number(process.env.STRIPE_EMULATOR_PORT ?? PORT + 10);
/** Seconds of each round of one endpoint on one seed. */
const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** About 100,000 export rows of the large seed (payments are spread evenly from 2024-02-01). */
const EXPORT_FROM = "2024-02-01";
const EXPORT_TO = "2024-10-23";

interface Row {
  rps: number;
  p99: number;
  unexpected: number;
}

/** One endpoint as a portal serves it, or `missing` where the page does not exist at that seed. */
type Endpoint = BenchEndpoint | { name: string; missing: true };

interface ExportFigures {
  rows: number;
  bytes: number;
  firstByteMs: number;
  totalMs: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  hwmMiB: number;
}

interface Portal {
  base: string;
  process: ChildProcess;
  persistDir: string;
  seedSeconds: number | null;
}

/** The workerd processes under a process (wrangler dev's runtime, in its own group), largest first. */
function workerdPids(rootPid: number): number[] {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      comm.set(Number(entry), stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const isUnder = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === rootPid) return true;
    return false;
  };
  return [...comm]
    .filter(([pid, name]) => name === "workerd" && isUnder(pid))
    .map(([pid]) => ({ pid, rss: memoryKiB(pid, "VmRSS") }))
    .sort((a, b) => b.rss - a.rss)
    .map((p) => p.pid);
}

function memoryKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : 0;
}

/**
 * The size of one answer of an endpoint (KB, uncompressed), to read a ratio by: a page at the large
 * seed may show more rows than at the demo seed (a full list), and those rows cost as much as the
 * data's size. Null for an endpoint whose requests vary (the rotating lookup).
 */
async function answerKB(endpoint: Endpoint): Promise<number | null> {
  if ("missing" in endpoint || endpoint.options.requests) return null;
  const { url, method, headers, body } = endpoint.options;
  const response = await fetch(String(url), {
    method,
    headers: headers as Record<string, string> | undefined,
    body: body as string | undefined,
    redirect: "manual",
  });
  return (await response.arrayBuffer()).byteLength / 1024;
}

/** One round of an endpoint, its unexpected answers and errors counted together. */
async function load(endpoint: BenchEndpoint): Promise<Row> {
  const round = await loadRound(endpoint, { connections: CONNECTIONS, seconds: DURATION });
  const unexpected = Object.values(round.unexpected).reduce((sum, count) => sum + count, 0);
  return { rps: round.rps, p99: round.p99, unexpected: unexpected + round.errors };
}

/** Staff pages measured at both sizes: the dashboard, search, the paged list, a client's page. */
const STAFF_PAGES = [
  "/staff",
  "/staff/search?q=G%C3%B3mez",
  "/staff/search?q=413955",
  "/staff/payments",
  "/staff/payments?status=processing",
  "/staff/clients/20481736",
];

/** The list's depth, compared at the same number of rows: its first and fifth pages of 100. */
const FIRST_OF_100 = "staff GET /staff/payments?limit=100 (first page of 100)";
const FIFTH_OF_100 = "staff GET /staff/payments?limit=100 (fifth page, by cursor)";

/** How many payments a list page shows (each payment's own link, once). */
async function paymentsShown(url: string): Promise<number> {
  return new Set((await (await fetch(url)).text()).match(/href="\/staff\/payments\/[^"?]+"/g)).size;
}

/** Readies one portal for the endpoints (bench invoices, a signed-in client with a selection) and lists them. */
async function prepareEndpoints(base: string): Promise<{ endpoints: Endpoint[]; firstPageShows: number }> {
  const client = await clientEndpoints(base);
  const endpoints: Endpoint[] = [
    client.lookup,
    client.summary,
    client.items,
    client.amountsRecompute,
    // Locally the staff pages are signed in as STAFF_DEV_EMAIL (npm start), not through Access.
    ...STAFF_PAGES.map((path) => ({ name: `staff GET ${path}`, options: { url: `${base}${path}` } })),
  ];
  // A deeper page of the list, through the cursors its pages link to: the fifth page of 100 beside
  // the first page of 100, so that depth is compared at the same number of rows. The demo seed's
  // two payments fill no page of 100 and have no fifth page: that row is left out, not compared.
  const firstPage = "/staff/payments?limit=100";
  endpoints.push({ name: FIRST_OF_100, options: { url: `${base}${firstPage}` } });
  let page: string | null = firstPage;
  for (let i = 0; i < 4 && page; i++) {
    const cursor: string | undefined = /cursor=([^"&]+)/.exec(await (await fetch(`${base}${page}`)).text())?.[1];
    page = cursor ? `/staff/payments?limit=100&cursor=${cursor}` : null;
  }
  endpoints.push(page ? { name: FIFTH_OF_100, options: { url: `${base}${page}` } } : { name: FIFTH_OF_100, missing: true });
  return { endpoints, firstPageShows: await paymentsShown(`${base}${firstPage}`) };
}

/** Streams the export, counting rows and sampling workerd's resident memory as it goes. */
async function measureExport(base: string, portalPid: number, format: "csv" | "json"): Promise<ExportFigures> {
  const [pid] = workerdPids(portalPid);
  if (!pid) throw new Error("no workerd process found for the portal");
  const rssBefore = memoryKiB(pid, "VmRSS");
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryKiB(pid, "VmRSS"))), 20);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  try {
    const response = await fetch(`${base}/staff/api/payments?from=${EXPORT_FROM}&to=${EXPORT_TO}&format=${format}`);
    if (response.status !== 200) throw new Error(`export answered ${response.status}`);
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += chunk.length;
      if (format === "csv") for (const byte of chunk) if (byte === 10) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  const totalMs = performance.now() - started;
  rssPeak = Math.max(rssPeak, memoryKiB(pid, "VmRSS"));
  return {
    rows: format === "csv" ? lines - 1 : -1,
    bytes,
    firstByteMs,
    totalMs,
    rssBeforeMiB: rssBefore / 1024,
    rssPeakMiB: rssPeak / 1024,
    hwmMiB: memoryKiB(pid, "VmHWM") / 1024,
  };
}

/** Seeds (the large one) and starts one portal as `npm start` does, on its own state and ports. */
async function startPortal(seed: "demo" | "large", port: number, emulatorPort: number): Promise<Portal> {
  const persistDir = mkdtempSync(join(tmpdir(), `portal-bench-${seed}-`));
  let seedSeconds: number | null = null;
  if (seed === "large") {
    const started = Date.now();
    const result = spawnSync("node_modules/.bin/tsx", ["tools/seed-large.ts"], { env: { ...process.env, PERSIST_DIR: persistDir }, stdio: "inherit" });
    if (result.status !== 0) throw new Error("seed:large failed");
    seedSeconds = (Date.now() - started) / 1000;
  }
  const child = spawn("node_modules/.bin/tsx", ["tools/start.ts"], {
    env: { ...process.env, PORT: String(port), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(emulatorPort) },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  return { base: `http://127.0.0.1:${port}`, process: child, persistDir, seedSeconds };
}

/** Round by round, `of` over `to` at p99. */
const p99Ratios = (of: Row[], to: Row[]) =>
  roundRatios(
    of.map((r) => r.p99),
    to.map((r) => r.p99),
  );

/** One endpoint's rounds on one seed: the median p99 and requests/s, and every unexpected answer. */
const summary = (rows: Row[]) => ({
  p99: median(rows.map((r) => r.p99)),
  rps: median(rows.map((r) => r.rps)),
  unexpected: rows.reduce((sum, r) => sum + r.unexpected, 0),
});

export async function benchLarge(): Promise<void> {
  const portals: Portal[] = [];
  try {
    portals.push(await startPortal("demo", PORT, EMULATOR_PORT));
    portals.push(await startPortal("large", PORT + 1, EMULATOR_PORT + 1));
    const [demo, large] = portals as [Portal, Portal];
    await Promise.all(portals.map((portal) => waitFor(`${portal.base}/healthz`, 600)));
    const demoSide = await prepareEndpoints(demo.base);
    const largeSide = await prepareEndpoints(large.base);

    console.log(
      `\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per endpoint and seed, alternating seeds, wrangler dev (workerd) on this machine; demo seed vs seed:large\n`,
    );
    console.log(
      "| endpoint | demo p99 ms (median) | large p99 ms (median) | large/demo p99 (median of rounds) | rounds' ratios | demo req/s | large req/s | answer KB (demo/large) | unexpected (demo/large) |",
    );
    console.log("|---|---:|---:|---:|---|---:|---:|---:|---:|");
    const largeRounds = new Map<string, Row[]>();
    for (const [index, demoEndpoint] of demoSide.endpoints.entries()) {
      const largeEndpoint = largeSide.endpoints[index]!;
      const sizes = (await Promise.all([answerKB(demoEndpoint), answerKB(largeEndpoint)])).map((kb) => (kb === null ? "-" : kb.toFixed(1))).join("/");
      const demoRows: Row[] = [];
      const largeRows: Row[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // demo first in even rounds, large first in odd ones: neither always runs on a warmer machine.
        const order = round % 2 === 0 ? [demoEndpoint, largeEndpoint] : [largeEndpoint, demoEndpoint];
        for (const endpoint of order) {
          if ("missing" in endpoint) continue;
          (endpoint === demoEndpoint ? demoRows : largeRows).push(await load(endpoint));
        }
      }
      largeRounds.set(demoEndpoint.name, largeRows);
      const l = summary(largeRows);
      if (demoRows.length === 0) {
        console.log(`| ${demoEndpoint.name} | - | ${l.p99} | - | - | - | ${l.rps.toFixed(0)} | ${sizes} | -/${l.unexpected} |`);
        continue;
      }
      const d = summary(demoRows);
      const ratios = describeRatios(p99Ratios(largeRows, demoRows));
      console.log(
        `| ${demoEndpoint.name} | ${d.p99} | ${l.p99} | ${ratios.text} | ${ratios.rounds} | ${d.rps.toFixed(0)} | ${l.rps.toFixed(0)} | ${sizes} | ${d.unexpected}/${l.unexpected} |`,
      );
    }
    const first = largeRounds.get(FIRST_OF_100) ?? [];
    const fifth = largeRounds.get(FIFTH_OF_100) ?? [];
    if (fifth.length === first.length && fifth.length > 0) {
      const ratios = describeRatios(p99Ratios(fifth, first));
      console.log(
        `\nseed:large, fifth page of 100 vs first page of 100 (depth at the same size): p99 ${median(fifth.map((r) => r.p99))} vs ${median(first.map((r) => r.p99))} ms, ` +
          `median of rounds ${ratios.text} (${ratios.rounds})`,
      );
    }
    console.log(
      `The first page of 100 lists ${demoSide.firstPageShows} payments at the demo seed and ${largeSide.firstPageShows} at seed:large: its ratio is rows rendered as well as data size.`,
    );

    console.log(`\nseed:large: ${large.seedSeconds?.toFixed(0)} s (migrations, generation and load)`);
    // The streamed CSV first, then the same range as streamed JSON.
    for (const format of ["csv", "json"] as const) {
      const e = await measureExport(large.base, large.process.pid!, format);
      console.log(
        `export ${EXPORT_FROM}..${EXPORT_TO} ${format === "csv" ? `streamed CSV: ${e.rows.toLocaleString("en-US")} rows` : "streamed JSON"}, ${(e.bytes / 1024 / 1024).toFixed(1)} MiB in ${(e.totalMs / 1000).toFixed(1)} s (first byte ${e.firstByteMs.toFixed(0)} ms); ` +
          `workerd RSS ${e.rssBeforeMiB.toFixed(0)} MiB before, ${e.rssPeakMiB.toFixed(0)} MiB peak (+${(e.rssPeakMiB - e.rssBeforeMiB).toFixed(0)} MiB), VmHWM ${e.hwmMiB.toFixed(0)} MiB`,
      );
    }
  } finally {
    for (const portal of portals) stopGroup(portal.process);
    await new Promise((r) => setTimeout(r, 1000));
    for (const portal of portals) rmSync(portal.persistDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchLarge().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
