// `npm test`: the layer lint, the typecheck and the three suites, starting no further step after a
// failing one, with each phase's duration printed at the end so slow phases are seen rather than
// guessed.
//
// On a shared 2-core machine the order is what makes it fast. The lint comes first (seconds, and
// it names the import that crosses a layer, biome.json), then the typecheck, alone: beside the
// Worker suite it took 67 s instead of 16 and slowed that suite. Then two lanes side by side:
//   - the Worker suite, then the browser suite as soon as it ends;
//   - the node suite.
// The suites share nothing (their own emulators and ports, the node suite's local state in
// temporary folders). The browser suite never runs beside the Worker suite (tried: Worker tests
// timed out); beside the node suite's end it only shares the CPU. The portal the browser suite
// drives (`npm start`, about half a minute to come up) is started at the very beginning and handed
// to it (tests/e2e/portal-server.ts), so that wait overlaps the other phases.
import { spawn } from "node:child_process";
import { type PortalServer, startPortal, stopPortal } from "../tests/e2e/portal-server";

interface Phase {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

interface Outcome {
  phase: Phase;
  status: number;
  seconds: number;
}

const vitest = "node_modules/.bin/vitest";
const first: Phase[] = [
  { name: "lint (layers)", command: "npm", args: ["run", "--silent", "lint"] },
  { name: "typecheck", command: "npm", args: ["run", "--silent", "typecheck"] },
];
let portal: PortalServer | undefined;
const lanes = (): Phase[][] => [
  [
    { name: "worker suite (workerd)", command: vitest, args: ["run"] },
    {
      name: "browser suite (Chromium)",
      command: vitest,
      args: ["run", "-c", "vitest.e2e.config.ts"],
      env: portal ? { E2E_PORTAL: JSON.stringify(portal) } : {},
    },
  ],
  [{ name: "node suite", command: vitest, args: ["run", "-c", "vitest.node.config.ts"] }],
];

/** Runs one phase; alone it streams its output, beside another it is kept and printed when it ends. */
function run(phase: Phase, alone: boolean): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(phase.command, phase.args, {
      stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1", ...phase.env },
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    // "exit", not "close": a process the suite started and left behind (a workerd, a wrangler) can
    // hold the output pipe open long after the suite itself ended. Output still buffered then is
    // read for a moment more.
    child.on("exit", (code) => {
      const seconds = (Date.now() - started) / 1000;
      const done = () => {
        if (!alone) process.stdout.write(`\n── ${phase.name} (${seconds.toFixed(1)} s) ──\n${output}`);
        resolve({ phase, status: code ?? 1, seconds });
      };
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
const record = (outcome: Outcome) => {
  outcomes.push(outcome);
  if (outcome.status !== 0 && status === 0) status = outcome.status;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (portal) stopPortal(portal);
    process.exit(130);
  });
}

portal = startPortal();
try {
  for (const phase of first) if (status === 0) record(await run(phase, true));
  if (status === 0) {
    const lanesStart = Date.now();
    await Promise.all(
      lanes().map(async (lane) => {
        for (const phase of lane) {
          if (status !== 0) return;
          record(await run(phase, false));
        }
      }),
    );
    outcomes.push({ phase: { name: "  (both lanes, wall)", command: "", args: [] }, status: 0, seconds: (Date.now() - lanesStart) / 1000 });
  }
} finally {
  // The browser suite stops the portal it was handed; this covers a run that never got there.
  stopPortal(portal);
}
const lines = outcomes.map((o) => `  ${o.phase.name.padEnd(26)} ${o.seconds.toFixed(1).padStart(7)} s${o.status === 0 ? "" : "  FAILED"}`);
console.log(`\nnpm test phases:\n${lines.join("\n")}\n  ${"total".padEnd(26)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
process.exitCode = status;
