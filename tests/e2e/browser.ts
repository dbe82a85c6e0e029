// Launches Debian's Chromium (never a downloaded browser) and records console errors, failed
// requests and CSP violations, so every test fails on any of them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { chromiumPath } from "./chromium";

const baseUrl = inject("baseUrl");

let shared: Promise<Browser> | undefined;

/**
 * The suite's one Chromium: every flow file asks for it and gets the same browser (each test
 * still opens its own context, so cookies and storage never leak between tests). Launching one
 * per file cost six browser start-ups and six live browsers on a 2-core machine.
 */
export function launch(): Promise<Browser> {
  shared ??= chromium
    .launch({
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    })
    .then((browser) => {
      browser.on("disconnected", () => (shared = undefined));
      return browser;
    });
  return shared;
}

// Every context a test opened, closed when the test ends (suite.test.ts): a page left open keeps
// running its timers, htmx polls and animations, in Chromium and in the Worker it polls, for the
// rest of the suite.
const openContexts = new Set<BrowserContext>();

export async function closeOpenPages(): Promise<void> {
  await Promise.all([...openContexts].map((context) => context.close()));
}

let visitors = 0;
/** A private address of its own (10.77.0.0/16) per browser context. */
function nextVisitorAddress(): string {
  visitors++;
  return `10.77.${Math.floor(visitors / 250)}.${visitors % 250}`;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; locale?: string; javaScriptEnabled?: boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? "en-US",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    acceptDownloads: true,
  });
  openContexts.add(context);
  context.on("close", () => openContexts.delete(context));
  // Each test's lookups come from an address of its own, as real clients' do: the portal allows 20
  // lookups a minute from one address (and locks an address out after repeated misses), and the
  // whole suite, on one machine, signs in more often than that on a fast run: a sign-in answered
  // "too many attempts" and its test timed out. Only the lookup carries it (a pay link's use still
  // records this machine's address); a test that names its own address keeps it.
  const address = nextVisitorAddress();
  await context.route(`${baseUrl}/lookup`, (route) => {
    const headers = route.request().headers();
    return route.continue({ headers: { ...headers, "cf-connecting-ip": headers["cf-connecting-ip"] ?? address } });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    // Chrome logs every 4xx answer to fetch; 422 and 429 are the portal's deliberate answers to
    // bad input, which the tests check on the page itself.
    if (/Failed to load resource: the server responded with a status of (422|429)/.test(message.text())) return;
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // A download or a navigation the test started on purpose can be aborted by the browser.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return { page, context, problems };
}

/** Playwright hides the caret with an injected <style>, which our CSP rightly blocks: keep it. */
export async function snap(page: Page, path: string): Promise<void> {
  await page.screenshot({ path, fullPage: true, caret: "initial" });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.2 AA checks with axe-core; returns one line per violation (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
  });
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
