import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, seedDemoData, textOf } from "./helpers";

beforeAll(async () => {
  await seedDemoData();
});

describe("lookup: invoice number plus original total opens the client's portal", () => {
  it.each(["15308.81", "15,308.81", "$15,308.81", " $ 15 308.81 "])("accepts the total typed as %j", async (total) => {
    const browser = new TestBrowser(`198.51.100.${Math.floor(Math.random() * 200)}`);
    const response = await browser.post("/lookup", { invoiceNumber: "413955", invoiceTotal: total });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/portal");
    const portal = await browser.get("/portal");
    expect(textOf(await portal.text())).toContain("$82,350.57");
  });

  it("opens the portal from a paid invoice too", async () => {
    const browser = new TestBrowser("198.51.100.201");
    await browser.signIn("410950", "6,300.00");
    expect(textOf(await (await browser.get("/portal")).text())).toContain("Brickell Bay Holdings LLC");
  });

  it("answers htmx with HX-Redirect instead of a 303", async () => {
    const browser = new TestBrowser("198.51.100.202");
    const response = await browser.post("/lookup", { invoiceNumber: "414120", invoiceTotal: "3150" }, { htmx: true });
    expect(response.status).toBe(204);
    expect(response.headers.get("HX-Redirect")).toBe("/portal");
  });

  it("sets a signed, HttpOnly, Secure, SameSite=Lax session cookie", async () => {
    const browser = new TestBrowser("198.51.100.203");
    const response = await browser.post("/lookup", { invoiceNumber: "414120", invoiceTotal: "3,150.00" });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-portal_session="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=1800/);
  });

  it("a second lookup in the same browser ends its first session and shows only the new client", async () => {
    const browser = new TestBrowser("198.51.100.204");
    await browser.signIn("414120", "3,150.00");
    const first = browser.sessionId();
    await browser.signIn("413955", "15,308.81");
    expect(browser.sessionId()).not.toBe(first);
    const old = await env.DB.prepare("SELECT ended_at FROM portal_sessions WHERE id = ?").bind(first).first<{ ended_at: number | null }>();
    expect(old?.ended_at).not.toBeNull();
    const summary = textOf(await (await browser.get("/portal")).text());
    expect(summary).toContain("Brickell Bay Holdings LLC");
    expect(summary).not.toContain("Coconut Grove");
  });
});

describe("lookup hints that need no database", () => {
  it("tells a client number from an invoice number", async () => {
    const response = await new TestBrowser("192.0.2.1").post("/lookup", { invoiceNumber: "20481736", invoiceTotal: "15,308.81" });
    expect(response.status).toBe(422);
    const text = textOf(await response.text());
    expect(text).toContain("That looks like your client number");
    expect(text).toContain("Pay your invoices");
  });

  it("says what an invoice number looks like", async () => {
    const response = await new TestBrowser("192.0.2.1").post("/lookup", { invoiceNumber: "51234", invoiceTotal: "10" });
    expect(textOf(await response.text())).toContain("Invoice numbers have 6 digits and start with 4");
  });

  it("explains a malformed total and keeps what was typed", async () => {
    const response = await new TestBrowser("192.0.2.1").post("/lookup", { invoiceNumber: "413955", invoiceTotal: "15308.812" });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(textOf(html)).toContain("at most two decimals");
    expect(html).toContain('value="15308.812"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/aria-describedby="invoiceTotal-hint invoiceTotal-error"/);
  });

  it("returns only the form to htmx", async () => {
    const response = await new TestBrowser("192.0.2.1").post("/lookup", { invoiceNumber: "", invoiceTotal: "" }, { htmx: true });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html.startsWith("<form")).toBe(true);
    expect(textOf(html)).toContain("Enter the invoice number.");
    expect(textOf(html)).toContain("Enter the invoice total.");
  });

  it("does not count format errors as failed attempts", async () => {
    const browser = new TestBrowser("192.0.2.2");
    for (let i = 0; i < 8; i++) await browser.post("/lookup", { invoiceNumber: "20481736", invoiceTotal: "1" });
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM lookup_failures WHERE key = 'ip:192.0.2.2'").first<{ n: number }>();
    expect(rows?.n).toBe(0);
    expect((await browser.post("/lookup", { invoiceNumber: "413018", invoiceTotal: "4450" })).status).toBe(303);
  });
});

describe("a wrong pair gets one neutral message", () => {
  const neutral = "We couldn't match that invoice number and total";

  it.each([
    ["an existing invoice with its balance instead of its total", "411872", "12,480.00"],
    ["an existing invoice with another invoice's total", "411872", "15,308.81"],
    ["an invoice that does not exist", "499999", "14,200.00"],
  ])("%s", async (_case, invoiceNumber, invoiceTotal) => {
    const response = await new TestBrowser(`192.0.2.${10 + invoiceTotal.length}`).post("/lookup", { invoiceNumber, invoiceTotal });
    expect(response.status).toBe(422);
    const text = textOf(await response.text());
    expect(text).toContain(neutral);
    expect(text).toContain("not your client number");
    expect(text).toContain("not the balance due");
    expect(response.headers.getSetCookie().some((c) => c.includes("portal_session"))).toBe(false);
  });

  it("reads the same for a missing invoice and a wrong total", async () => {
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    const a = await new TestBrowser("192.0.2.40").post("/lookup", { invoiceNumber: "499999", invoiceTotal: "100" });
    const b = await new TestBrowser("192.0.2.41").post("/lookup", { invoiceNumber: "411872", invoiceTotal: "100" });
    expect(a.status).toBe(b.status);
    expect(strip(await a.text())).toBe(strip(await b.text()));
  });
});

describe("lockout after repeated failures", () => {
  it("locks an IP after five failures, even for a correct pair, with 429 and Retry-After", async () => {
    const browser = new TestBrowser("192.0.2.50");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await browser.post("/lookup", { invoiceNumber: "412690", invoiceTotal: `${i}.00` })).status);
    expect(statuses).toEqual([422, 422, 422, 422, 429]);
    const locked = await browser.post("/lookup", { invoiceNumber: "412690", invoiceTotal: "18,250.00" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(textOf(await locked.text())).toContain("Too many attempts");
    expect(locked.headers.getSetCookie().some((c) => c.includes("portal_session"))).toBe(false);
  });

  it("locks an invoice number guessed from many IPs", async () => {
    for (let i = 0; i < 5; i++) await new TestBrowser(`192.0.2.${60 + i}`).post("/lookup", { invoiceNumber: "413402", invoiceTotal: `${i}.01` });
    const fresh = await new TestBrowser("192.0.2.99").post("/lookup", { invoiceNumber: "413402", invoiceTotal: "21,600.00" });
    expect(fresh.status).toBe(429);
  });

  it("lifts the lock when the window has passed", async () => {
    const browser = new TestBrowser("192.0.2.70");
    for (let i = 0; i < 5; i++) await browser.post("/lookup", { invoiceNumber: "412305", invoiceTotal: `${i}.02` });
    expect((await browser.post("/lookup", { invoiceNumber: "412305", invoiceTotal: "9475" })).status).toBe(429);
    await env.DB.prepare("UPDATE lookup_failures SET window_started_at = window_started_at - 16 * 60000").run();
    expect((await browser.post("/lookup", { invoiceNumber: "412305", invoiceTotal: "9475" })).status).toBe(303);
  });
});

describe("CSRF", () => {
  it("refuses a cross-site form post", async () => {
    const response = await new TestBrowser("192.0.2.80").post(
      "/lookup",
      { invoiceNumber: "413955", invoiceTotal: "15308.81" },
      { headers: { Origin: "https://evil.example" } },
    );
    expect(response.status).toBe(403);
  });
});
