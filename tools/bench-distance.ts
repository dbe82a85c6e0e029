// `npm run bench` (distance part): walks the whole guide as one client would, with every D1
// round trip slowed by 0, 50 and 150 ms (BENCH_D1_DELAYS), beside a trivial Worker, and prints per
// step the sequential D1 round trips and the time the client waits. The delay is added by the
// bench's own entry (tools/bench/metered-entry.ts) around the real Worker: production code is
// untouched. Refuses to run against anything but a fresh local state.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGroup, startTrivialWorker, stopGroup, waitFor } from "./bench/processes";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const TRIVIAL_PORT = PORT + 1;
const STRIPE_PORT = PORT + 10;
const DELAYS = (process.env.BENCH_D1_DELAYS ?? "0,50,150").split(",").map(Number);
const base = `http://127.0.0.1:${PORT}`;
const stripeBase = `http://127.0.0.1:${STRIPE_PORT}`;
const children: ChildProcess[] = [];
const persistDir = mkdtempSync(join(tmpdir(), "portal-bench-distance-"));

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = startGroup(command, args, env);
  children.push(child);
  return child;
}

function stop() {
  for (const child of children) stopGroup(child);
  rmSync(persistDir, { recursive: true, force: true });
}

interface Step {
  name: string;
  roundTrips: number;
  ms: number;
}

/** One client: keeps its cookies, sends what a browser sends, and times each request. */
class Client {
  private cookies = new Map<string, string>();
  readonly steps: Step[] = [];
  constructor(
    private readonly delayMs: number,
    private readonly ip: string,
  ) {}

  async request(name: string, path: string, init: { method?: string; form?: Record<string, string | string[]>; htmx?: boolean } = {}): Promise<Response> {
    const headers = new Headers({ "CF-Connecting-IP": this.ip, "X-Bench-D1-Delay-Ms": String(this.delayMs) });
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.htmx) headers.set("HX-Request", "true");
    let body: URLSearchParams | undefined;
    if (init.form) {
      body = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) for (const v of [value].flat()) body.append(key, v);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      headers.set("Origin", base);
    }
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" });
    const buffered = new Response(await response.arrayBuffer(), response);
    const ms = performance.now() - started;
    if (response.status >= 400) throw new Error(`${name}: ${path} answered ${response.status}`);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(cookie) || value === "") this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    this.steps.push({ name, roundTrips: Number(response.headers.get("X-Bench-D1-Round-Trips") ?? NaN), ms });
    return buffered;
  }
}

/** What Stripe.js sends for a debit card: a ConfirmationToken made with the publishable key. */
async function debitCardToken(): Promise<string> {
  const body = new URLSearchParams({
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": "4000056655665556",
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": "2034",
    "payment_method_data[card][cvc]": "123",
    "payment_method_data[billing_details][email]": "ap@brickellbay.example",
  });
  const response = await fetch(`${stripeBase}/v1/confirmation_tokens`, { method: "POST", body, headers: { Authorization: "Bearer pk_test_emulator_local" } });
  const json = (await response.json()) as { id?: string };
  if (!json.id) throw new Error(`confirmation token refused: ${JSON.stringify(json)}`);
  return json.id;
}

async function walkGuide(delayMs: number, ip: string, payLinkPath: string): Promise<Step[]> {
  const client = new Client(delayMs, ip);
  await client.request("entry page", "/");
  await client.request("lookup", "/lookup", { form: { invoiceNumber: "413955", invoiceTotal: "15308.81" } });
  await client.request("summary", "/portal");
  const items = await (await client.request("items", "/portal/items")).text();
  const ids = [...items.matchAll(/name="pay" value="(\d+)"/g)].map((m) => m[1]!);
  await client.request("OK (save selection)", "/portal/items", { form: { pay: ids, action: "ok" } });
  await client.request("method", "/portal/pay");
  await client.request("choose method", "/portal/pay", { form: { method: "card" } });
  await client.request("amounts", "/portal/amounts");
  await client.request("amounts recompute", "/portal/amounts/preview", { form: Object.fromEntries(ids.map((id) => [`amount-${id}`, "10.00"])), htmx: true });
  await client.request("save amounts", "/portal/amounts", { form: Object.fromEntries(ids.map((id) => [`amount-${id}`, "10.00"])) });
  await client.request("details", "/portal/details");
  await client.request("save details", "/portal/details", { form: { email: "ap@brickellbay.example", confirmationToken: await debitCardToken() } });
  const review = await (await client.request("review", "/portal/review")).text();
  // Every hidden field of the confirm form, as a browser posts it (the basis is JSON in an attribute).
  const field = (name: string) => (new RegExp(`name="${name}" value="([^"]+)"`).exec(review)?.[1] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const confirmed = await client.request("confirm", "/portal/confirm", {
    form: { attemptId: field("attemptId"), expectedTotalCents: field("expectedTotalCents"), basis: field("basis") },
  });
  const receipt = confirmed.headers.get("Location") ?? "";
  if (!receipt.startsWith("/portal/payments/")) throw new Error(`confirm did not lead to a receipt: ${receipt}`);
  await client.request("receipt", receipt);
  await client.request("invoice PDF", "/portal/invoices/413955.pdf");
  const linkClient = new Client(delayMs, `${ip}1`);
  await linkClient.request("pay link", payLinkPath);
  return [...client.steps, ...linkClient.steps];
}

async function trivialMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await (await fetch(`http://127.0.0.1:${TRIVIAL_PORT}/`)).arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[10]!;
}

async function main() {
  const portal = start("node_modules/.bin/tsx", ["tools/start.ts"], {
    PORT: String(PORT),
    PERSIST_DIR: persistDir,
    STRIPE_EMULATOR_PORT: String(STRIPE_PORT),
    PORTAL_WORKER_ENTRY: "tools/bench/metered-entry.ts",
  });
  let startOutput = "";
  portal.stdout!.on("data", (chunk) => (startOutput += chunk));
  children.push(startTrivialWorker(TRIVIAL_PORT, join(persistDir, "trivial")));
  await Promise.all([waitFor(`${base}/healthz`), waitFor(`http://127.0.0.1:${TRIVIAL_PORT}/`)]);
  await new Promise((r) => setTimeout(r, 500));
  // The demo pay link of invoice 413955, as npm start prints it.
  const payLink = /413955\s+.*?(http:\/\/\S+\/p\/\S+)/.exec(startOutput)?.[1];
  if (!payLink) throw new Error("no demo pay link in the start output");
  const payLinkPath = new URL(payLink).pathname;

  const runs = new Map<number, Step[]>();
  let ipCounter = 1;
  for (const delay of DELAYS) {
    // A warm-up walk first, so each figure is a warm isolate's.
    await walkGuide(delay, `10.77.${ipCounter++}.1`, payLinkPath);
    runs.set(delay, await walkGuide(delay, `10.77.${ipCounter++}.1`, payLinkPath));
  }
  const trivial = await trivialMs();
  const first = runs.get(DELAYS[0]!)!;
  console.log(`\nThe guide, step by step, with every D1 round trip slowed by ${DELAYS.join(" / ")} ms (trivial Worker: ${trivial.toFixed(1)} ms)\n`);
  console.log(`| step | D1 round trips | ${DELAYS.map((d) => `ms @${d}`).join(" | ")} |`);
  console.log(`|---|---:|${DELAYS.map(() => "---:").join("|")}|`);
  first.forEach((step, i) => {
    console.log(`| ${step.name} | ${step.roundTrips} | ${DELAYS.map((d) => runs.get(d)![i]!.ms.toFixed(0)).join(" | ")} |`);
  });
  const total = (d: number) => runs.get(d)!.reduce((sum, s) => sum + s.ms, 0);
  console.log(`| **whole guide** | ${first.reduce((s, x) => s + x.roundTrips, 0)} | ${DELAYS.map((d) => total(d).toFixed(0)).join(" | ")} |`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stop);
