// Every request runs in a D1 Sessions API session, and which copy of the database it may read is
// chosen per request: anonymous pages read whatever replica is nearest, a client's reads are at
// least as fresh as the bookmark in their cookie (so they always see their own last write), and
// writes and the confirm step start at the primary. The recompute POSTs (a total as items are
// unticked or amounts typed) save nothing: they read like a GET and leave the idle clock alone.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { seedDemoData, TestBrowser } from "./helpers";
import { itemIds, signedInBrowser } from "./payment-flow";

beforeAll(async () => {
  await seedDemoData();
});

let constraints: string[] = [];
let spy: MockInstance<D1Database["withSession"]> | undefined;
beforeEach(() => {
  const withSession = env.DB.withSession.bind(env.DB);
  spy = vi.spyOn(env.DB, "withSession").mockImplementation((constraint) => {
    constraints.push(String(constraint));
    return withSession(constraint);
  });
});
afterEach(() => {
  spy?.mockRestore();
  constraints = [];
});

/** The D1 session constraint one request opened (exactly one session per request). */
async function constraintOf(request: () => Promise<Response>, status: number): Promise<string> {
  constraints = [];
  const response = await request();
  expect(response.status, await response.clone().text()).toBe(status);
  expect(constraints).toHaveLength(1);
  return constraints[0]!;
}

/** The bookmark the browser's signed session cookie carries (id~touchedAt~bookmark.tag). */
function cookieBookmark(browser: TestBrowser): string {
  const value = decodeURIComponent(browser.cookie("__Host-portal_session") ?? "");
  return value.slice(0, value.lastIndexOf(".")).split("~")[2] ?? "";
}

/** What a recompute must leave alone on the browser's session row: its saved amounts and its idle clock. */
async function sessionRow(browser: TestBrowser): Promise<{ amounts: string | null; last_seen_at: number }> {
  const row = await env.DB.prepare("SELECT amounts, last_seen_at FROM portal_sessions WHERE id = ?")
    .bind(browser.sessionId()!)
    .first<{ amounts: string | null; last_seen_at: number }>();
  return row!;
}

describe("D1 sessions per request", () => {
  it("reads anonymous pages from any replica, and a lookup (a write) from the primary", async () => {
    const browser = new TestBrowser("198.51.100.20");
    expect(await constraintOf(() => browser.get("/"), 200)).toBe("first-unconstrained");
    expect(await constraintOf(() => browser.get("/faq"), 200)).toBe("first-unconstrained");
    expect(await constraintOf(() => browser.post("/lookup", { invoiceNumber: "413955", invoiceTotal: "15,308.81" }), 303)).toBe("first-primary");
  });

  it("reads a client's pages at their cookie's bookmark, which each write moves on, and writes at the primary", async () => {
    const browser = await signedInBrowser();
    const afterLookup = cookieBookmark(browser);
    expect(afterLookup).toMatch(/^[A-Za-z0-9-]+$/);
    expect(await constraintOf(() => browser.get("/portal/items"), 200)).toBe(afterLookup);

    const ids = await itemIds();
    const pay = [String(ids.get("411872")), String(ids.get("412305"))];
    expect(await constraintOf(() => browser.post("/portal/items", { pay, action: "ok" }), 303)).toBe("first-primary");
    const afterSelection = cookieBookmark(browser);
    expect(afterSelection).not.toBe(afterLookup);
    // The next page reads at least as fresh as the selection just saved, and shows it.
    expect(await constraintOf(() => browser.get("/portal/pay"), 200)).toBe(afterSelection);
    expect(await constraintOf(() => browser.post("/portal/pay", { method: "ach" }), 303)).toBe("first-primary");
  });

  it("serves the recompute POSTs like a GET: at the bookmark, saving nothing, the idle clock left alone within the minute", async () => {
    const browser = await signedInBrowser();
    const ids = await itemIds();
    const pay = [String(ids.get("411872"))];
    const bookmark = cookieBookmark(browser);
    const seen = (await sessionRow(browser)).last_seen_at;

    const total = await constraintOf(() => browser.post("/portal/items/total", { pay }, { htmx: true }), 200);
    expect(total).toBe(bookmark);
    expect(await constraintOf(() => browser.post("/portal/items", { pay, action: "ok" }), 303)).toBe("first-primary");
    expect(await constraintOf(() => browser.post("/portal/pay", { method: "card" }), 303)).toBe("first-primary");
    const saved = await sessionRow(browser);

    const afterMethod = cookieBookmark(browser);
    const preview = await constraintOf(() => browser.post("/portal/amounts/preview", { [`amount-${pay[0]}`]: "100.00" }, { htmx: true }), 200);
    expect(preview).toBe(afterMethod);
    const after = await sessionRow(browser);
    expect(after).toEqual(saved);
    expect(seen).toBeLessThanOrEqual(after.last_seen_at);
  });
});
