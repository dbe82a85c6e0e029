// `BENCH_SEED=large npm run bench` (or `npm run bench:large`): the same endpoints on the demo seed
// and on a firm at its real size (npm run seed:large: 100,000 clients, a million items, 200,000
// payments), printed side by side at p99, then the payments export at about 100,000 rows: its
// time and the memory of workerd (the process serving the Worker, read from /proc) while it runs.
// Each seed gets its own fresh local state, as `npm start` would make it; nothing remote is touched.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { importBenchInvoices, nextIp, rotatingLookup } from "./bench/lookups";
import { stopGroup, waitFor } from "./bench/processes";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
/** The Stripe emulator's port: STRIPE_EMULATOR_PORT if set (a machine whose ports are shared), else BENCH_PORT + 10. */
const EMULATOR_PORT = Number(process.env.STRIPE_EMULATOR_PORT ?? PORT + 10);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const base = `http://127.0.0.1:${PORT}`;
/** About 100,000 export rows of the large seed (payments are spread evenly from 2024-02-01). */
const EXPORT_FROM = "2024-02-01";
const EXPORT_TO = "2024-10-23";

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  unexpected: number;
  /** The page does not exist at this seed (the demo's two payments have no fifth page of 100). */
  missing?: boolean;
  /** How many payments the page lists, where the seeds' pages differ in that. */
  paymentsShown?: number;
}

interface ExportFigures {
  rows: number;
  bytes: number;
  firstByteMs: number;
  totalMs: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  hwmMiB: number;
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

async function load(name: string, options: autocannon.Options, okStatuses = [200]): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const unexpected = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !okStatuses.includes(Number(code)))
    .reduce((sum, [, stat]) => sum + (stat as { count: number }).count, 0);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, unexpected: unexpected + result.errors };
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

/** Staff pages measured at both sizes: the dashboard, search, the paged list, a client's page. */
const STAFF_PAGES = [
  "/staff",
  "/staff/search?q=G%C3%B3mez",
  "/staff/search?q=413955",
  "/staff/payments",
  "/staff/payments?status=processing",
  "/staff/clients/20481736",
];

/** The endpoints compared between seeds: the client's flow and the staff pages. */
async function measureEndpoints(): Promise<Row[]> {
  await importBenchInvoices(base);
  const cookie = await signIn();
  const items = await (await fetch(`${base}/portal/items`, { headers: { Cookie: cookie } })).text();
  const ids = [...items.matchAll(/name="pay" value="(\d+)"/g)].map((m) => m[1]!);
  const form = new URLSearchParams(ids.map((id) => ["pay", id]));
  form.append("action", "ok");
  const post = (path: string, body: string) =>
    fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  await post("/portal/items", form.toString());
  await post("/portal/pay", "method=card");
  const amounts = new URLSearchParams(ids.map((id) => [`amount-${id}`, "100.00"]));

  const rows: Row[] = [];
  rows.push(
    await load(
      "lookup POST /lookup",
      {
        url: `${base}/lookup`,
        requests: [rotatingLookup(base)],
      },
      [303],
    ),
  );
  rows.push(await load("summary GET /portal", { url: `${base}/portal`, headers: { Cookie: cookie } }));
  rows.push(await load("list GET /portal/items", { url: `${base}/portal/items`, headers: { Cookie: cookie } }));
  rows.push(
    await load("amounts POST /portal/amounts/preview", {
      url: `${base}/portal/amounts/preview`,
      method: "POST",
      headers: { Cookie: cookie, Origin: base, "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: amounts.toString(),
    }),
  );
  // Locally the staff pages are signed in as STAFF_DEV_EMAIL (npm start), not through Access.
  for (const path of STAFF_PAGES) rows.push(await load(`staff GET ${path}`, { url: `${base}${path}` }));
  // A deeper page of the list, through the cursors its pages link to: the fifth page of 100 beside
  // the first page of 100, so that depth is compared at the same number of rows. The demo seed's
  // two payments fill no page of 100 and have no fifth page: that row is left out, not compared.
  const firstPage = "/staff/payments?limit=100";
  const shown = new Set((await (await fetch(`${base}${firstPage}`)).text()).match(/href="\/staff\/payments\/[^"?]+"/g)).size;
  rows.push({ ...(await load(`staff GET ${firstPage} (first page of 100)`, { url: `${base}${firstPage}` })), paymentsShown: shown });
  let page: string | null = firstPage;
  for (let i = 0; i < 4 && page; i++) {
    const cursor: string | undefined = /cursor=([^"&]+)/.exec(await (await fetch(`${base}${page}`)).text())?.[1];
    page = cursor ? `/staff/payments?limit=100&cursor=${cursor}` : null;
  }
  const laterName = "staff GET /staff/payments?limit=100 (fifth page, by cursor)";
  rows.push(page ? await load(laterName, { url: `${base}${page}` }) : { name: laterName, rps: 0, p50: 0, p99: 0, unexpected: 0, missing: true });
  return rows;
}

/** Streams the export, counting rows and sampling workerd's resident memory as it goes. */
async function measureExport(portalPid: number, format: "csv" | "json"): Promise<ExportFigures> {
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

async function runSeed(seed: "demo" | "large"): Promise<{ rows: Row[]; seedSeconds: number | null; exported: ExportFigures[] }> {
  const persistDir = mkdtempSync(join(tmpdir(), `portal-bench-${seed}-`));
  let portal: ChildProcess | null = null;
  try {
    let seedSeconds: number | null = null;
    if (seed === "large") {
      const started = Date.now();
      const result = spawnSync("node_modules/.bin/tsx", ["tools/seed-large.ts"], { env: { ...process.env, PERSIST_DIR: persistDir }, stdio: "inherit" });
      if (result.status !== 0) throw new Error("seed:large failed");
      seedSeconds = (Date.now() - started) / 1000;
    }
    portal = spawn("node_modules/.bin/tsx", ["tools/start.ts"], {
      env: { ...process.env, PORT: String(PORT), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(EMULATOR_PORT) },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    await waitFor(`${base}/healthz`, 600);
    const rows = await measureEndpoints();
    // The streamed CSV first, then the same range as streamed JSON.
    const exported = seed === "large" ? [await measureExport(portal.pid!, "csv"), await measureExport(portal.pid!, "json")] : [];
    return { rows, seedSeconds, exported };
  } finally {
    if (portal) {
      stopGroup(portal);
      await new Promise((r) => setTimeout(r, 1000));
    }
    rmSync(persistDir, { recursive: true, force: true });
  }
}

export async function benchLarge(): Promise<void> {
  const demo = await runSeed("demo");
  const large = await runSeed("large");
  console.log(`\n${CONNECTIONS} connections, ${DURATION} s each, wrangler dev (workerd) on this machine; demo seed vs seed:large\n`);
  console.log("| endpoint | demo p99 ms | large p99 ms | large/demo p99 | demo req/s | large req/s | unexpected (demo/large) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  demo.rows.forEach((row, i) => {
    const other = large.rows[i]!;
    if (row.missing) {
      console.log(`| ${row.name} | - | ${other.p99} | - | - | ${other.rps.toFixed(0)} | -/${other.unexpected} |`);
      return;
    }
    const ratio = row.p99 > 0 ? (other.p99 / row.p99).toFixed(2) : "-";
    console.log(
      `| ${row.name} | ${row.p99} | ${other.p99} | ${ratio}x | ${row.rps.toFixed(0)} | ${other.rps.toFixed(0)} | ${row.unexpected}/${other.unexpected} |`,
    );
  });
  // Depth at the same size: the fifth page of 100 against the first page of 100, both at seed:large.
  const [firstOf100, fifthOf100] = large.rows.slice(-2);
  const demoFirst = demo.rows.at(-2);
  console.log(
    `\nThe first page of 100 lists ${demoFirst?.paymentsShown} payments at the demo seed and ${firstOf100?.paymentsShown} at seed:large: its ratio is rows rendered, not data size.`,
  );
  if (firstOf100 && fifthOf100 && !fifthOf100.missing && firstOf100.p99 > 0) {
    console.log(
      `seed:large, fifth page of 100 vs first page of 100 (depth at the same size): p99 ${fifthOf100.p99} vs ${firstOf100.p99} ms (${(fifthOf100.p99 / firstOf100.p99).toFixed(2)}x), ` +
        `req/s ${fifthOf100.rps.toFixed(0)} vs ${firstOf100.rps.toFixed(0)}`,
    );
  }
  console.log(`\nseed:large: ${large.seedSeconds?.toFixed(0)} s (migrations, generation and load)`);
  for (const [index, e] of large.exported.entries()) {
    console.log(
      `export ${EXPORT_FROM}..${EXPORT_TO} ${index === 0 ? `streamed CSV: ${e.rows.toLocaleString("en-US")} rows` : "streamed JSON"}, ${(e.bytes / 1024 / 1024).toFixed(1)} MiB in ${(e.totalMs / 1000).toFixed(1)} s (first byte ${e.firstByteMs.toFixed(0)} ms); ` +
        `workerd RSS ${e.rssBeforeMiB.toFixed(0)} MiB before, ${e.rssPeakMiB.toFixed(0)} MiB peak (+${(e.rssPeakMiB - e.rssBeforeMiB).toFixed(0)} MiB), VmHWM ${e.hwmMiB.toFixed(0)} MiB`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchLarge().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
