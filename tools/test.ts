// `npm test`: the layer lint, the typecheck and the three suites, stopping at the first failing
// step, with each phase's duration printed at the end so slow phases are seen rather than guessed.
// The Worker and node suites share nothing (their own emulators and ports, the node suite's local
// state in temporary folders) and both spend much of their time waiting on processes and queues,
// so they run side by side; each one's output is printed whole when it ends. The browser suite
// comes after them (tried beside them: on a shared 2-core machine tests timed out).
import { spawn } from "node:child_process";

interface Phase {
  name: string;
  command: string;
  args: string[];
}

const vitest = "node_modules/.bin/vitest";
const steps: Phase[][] = [
  // First: it takes seconds and names the import that crosses a layer (biome.json).
  [{ name: "lint (layers)", command: "npm", args: ["run", "--silent", "lint"] }],
  [{ name: "typecheck", command: "npm", args: ["run", "--silent", "typecheck"] }],
  [
    { name: "worker suite (workerd)", command: vitest, args: ["run"] },
    { name: "node suite", command: vitest, args: ["run", "-c", "vitest.node.config.ts"] },
  ],
  [{ name: "browser suite (Chromium)", command: vitest, args: ["run", "-c", "vitest.e2e.config.ts"] }],
];

interface Outcome {
  phase: Phase;
  status: number;
  seconds: number;
}

/** Runs one phase; alone it streams its output, beside another it is kept and printed at the end. */
function run(phase: Phase, alone: boolean): Promise<Outcome & { output: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(phase.command, phase.args, {
      stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" },
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    // "exit", not "close": a process the suite started and left behind (a workerd, a wrangler) can
    // hold the output pipe open long after the suite itself ended. Output still buffered then is
    // read for a moment more.
    child.on("exit", (code) => {
      const seconds = (Date.now() - started) / 1000;
      const done = () => resolve({ phase, status: code ?? 1, seconds, output });
      if (alone) return done();
      const grace = setTimeout(done, 2000);
      child.on("close", () => {
        clearTimeout(grace);
        done();
      });
    });
  });
}

const outcomes: Outcome[] = [];
const started = Date.now();
let status = 0;
for (const step of steps) {
  const stepStart = Date.now();
  const results = await Promise.all(
    step.map((phase) =>
      run(phase, step.length === 1).then((result) => {
        if (step.length > 1) process.stdout.write(`\n── ${result.phase.name} (${result.seconds.toFixed(1)} s) ──\n${result.output}`);
        return result;
      }),
    ),
  );
  for (const result of results) {
    outcomes.push(result);
    if (result.status !== 0 && status === 0) status = result.status;
  }
  if (step.length > 1) outcomes.push({ phase: { name: "  (side by side, wall)", command: "", args: [] }, status: 0, seconds: (Date.now() - stepStart) / 1000 });
  if (status !== 0) break;
}
const lines = outcomes.map((o) => `  ${o.phase.name.padEnd(26)} ${o.seconds.toFixed(1).padStart(7)} s${o.status === 0 ? "" : "  FAILED"}`);
console.log(`\nnpm test phases:\n${lines.join("\n")}\n  ${"total".padEnd(26)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
process.exitCode = status;
