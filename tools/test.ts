// `npm test`: the typecheck and the three suites, in order, stopping at the first failure, with
// each phase's duration printed at the end so slow phases are seen rather than guessed.
import { spawnSync } from "node:child_process";

const phases: [name: string, command: string, args: string[]][] = [
  ["typecheck", "npm", ["run", "--silent", "typecheck"]],
  ["worker suite (workerd)", "node_modules/.bin/vitest", ["run"]],
  ["node suite", "node_modules/.bin/vitest", ["run", "-c", "vitest.node.config.ts"]],
  ["browser suite (Chromium)", "node_modules/.bin/vitest", ["run", "-c", "vitest.e2e.config.ts"]],
];

const timings: string[] = [];
let status = 0;
const started = Date.now();
for (const [name, command, args] of phases) {
  const phaseStart = Date.now();
  const run = spawnSync(command, args, { stdio: "inherit" });
  timings.push(`  ${name.padEnd(26)} ${((Date.now() - phaseStart) / 1000).toFixed(1).padStart(7)} s${run.status === 0 ? "" : "  FAILED"}`);
  if (run.status !== 0) {
    status = run.status ?? 1;
    break;
  }
}
console.log(`\nnpm test phases:\n${timings.join("\n")}\n  ${"total".padEnd(26)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
process.exitCode = status;
