// `npm run bench` (size part): both Workers as deployed (`wrangler deploy --dry-run --minify`),
// gzip -9, with the gzip KB of each package and source folder in them. The 120 KB budget is the
// client Worker's (wrangler.toml, the one next to clients, where cold starts matter); the staff
// Worker's figure (wrangler.staff.toml: staff pages, webhooks, queues, cron, PDFs) is printed
// beside it against no budget. Startup CPU from `wrangler check startup` for both, beside a
// trivial Worker's, measured in the same run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 120;
const STARTUP_GOAL_MS = 25;
// One startup profile samples every few ms, and a busy machine only ever adds to it: the lowest of
// a few runs, with their median.
const STARTUP_RUNS = 7;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function wrangler(args: string[]) {
  const run = spawnSync("node_modules/.bin/wrangler", args, { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** An npm package, or the source folder (two levels: worker/routes, ui/pages) a bundled file came from. */
function groupOf(source: string): string {
  const inPackage = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  // drizzle-orm's own source maps name its files ../src/..., which resolve to node_modules/src/.
  if (inPackage?.[1] === "src") return "drizzle-orm";
  if (inPackage) return inPackage[1]!;
  const own = source.match(/(?:^|\/)((?:worker|ui|stripe-emulator|tools)\/.*)$/);
  return own ? own[1]!.split("/").slice(0, 2).join("/") : source;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Source map segments of one generated line: [column, source index or -1]. */
function* segments(line: string, state: { source: number }): Generator<[number, number]> {
  let column = 0;
  for (const segment of line.split(",")) {
    if (!segment) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >> 1) : value >> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0]!;
    if (fields.length > 1) state.source += fields[1]!;
    yield [column, fields.length > 1 ? state.source : -1];
  }
}

/**
 * Gzip KB per group: the output's bytes are split by the source map into groups, each group's
 * bytes gzipped on their own, and the figures scaled so that they add up to the real gzip size
 * (apart, each compresses a little worse than inside the whole bundle).
 */
function gzipByGroup(code: string, map: { sources: string[]; mappings: string }, totalGzip: number): [string, number, number][] {
  const parts = new Map<string, string[]>();
  const add = (source: number, text: string) => {
    const group = source < 0 ? "(wrangler glue)" : groupOf(map.sources[source]!);
    parts.set(group, [...(parts.get(group) ?? []), text]);
  };
  const mappingLines = map.mappings.split(";");
  const state = { source: 0 };
  code.split("\n").forEach((line, index) => {
    let start = 0;
    let source = -1;
    for (const [column, next] of segments(mappingLines[index] ?? "", state)) {
      if (column > start) add(source, line.slice(start, column));
      start = column;
      source = next;
    }
    add(source, `${line.slice(start)}\n`);
  });
  const rows = [...parts].map(([group, texts]) => {
    const text = texts.join("");
    return [group, text.length, gzipSync(text, { level: 9 }).length] as [string, number, number];
  });
  const apart = rows.reduce((sum, row) => sum + row[2], 0);
  return rows.map(([group, bytes, gzip]) => [group, bytes, (gzip * totalGzip) / apart] as [string, number, number]).sort((a, b) => b[2] - a[2]);
}

/** CPU time spent in a startup profile, without idle time. */
function startupCpuMs(profileFile: string): number {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as {
    nodes: { id: number; callFrame: { functionName: string } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  return profile.samples.reduce((sum, node, i) => sum + (idle.has(node) ? 0 : profile.timeDeltas[i]!), 0) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Startup CPU of prebuilt bundles, profiled in alternation so all see the same machine. A trivial
 * Worker's own profile reads anywhere from 0 to about 25 ms on this machine (what workerd does
 * around any script), so each Worker is also shown above the trivial one: the median over rounds
 * of (its time - the trivial Worker's time in the same round).
 */
function startupCpu(bundles: Record<string, string>, work: string): Record<string, string> {
  const runs: Record<string, (number | null)[]> = Object.fromEntries(Object.keys(bundles).map((name) => [name, []]));
  const failures: string[] = [];
  for (let round = 0; round < STARTUP_RUNS; round++) {
    for (const [name, bundle] of Object.entries(bundles)) {
      const outfile = join(work, `${name}-${round}.cpuprofile`);
      try {
        // --worker: without it, `check startup` builds the project's own wrangler.toml whatever -c says.
        wrangler(["check", "startup", "--worker", bundle, "--outfile", outfile]);
        runs[name]!.push(startupCpuMs(outfile));
      } catch (error) {
        runs[name]!.push(null);
        // wrangler gives up after 10 s, which a busy machine can reach.
        failures.push(
          String(error)
            .replace(/\x1b\[[0-9;]*m/g, "")
            .match(/timed out[^\n]*/)?.[0] ?? "wrangler check startup failed",
        );
      }
    }
  }
  const trivial = runs.trivial ?? [];
  return Object.fromEntries(
    Object.entries(runs).map(([name, all]) => {
      const ms = all.filter((value): value is number => value !== null);
      if (ms.length === 0) return [name, `not measured (${failures[0]})`];
      const above = all.flatMap((value, round) => (value !== null && trivial[round] != null ? [value - trivial[round]!] : []));
      const paired = name === "trivial" || above.length === 0 ? "" : `; ${median(above).toFixed(1)} above the trivial Worker`;
      return [name, `${Math.min(...ms).toFixed(1)} ms (lowest of ${ms.length}; median ${median(ms).toFixed(1)}${paired})`];
    }),
  );
}

interface Built {
  bundle: string;
  code: string;
  gzipBytes: number;
}

/** One Worker as it deploys: its bundle for `check startup`, its code, and its gzip -9 size. */
function build(config: string, name: string, work: string): Built {
  const bundle = join(work, `${name}.bundle`);
  const outdir = join(work, `${name}-out`);
  wrangler(["deploy", "--dry-run", "--minify", "-c", config, "--outdir", outdir, "--upload-source-maps", "--outfile", bundle]);
  const script = readdirSync(outdir).find((file) => file.endsWith(".js"));
  if (!script) throw new Error(`no script in ${outdir}`);
  const code = readFileSync(join(outdir, script), "utf8");
  const map = JSON.parse(readFileSync(join(outdir, `${script}.map`), "utf8")) as { sources: string[]; mappings: string };
  // The emulator and the tools run beside the Workers, never inside them.
  const strays = map.sources.filter((source) => !source.includes("node_modules/") && /(?:^|\/)(?:stripe-emulator|tools|tests)\//.test(source));
  if (strays.length > 0) throw new Error(`the ${name} Worker's bundle contains code that must never ship: ${strays.join(", ")}`);
  const gzipBytes = gzipSync(code, { level: 9 }).length;
  printParts(code, map, gzipBytes);
  return { bundle, code, gzipBytes };
}

function printParts(code: string, map: { sources: string[]; mappings: string }, gzipBytes: number): void {
  console.log("  Parts (gzip KB, minified KB):");
  const rows = gzipByGroup(code, map, gzipBytes);
  for (const [group, bytes, gzip] of rows.slice(0, 16)) {
    console.log(`    ${(gzip / 1024).toFixed(1).padStart(6)} ${(bytes / 1024).toFixed(1).padStart(7)}  ${group}`);
  }
  const rest = rows.slice(16);
  if (rest.length > 0) {
    const gzip = rest.reduce((sum, row) => sum + row[2], 0);
    const bytes = rest.reduce((sum, row) => sum + row[1], 0);
    console.log(`    ${(gzip / 1024).toFixed(1).padStart(6)} ${(bytes / 1024).toFixed(1).padStart(7)}  ${rest.length} smaller parts`);
  }
}

function sizeLine(label: string, built: Built, budget: string): string {
  return `${label}: ${(Buffer.byteLength(built.code) / 1024).toFixed(0)} KB minified, ${(built.gzipBytes / 1024).toFixed(1)} KB gzip -9 (${budget})`;
}

export function benchSize(): void {
  const work = mkdtempSync(join(tmpdir(), "portal-size-"));
  try {
    console.log("\nClient Worker (payment-portal, wrangler.toml): the budget applies here");
    const client = build("wrangler.toml", "client", work);
    console.log("Staff Worker (payment-portal-staff, wrangler.staff.toml): no budget, few users");
    const staff = build("wrangler.staff.toml", "staff", work);
    const trivialBundle = join(work, "trivial.bundle");
    wrangler(["deploy", "--dry-run", "--minify", "-c", "tools/bench/trivial.toml", "--outfile", trivialBundle]);
    const gzipKb = client.gzipBytes / 1024;
    console.log(
      sizeLine(
        "\nClient Worker bundle",
        client,
        `budget ${BUDGET_KB} KB: ${gzipKb <= BUDGET_KB ? `within, ${(BUDGET_KB - gzipKb).toFixed(1)} KB to spare` : `OVER by ${(gzipKb - BUDGET_KB).toFixed(1)} KB`}`,
      ),
    );
    console.log(
      sizeLine("Staff Worker bundle ", staff, `the ${BUDGET_KB} KB budget is the client Worker's; this one is reached by staff, Stripe, queues and cron`),
    );
    const startup = startupCpu({ client: client.bundle, staff: staff.bundle, trivial: trivialBundle }, work);
    console.log(
      `Startup CPU (wrangler check startup; goal <= ${STARTUP_GOAL_MS} ms for the client Worker): client ${startup.client}, staff ${startup.staff}, trivial Worker ${startup.trivial}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchSize();
