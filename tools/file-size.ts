// `npm run lint` runs this: no hand-written source file over 500 lines, so each one still fits in a
// head. Generated files, tests and lock files are exempt; the file names the ones over the limit.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX_LINES = 500;

const SOURCE = /\.(ts|tsx|js|mjs|cjs|css|sql|html)$/;
const EXEMPT: RegExp[] = [
  /generated/, // written by a tool (assets, request schemas)
  /^tests\//,
  /(^|\/)worker-configuration\.d\.ts$/, // `wrangler types`
];

/** Tracked and new (not ignored) files, as git sees the working tree. */
function sourceFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { encoding: "utf8" });
  return listed.split("\0").filter((path) => SOURCE.test(path) && !EXEMPT.some((pattern) => pattern.test(path)));
}

function oversized(): { path: string; lines: number }[] {
  const found: { path: string; lines: number }[] = [];
  for (const path of sourceFiles()) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue; // deleted in the working tree, not yet in the index
    }
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    if (lines > MAX_LINES) found.push({ path, lines });
  }
  return found.sort((a, b) => b.lines - a.lines);
}

const over = oversized();
if (over.length > 0) {
  console.error(`Source files over ${MAX_LINES} lines (split them by resource or feature):`);
  for (const { path, lines } of over) console.error(`  ${path}: ${lines}`);
  process.exitCode = 1;
} else {
  console.log(`file size: every hand-written source file is at most ${MAX_LINES} lines`);
}
