// `npm run bench` (size part): the Worker as deployed (`wrangler deploy --dry-run --minify`),
// gzip -9, against the 120 KB budget, with the largest packages and source folders in it; and
// startup CPU from `wrangler check startup` beside a trivial Worker's, measured in the same run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 120;
const STARTUP_GOAL_MS = 25;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function wrangler(args: string[]) {
  const run = spawnSync("node_modules/.bin/wrangler", args, { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The bundle's minified bytes per npm package or top-level source folder. */
function contributions(meta: Metafile): [string, number][] {
  const output = Object.values(meta.outputs).find((o) => Object.keys(o.inputs).length > 0)!;
  const groups = new Map<string, number>();
  for (const [file, input] of Object.entries(output.inputs)) {
    const inPackage = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const group = inPackage ? inPackage[1]! : file.split("/").slice(0, 2).join("/");
    groups.set(group, (groups.get(group) ?? 0) + input.bytesInOutput);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}

/** CPU time spent in a startup profile, without idle time. */
function startupCpuMs(profileFile: string): number {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[]; timeDeltas: number[] };
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  return profile.samples.reduce((sum, node, i) => sum + (idle.has(node) ? 0 : profile.timeDeltas[i]!), 0) / 1000;
}

function startup(args: string[], work: string, name: string): string {
  const outfile = join(work, `${name}.cpuprofile`);
  try {
    wrangler(["check", "startup", ...args, "--outfile", outfile]);
    return `${startupCpuMs(outfile).toFixed(1)} ms`;
  } catch (error) {
    // wrangler gives up after 10 s, which a busy machine can reach.
    const reason = String(error).replace(/\x1b\[[0-9;]*m/g, "").match(/timed out[^\n]*/)?.[0];
    return `not measured (${reason ?? "wrangler check startup failed"})`;
  }
}

export function benchSize(): void {
  const work = mkdtempSync(join(tmpdir(), "portal-size-"));
  try {
    wrangler(["deploy", "--dry-run", "--minify", "--outdir", join(work, "out"), "--metafile", join(work, "meta.json")]);
    const bundle = readFileSync(join(work, "out/index.js"));
    const gzipKb = gzipSync(bundle, { level: 9 }).length / 1024;
    console.log(`\nWorker bundle: ${(bundle.length / 1024).toFixed(0)} KB minified, ${gzipKb.toFixed(1)} KB gzip -9 (budget ${BUDGET_KB} KB: ${gzipKb <= BUDGET_KB ? "within" : `OVER by ${(gzipKb - BUDGET_KB).toFixed(1)} KB`})`);
    console.log("Largest parts (minified KB):");
    for (const [group, bytes] of contributions(JSON.parse(readFileSync(join(work, "meta.json"), "utf8")) as Metafile).slice(0, 12)) {
      console.log(`  ${(bytes / 1024).toFixed(1).padStart(7)}  ${group}`);
    }
    const portal = startup([], work, "portal");
    const trivial = startup(["-c", "tools/bench/trivial.toml"], work, "trivial");
    console.log(`Startup CPU (wrangler check startup): portal ${portal}, trivial Worker ${trivial} (goal <= ${STARTUP_GOAL_MS} ms)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchSize();
