// The lookup lockout under concurrency: the attempt is counted before the total is compared, so
// no burst (one IP, or many IPs against one invoice) gets more than LOCKOUT_MAX_FAILURES guesses
// compared per key and window. A burst of the RIGHT total measures it exactly: every guess that
// is compared opens the portal.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/staff-index";
import type { WorkerEnv } from "../../worker/env";
import { TestBrowser, seedDemoData, textOf } from "./helpers";

let links: Awaited<ReturnType<typeof seedDemoData>>["links"];

beforeAll(async () => {
  ({ links } = await seedDemoData());
});

function statuses(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

describe("a burst from one IP", () => {
  it("20 concurrent lookups with the right total: at most five are compared (five open the portal)", async () => {
    const browsers = Array.from({ length: 20 }, () => new TestBrowser("198.18.0.1"));
    const responses = await Promise.all(browsers.map((b) => b.post("/lookup", { invoiceNumber: "413955", invoiceTotal: "15,308.81" })));
    const counts = statuses(responses);
    expect(counts[303]).toBeGreaterThanOrEqual(1);
    expect(counts[303]).toBeLessThanOrEqual(5);
    expect(counts[429]).toBe(20 - counts[303]!);
  });

  it("20 concurrent wrong guesses consume the window: the right total afterwards does not open", async () => {
    const browser = new TestBrowser("198.18.0.2");
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browser.post("/lookup", { invoiceNumber: "414120", invoiceTotal: `${i + 1}.00` })),
    );
    const counts = statuses(responses);
    expect(counts[422] ?? 0).toBeLessThanOrEqual(4);
    expect((await browser.post("/lookup", { invoiceNumber: "414120", invoiceTotal: "3,150.00" })).status).toBe(429);
  });

  it("the last allowed place goes to one request only, however many arrive together", async () => {
    const ip = "198.18.0.3";
    for (let i = 0; i < 4; i++) expect((await new TestBrowser(ip).post("/lookup", { invoiceNumber: "411872", invoiceTotal: `${i + 1}.00` })).status).toBe(422);
    // Four places used: of sixteen concurrent right totals, one is compared.
    const responses = await Promise.all(
      Array.from({ length: 16 }, () => new TestBrowser(ip).post("/lookup", { invoiceNumber: "413018", invoiceTotal: "4450" })),
    );
    expect(statuses(responses)).toEqual({ 303: 1, 429: 15 });
  });
});

describe("a burst from many IPs against one invoice", () => {
  it("40 concurrent lookups with the right total from 40 IPs: at most five are compared", async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new TestBrowser(`198.18.1.${i + 1}`).post("/lookup", { invoiceNumber: "412690", invoiceTotal: "18,250.00" })),
    );
    const counts = statuses(responses);
    expect(counts[303]).toBeGreaterThanOrEqual(1);
    expect(counts[303]).toBeLessThanOrEqual(5);
    expect(counts[429]).toBe(40 - counts[303]!);
  });

  it("40 concurrent wrong guesses from 40 IPs: at most five compared, and the right total from a new IP stays locked out", async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new TestBrowser(`198.18.2.${i + 1}`).post("/lookup", { invoiceNumber: "413402", invoiceTotal: `${i + 1}.01` })),
    );
    expect(statuses(responses)[422] ?? 0).toBeLessThanOrEqual(4);
    const right = await new TestBrowser("198.18.2.200").post("/lookup", { invoiceNumber: "413402", invoiceTotal: "21,600.00" });
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().some((c) => c.includes("portal_session"))).toBe(false);
  });

  it("the invoice's own pay link still opens the portal while lookups for it are locked", async () => {
    for (let i = 0; i < 5; i++) await new TestBrowser(`198.18.3.${i + 1}`).post("/lookup", { invoiceNumber: "412305", invoiceTotal: `${i + 1}.02` });
    const locked = await new TestBrowser("198.18.3.100").post(
      "/lookup",
      { invoiceNumber: "412305", invoiceTotal: "9475" },
      { headers: { "Accept-Language": "es" } },
    );
    expect(locked.status).toBe(429);
    expect(textOf(await locked.text())).toContain("El enlace de pago de su factura");
    const link = links.find((l) => l.invoiceNumber === "412305")!;
    const opened = await new TestBrowser("198.18.3.101").get(new URL(link.url).pathname);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("Location")).toBe("/portal");
  });
});

describe("IPv6 networks", () => {
  it("counts a /64 as one client: rotating addresses inside it does not buy more guesses", async () => {
    for (let i = 0; i < 5; i++) await new TestBrowser(`2001:db8:77:1::${i + 1}`).post("/lookup", { invoiceNumber: `41${i}999`, invoiceTotal: "1.00" });
    const response = await new TestBrowser("2001:db8:77:1:ffff:ffff:ffff:ffff").post("/lookup", { invoiceNumber: "410950", invoiceTotal: "6,300.00" });
    expect(response.status).toBe(429);
    // The next /64 is another client.
    expect((await new TestBrowser("2001:db8:77:2::1").post("/lookup", { invoiceNumber: "410950", invoiceTotal: "6,300.00" })).status).toBe(303);
  });
});

describe("the cron", () => {
  it("purges lockout windows that have ended and keeps live ones", async () => {
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO lookup_failures (key, failures, window_started_at) VALUES ('ip:test-old', 3, ?)").bind(now - 16 * 60_000),
      env.DB.prepare("INSERT INTO lookup_failures (key, failures, window_started_at) VALUES ('ip:test-live', 3, ?)").bind(now - 60_000),
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: now - (now % 600_000) + 60_000 }), env as WorkerEnv, ctx);
    await waitOnExecutionContext(ctx);
    const keys = await env.DB.prepare("SELECT key FROM lookup_failures WHERE key LIKE 'ip:test-%'").all<{ key: string }>();
    expect(keys.results.map((r) => r.key)).toEqual(["ip:test-live"]);
  });
});
