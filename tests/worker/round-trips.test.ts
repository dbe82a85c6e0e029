// Round trips to D1 per request over the whole client guide: a client far from the database
// waits one trip per sequential wave of D1 calls. Budget: one for a GET page or fragment, two for
// a POST. Counted as the response arrives (work left to waitUntil is not the client's wait).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { D1Meter } from "../../tools/bench/d1-meter";
import { TestBrowser, seedDemoData } from "./helpers";
import { itemIds, reviewFields, WORKED_EXAMPLE } from "./payment-flow";
import { CARDS, cardToken } from "./stripe-helpers";

let links: Map<string, string>;
beforeAll(async () => {
  const summary = await seedDemoData();
  links = new Map(summary.links.map((link) => [link.invoiceNumber, new URL(link.url).pathname]));
});

interface Step {
  step: string;
  method: string;
  status: number;
  trips: number;
  calls: number;
}

/** Every request of this browser goes through a fresh meter; each response's count is recorded. */
function metered(browser: TestBrowser, steps: Step[]) {
  let pending: { step: string; method: string } | null = null;
  let meter = new D1Meter();
  let trips = 0;
  let calls = 0;
  browser.env = () => {
    meter = new D1Meter();
    return {
      bindings: { ...env, DB: meter.wrap(env.DB) },
      afterResponse: () => {
        trips = meter.sequential;
        calls = meter.calls;
      },
    };
  };
  return async (step: string, request: () => Promise<Response>) => {
    pending = { step, method: "" };
    const response = await request();
    await response.arrayBuffer();
    steps.push({ step, method: pending.method || (step.startsWith("POST") ? "POST" : "GET"), status: response.status, trips, calls });
    return response;
  };
}

/** The budget: one round trip for a GET page or fragment, two for a POST. */
function overBudget(steps: Step[]) {
  return steps.filter((s) => s.trips > (s.step.startsWith("POST") ? 2 : 1));
}

describe("D1 round trips per request", () => {
  it("the guide from the entry page to the receipt, Your payments and the statement stays within budget", async () => {
    const steps: Step[] = [];
    const browser = new TestBrowser("192.0.2.61");
    const measure = metered(browser, steps);
    const ids = await itemIds();
    const keys = Object.keys(WORKED_EXAMPLE);
    const token = await cardToken(CARDS.visaCredit);

    await measure("GET /", () => browser.get("/"));
    expect((await measure("POST /lookup", () => browser.post("/lookup", { invoiceNumber: "413955", invoiceTotal: "15,308.81" }))).status).toBe(303);
    expect((await measure("GET /portal", () => browser.get("/portal"))).status).toBe(200);
    expect((await measure("GET /portal/items", () => browser.get("/portal/items"))).status).toBe(200);
    const pay = keys.map((k) => String(ids.get(k)));
    expect((await measure("POST /portal/items/total", () => browser.post("/portal/items/total", { pay }, { htmx: true }))).status).toBe(200);
    expect((await measure("POST /portal/items (OK)", () => browser.post("/portal/items", { pay, action: "ok" }))).status).toBe(303);
    expect((await measure("GET /portal/pay", () => browser.get("/portal/pay"))).status).toBe(200);
    expect((await measure("POST /portal/pay", () => browser.post("/portal/pay", { method: "card" }))).status).toBe(303);
    expect((await measure("GET /portal/amounts", () => browser.get("/portal/amounts"))).status).toBe(200);
    const amounts: Record<string, string> = {};
    for (const key of keys) amounts[`amount-${ids.get(key)}`] = WORKED_EXAMPLE[key]!;
    expect((await measure("POST /portal/amounts/preview", () => browser.post("/portal/amounts/preview", amounts, { htmx: true }))).status).toBe(200);
    expect((await measure("POST /portal/amounts", () => browser.post("/portal/amounts", amounts))).status).toBe(303);
    expect((await measure("GET /portal/details", () => browser.get("/portal/details"))).status).toBe(200);
    const details = await measure("POST /portal/details", () => browser.post("/portal/details", { email: "ap@brickellbay.example", confirmationToken: token }));
    expect(details.status).toBe(303);
    const review = await measure("GET /portal/review", () => browser.get("/portal/review"));
    expect(review.status).toBe(200);
    // The review page again, to read its form (not measured twice).
    browser.env = undefined;
    const html = await (await browser.get("/portal/review")).text();
    const measure2 = metered(browser, steps);
    // The confirm posts every hidden field of the review's form, as a browser does.
    const confirmed = await measure2("POST /portal/confirm", () => browser.post("/portal/confirm", reviewFields(html)));
    expect(confirmed.status).toBe(303);
    const result = confirmed.headers.get("Location")!;
    expect((await measure2("GET /portal/payments/:id", () => browser.get(result))).status).toBe(200);
    expect((await measure2("GET /portal/payments/:id/status", () => browser.get(`${result}/status`, { htmx: true }))).status).toBe(200);
    expect((await measure2("GET /portal/payments/:id/receipt.pdf", () => browser.get(`${result}/receipt.pdf`))).status).toBe(200);
    expect((await measure2("GET /portal/invoices/:n.pdf", () => browser.get("/portal/invoices/413955.pdf"))).status).toBe(200);
    expect((await measure2("GET /portal/payments", () => browser.get("/portal/payments"))).status).toBe(200);
    expect((await measure2("GET /portal/statement", () => browser.get("/portal/statement"))).status).toBe(200);
    expect((await measure2("GET /portal/statement.pdf", () => browser.get("/portal/statement.pdf"))).status).toBe(200);
    expect((await measure2("POST /portal/keepalive", () => browser.post("/portal/keepalive", {}))).status).toBe(204);
    expect((await measure2("POST /exit", () => browser.post("/exit", {}))).status).toBe(303);

    // A pay link opens a session without the lookup.
    const linked = new TestBrowser("192.0.2.62");
    const measureLink = metered(linked, steps);
    expect((await measureLink("GET /p/:code", () => linked.get(links.get("414120")!))).status).toBe(303);
    expect((await measureLink("GET /portal (from link)", () => linked.get("/portal"))).status).toBe(200);
    // Another link in the same browser: its session ends in the batch that opens the new one.
    expect((await measureLink("GET /p/:code (with a session)", () => linked.get(links.get("414121")!))).status).toBe(303);
    // A lookup in a browser with a live session: the same, ending it in the batch that starts the new one.
    expect(
      (await measureLink("POST /lookup (with a session)", () => linked.post("/lookup", { invoiceNumber: "414120", invoiceTotal: "3,150.00" }))).status,
    ).toBe(303);

    console.log(steps.map((s) => `${s.step.padEnd(40)} ${s.status} trips=${s.trips} calls=${s.calls}`).join("\n"));
    expect(overBudget(steps)).toEqual([]);
  });
});
