// `npm run bench:page`: walks the whole payment flow in Chromium against the portal as `npm start`
// serves it (own ports, fresh state), and prints the bytes transferred (compressed, as on the wire)
// and the time to each step's content, plus any third-party request before the payment details.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";

const PORT = Number(process.env.BENCH_PAGE_PORT ?? 8797);
const base = `http://127.0.0.1:${PORT}`;
const persistDir = mkdtempSync(join(tmpdir(), "portal-page-bench-"));
let server: ChildProcess | null = null;

async function waitFor(url: string) {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never answered`);
}

interface StepRow {
  step: string;
  requests: number;
  bytes: number;
  ms: number;
}

async function main() {
  server = spawn("node_modules/.bin/tsx", ["tools/start.ts"], {
    env: { ...process.env, PORT: String(PORT), PERSIST_DIR: persistDir, STRIPE_EMULATOR_PORT: String(PORT + 10) },
    stdio: "ignore",
    detached: true,
  });
  await waitFor(`${base}/healthz`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  let bytes = 0;
  let requests = 0;
  const urls = new Map<string, string>();
  const thirdParty: string[] = [];
  let beforeDetails = true;
  cdp.on("Network.requestWillBeSent", (event) => {
    urls.set(event.requestId, event.request.url);
    if (beforeDetails && !event.request.url.startsWith(base) && !event.request.url.startsWith("data:")) thirdParty.push(event.request.url);
  });
  cdp.on("Network.loadingFinished", (event) => {
    bytes += event.encodedDataLength;
    requests++;
  });

  const rows: StepRow[] = [];
  async function step(name: string, action: (page: Page) => Promise<unknown>, ready: string) {
    bytes = 0;
    requests = 0;
    const started = performance.now();
    await action(page);
    await page.locator(ready).first().waitFor();
    const ms = performance.now() - started;
    await page.waitForLoadState("networkidle");
    // Let the last network events of an in-page (htmx) request arrive before counting.
    await page.waitForTimeout(300);
    rows.push({ step: name, requests, bytes, ms });
  }

  await step("1 entry (first visit, empty cache)", (p) => p.goto(base), "#lookup-form");
  await step("1 entry again (cached assets)", (p) => p.goto(base), "#lookup-form");
  await step(
    "3 summary (lookup)",
    async (p) => {
      await p.fill("#invoiceNumber", "413955");
      await p.fill("#invoiceTotal", "15308.81");
      await p.click("#lookup-form button[type=submit]");
    },
    "#total-outstanding",
  );
  await step("4 list", (p) => p.click("a[href='/portal/items']"), "#items-form");
  await step(
    "4 untick one (htmx fragment)",
    (p) => Promise.all([p.waitForResponse((r) => r.url().endsWith("/portal/items/total")), p.locator("input[type=checkbox]").last().uncheck()]),
    "#selection-total",
  );
  await step("5 method", (p) => p.click("button[value=ok]"), "#card-total");
  await step("6 amounts", (p) => p.click("button[value=card]"), "#amounts-form");
  // From here on, loading Stripe.js (from Stripe, or the emulator locally) is expected.
  beforeDetails = false;
  await step("7 details (loads Stripe.js)", (p) => p.click("#amounts-form button[type=submit]"), "#details-submit:not([disabled])");
  await step(
    "8 review",
    async (p) => {
      await p.fill("#email", "ap@brickellbay.example");
      await p.getByLabel("Card number").fill("4242424242424242");
      await p.getByLabel("Expiration (MM/YY)").fill("12/34");
      await p.getByLabel("CVC").fill("123");
      await p.click("#details-submit");
    },
    "#quote-total",
  );
  await step("9 paid", (p) => p.click("#confirm-form button[type=submit]"), "#receipt-total");
  await browser.close();

  console.log(`\nChromium, 390x844, against npm start on this machine (compressed bytes as transferred)\n`);
  console.log("| step | requests | KB transferred | ms to content |");
  console.log("|---|---:|---:|---:|");
  for (const row of rows) console.log(`| ${row.step} | ${row.requests} | ${(row.bytes / 1024).toFixed(1)} | ${row.ms.toFixed(0)} |`);
  console.log(`\nThird-party requests before the payment-details step: ${thirdParty.length ? thirdParty.join(", ") : "none"}`);
  const first = rows[0]!;
  console.log(`First visit to the entry page: ${(first.bytes / 1024).toFixed(1)} KB (budget 30 KB): ${first.bytes <= 30 * 1024 ? "within" : "OVER"}`);
  if (first.bytes > 30 * 1024 || thirdParty.length) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    rmSync(persistDir, { recursive: true, force: true });
  });
