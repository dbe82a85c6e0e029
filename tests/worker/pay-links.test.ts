// Pay links from the client's side: a genuine link opens its client's summary without
// credentials; a forged one is refused before any database read; expired, revoked and unknown
// links get the same neutral page; a link never shows another client's items.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { parseKeyring, signPayLinkCode } from "../../worker/domain/pay-links";
import { TestBrowser, seedDemoData, textOf } from "./helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

let links: Map<string, string>;
let nextIp = 1;
const freshIp = () => `100.64.${Math.floor(nextIp / 200)}.${nextIp++ % 200}`;

beforeAll(async () => {
  await installAccessJwks();
  const summary = await seedDemoData();
  // Invoice number -> code, from the URLs the seed printed.
  links = new Map(summary.links.map((link) => [link.invoiceNumber, new URL(link.url).pathname.slice(3)]));
});
let sessions: MockInstance<D1Database["withSession"]> | undefined;
/**
 * Counts the queries the Worker makes: each request runs in a D1 Sessions API session on env.DB,
 * where drizzle prepares every statement.
 */
function watchQueries() {
  const prepare = vi.fn();
  const withSession = env.DB.withSession.bind(env.DB);
  sessions = vi.spyOn(env.DB, "withSession").mockImplementation((constraint) => {
    const session = withSession(constraint);
    const prepareOnSession = session.prepare.bind(session);
    session.prepare = (query: string) => {
      prepare(query);
      return prepareOnSession(query);
    };
    return session;
  });
  return prepare;
}
afterEach(() => {
  sessions?.mockRestore();
  sessions = undefined;
});

function code(invoiceNumber: string): string {
  const value = links.get(invoiceNumber);
  if (!value) throw new Error(`no demo link for ${invoiceNumber}`);
  return value;
}

async function useRows(linkCode: string) {
  const rows = await env.DB.prepare(
    "SELECT u.ip_prefix, u.browser, u.outcome FROM pay_link_uses u JOIN pay_links l ON l.id = u.link_id WHERE l.code = ? ORDER BY u.id",
  )
    .bind(linkCode)
    .all<{ ip_prefix: string; browser: string; outcome: string }>();
  return rows.results;
}

const NEUTRAL = "This payment link can't be used";

/** The text drawn on a stored PDF: pdf-lib writes it as hex strings inside deflated content streams. */
async function pdfText(key: string): Promise<string> {
  const bytes = new Uint8Array(await (await env.PDFS.get(key))!.arrayBuffer());
  const raw = new TextDecoder("latin1").decode(bytes);
  let text = "";
  for (const match of raw.matchAll(/<<([^<>]*)>>\s*stream\r?\n/g)) {
    const length = /\/Length (\d+)/.exec(match[1]!);
    if (!match[1]!.includes("/FlateDecode") || !length) continue;
    const start = match.index + match[0].length;
    const compressed = bytes.slice(start, start + Number(length[1]));
    const content = await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream("deflate"))).text();
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) text += `${hex[1]!.replace(/../g, (h) => String.fromCharCode(parseInt(h, 16)))}\n`;
  }
  return text;
}

describe("a genuine link", () => {
  it("opens its client's summary with the right total, and a 'Not you? Exit'", async () => {
    const browser = new TestBrowser(freshIp());
    const response = await browser.get(`/p/${code("413955")}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/portal");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("__Host-portal_session=") && /HttpOnly/i.test(c) && /Secure/i.test(c))).toBe(true);

    const summary = await browser.get("/portal");
    const text = textOf(await summary.text());
    expect(summary.status).toBe(200);
    expect(text).toContain("Brickell Bay Holdings LLC");
    expect(text).toContain("$82,350.57");
    expect(text).toContain("Not you? Exit");
    const session = await env.DB.prepare("SELECT entry FROM portal_sessions WHERE id = ?").bind(browser.sessionId()!).first<{ entry: string }>();
    expect(session?.entry).toBe("link");
  });

  it("'Not you? Exit' ends the session", async () => {
    const browser = new TestBrowser(freshIp());
    await browser.get(`/p/${code("413402")}`);
    const sessionId = browser.sessionId()!;
    const exit = await browser.post("/exit", {});
    expect(exit.status).toBe(303);
    expect(exit.headers.get("Location")).toBe("/?ended=exit");
    expect((await browser.get("/portal")).status).toBe(303);
    const row = await env.DB.prepare("SELECT ended_at FROM portal_sessions WHERE id = ?").bind(sessionId).first<{ ended_at: number | null }>();
    expect(row?.ended_at).not.toBeNull();
  });

  it("a session from a lookup has no 'Not you? Exit'", async () => {
    const browser = new TestBrowser(freshIp());
    await browser.signIn("413955", "15,308.81");
    expect(textOf(await (await browser.get("/portal")).text())).not.toContain("Not you?");
  });

  it("opens in Spanish for a Spanish browser, like any page", async () => {
    const browser = new TestBrowser(freshIp());
    await browser.get(`/p/${code("414120")}`, { headers: { "Accept-Language": "es-US,es;q=0.9" } });
    const text = textOf(await (await browser.get("/portal", { headers: { "Accept-Language": "es-US,es;q=0.9" } })).text());
    expect(text).toContain("¿No es usted? Salir");
    expect(text).toContain("$4,130.40");
  });

  it("records each use: time, network prefix and browser family, never the address", async () => {
    const linkCode = code("413018");
    await new TestBrowser("198.51.100.77").get(`/p/${linkCode}`, {
      headers: { "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36" },
    });
    await new TestBrowser("2001:db8:abcd:12::1").get(`/p/${linkCode}`, {
      headers: { "User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15" },
    });
    expect(await useRows(linkCode)).toEqual([
      { ip_prefix: "198.51.100.0/24", browser: "Chrome", outcome: "opened" },
      { ip_prefix: "2001:db8:abcd::/48", browser: "Safari", outcome: "opened" },
    ]);
  });

  it("still opens after the keys rotate: a link signed by the old key 'b' verifies", async () => {
    const keys = parseKeyring(env.PAY_LINK_KEYS, "b");
    const oldCode = await signPayLinkCode(keys, "Old1");
    const item = await env.DB.prepare("SELECT id FROM items WHERE kind = 'invoice' AND invoice_number = '414120'").first<{ id: number }>();
    await env.DB.prepare("INSERT INTO pay_links (code, key_id, item_id, expires_at, created_at, created_by) VALUES (?, 'b', ?, ?, ?, 'test')")
      .bind(oldCode, item!.id, Date.now() + 86_400_000, Date.now())
      .run();
    const response = await new TestBrowser(freshIp()).get(`/p/${oldCode}`);
    expect(response.status).toBe(303);
  });
});

describe("a forged or altered code is refused before any database read", () => {
  const flip = (value: string, index: number) => value.slice(0, index) + (value[index] === "A" ? "B" : "A") + value.slice(index + 1);
  const cases: [string, (genuine: string) => string][] = [
    ["a flipped first tag character", (c) => flip(c, 5)],
    ["a flipped last tag character", (c) => flip(c, 15)],
    ["a flipped id character", (c) => flip(c, 2)],
    [
      "the case of one letter changed",
      (c) => {
        const i = [...c].findIndex((ch, index) => index >= 5 && /[A-Za-z]/.test(ch));
        return c.slice(0, i) + (c[i] === c[i]!.toUpperCase() ? c[i]!.toLowerCase() : c[i]!.toUpperCase()) + c.slice(i + 1);
      },
    ],
    ["truncated by one", (c) => c.slice(0, 15)],
    ["truncated to the id", (c) => c.slice(0, 5)],
    ["extended by one", (c) => `${c}A`],
    ["another configured key id", (c) => `b${c.slice(1)}`],
    ["an unknown key id", (c) => `z${c.slice(1)}`],
    ["all zeros", () => "a000000000000000"],
    ["characters outside base64url", (c) => `${c.slice(0, 15)}.`],
  ];

  it.each(cases)("%s", async (_case, alter) => {
    const genuine = code("413955");
    const forged = alter(genuine);
    if (forged === genuine) throw new Error("the alteration changed nothing");
    const queries = watchQueries();
    const response = await new TestBrowser(freshIp()).get(`/p/${encodeURIComponent(forged)}`);
    expect(queries).not.toHaveBeenCalled();
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).toContain(NEUTRAL);
    expect(response.headers.getSetCookie().some((c) => c.includes("portal_session"))).toBe(false);
  });

  it("while a genuine code does read D1 (the spy sees queries)", async () => {
    const queries = watchQueries();
    const response = await new TestBrowser(freshIp()).get(`/p/${code("413955")}`);
    expect(response.status).toBe(303);
    expect(queries).toHaveBeenCalled();
  });

  it("leaves no trace: forged codes are not recorded as uses", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM pay_link_uses").first<{ n: number }>();
    const real = code("412690");
    // Change the last character to something it is not (it could already be a "B").
    await new TestBrowser(freshIp()).get(`/p/${real.slice(0, 15)}${real.endsWith("B") ? "C" : "B"}`);
    const after = await env.DB.prepare("SELECT count(*) AS n FROM pay_link_uses").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe("expired, revoked and unknown links", () => {
  it("an expired link gets the neutral page, and the use is recorded as expired", async () => {
    const linkCode = code("411872");
    await env.DB.prepare("UPDATE pay_links SET expires_at = ? WHERE code = ?")
      .bind(Date.now() - 1000, linkCode)
      .run();
    const response = await new TestBrowser(freshIp()).get(`/p/${linkCode}`);
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).toContain(NEUTRAL);
    expect((await useRows(linkCode)).map((use) => use.outcome)).toEqual(["expired"]);
  });

  it("a revoked link gets the neutral page; a new one for the same invoice works", async () => {
    const linkCode = code("412305");
    const revoked = await staffFetch(`/staff/api/pay-links/${linkCode}/revoke`, { method: "POST" });
    expect(revoked.status).toBe(200);
    const response = await new TestBrowser(freshIp()).get(`/p/${linkCode}`);
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).toContain(NEUTRAL);
    expect((await useRows(linkCode)).map((use) => use.outcome)).toEqual(["revoked"]);

    const minted = await staffFetch("/staff/api/pay-links", { json: { invoiceNumbers: ["412305"] } });
    const { links: fresh } = (await minted.json()) as { links: { code: string }[] };
    expect((await new TestBrowser(freshIp()).get(`/p/${fresh[0]!.code}`)).status).toBe(303);
  });

  it("a correctly signed code that names no link gets the neutral page", async () => {
    const keys = parseKeyring(env.PAY_LINK_KEYS, "a");
    const response = await new TestBrowser(freshIp()).get(`/p/${await signPayLinkCode(keys, "None")}`);
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).toContain(NEUTRAL);
  });

  it("reads exactly the same whatever the reason, and points to the lookup and help", async () => {
    const keys = parseKeyring(env.PAY_LINK_KEYS, "a");
    const pages = [];
    for (const path of [
      `/p/${code("411872")}`,
      `/p/${code("412305")}`,
      `/p/${await signPayLinkCode(keys, "Nada")}`,
      `/p/${code("413955").slice(0, 15)}${code("413955").endsWith("Q") ? "R" : "Q"}`,
      "/p/x",
    ]) {
      const response = await new TestBrowser(freshIp()).get(path);
      expect(response.status, path).toBe(404);
      // The language switch links back to the page itself: the only difference allowed.
      pages.push((await response.text()).replace(/href="\/p\/[^"]*\?lang=es"/, ""));
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('href="/"');
    expect(pages[0]).toContain('href="/help"');
    expect(textOf(pages[0]!)).toContain("Look up your invoices");
  });

  it("is in Spanish for a Spanish browser", async () => {
    const response = await new TestBrowser(freshIp()).get(`/p/${code("411872")}`, { headers: { "Accept-Language": "es" } });
    const text = textOf(await response.text());
    expect(response.status).toBe(404);
    expect(text).toContain("Este enlace de pago no se puede usar");
    expect(text).toContain("Buscar sus facturas");
  });
});

describe("a link for one client never shows another's", () => {
  it("replaces a session of client B with client A's, and B's items and PDFs are gone", async () => {
    const browser = new TestBrowser(freshIp());
    await browser.signIn("414120", "3,150.00");
    const before = browser.sessionId()!;
    expect(textOf(await (await browser.get("/portal")).text())).toContain("Coconut Grove Dental PA");

    expect((await browser.get(`/p/${code("413955")}`)).status).toBe(303);
    const summary = textOf(await (await browser.get("/portal")).text());
    expect(summary).toContain("Brickell Bay Holdings LLC");
    expect(summary).not.toContain("Coconut Grove");
    const items = textOf(await (await browser.get("/portal/items")).text());
    expect(items).toContain("Invoice 413955");
    expect(items).not.toContain("414120");
    expect(items).not.toContain("414121");
    expect((await browser.get("/portal/invoices/414120.pdf")).status).toBe(404);
    const old = await env.DB.prepare("SELECT ended_at FROM portal_sessions WHERE id = ?").bind(before).first<{ ended_at: number | null }>();
    expect(old?.ended_at).not.toBeNull();
  });

  it("client B's link shows only client B", async () => {
    const browser = new TestBrowser(freshIp());
    await browser.get(`/p/${code("414121")}`);
    const items = textOf(await (await browser.get("/portal/items")).text());
    expect(items).toContain("Invoice 414120");
    expect(items).not.toContain("413955");
    expect((await browser.get("/portal/invoices/413955.pdf")).status).toBe(404);
    expect((await browser.get("/portal/invoices/414120.pdf")).status).toBe(200);
  });
});

describe("rate limit", () => {
  it("refuses more than 20 links a minute from one address, genuine or not", async () => {
    const browser = new TestBrowser("192.0.2.222");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await browser.get(`/p/${i % 2 ? code("414120") : "a000000000000000"}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 303 || s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    const limited = await browser.get(`/p/${code("414120")}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    // Another address is not affected.
    expect((await new TestBrowser(freshIp()).get(`/p/${code("414120")}`)).status).toBe(303);
  });
});

describe("the demo seed", () => {
  it("mints one link per open invoice, none for a paid one, and reuses them on a second run", async () => {
    const again = await seedDemoData();
    const numbers = again.links.map((link) => link.invoiceNumber).sort();
    expect(numbers).toEqual(["411872", "412305", "412690", "413018", "413402", "413955", "414120", "414121"]);
    expect(numbers).not.toContain("410950");
    // The expired link is replaced; the revoked one by the link staff minted, and 414120's by the
    // newer key-rotation link (the newest usable one is reused); the rest are unchanged.
    const replaced = ["411872", "412305", "414120"];
    for (const link of again.links) {
      expect(link.minted).toBe(link.invoiceNumber === "411872");
      expect(link.url === `https://portal.test/p/${links.get(link.invoiceNumber)}`).toBe(!replaced.includes(link.invoiceNumber));
    }
    expect(again.pdfsWritten).toBe(1); // 411872's PDF now prints its new link; 412305 is on paper
  });

  it("prints each electronic invoice's link on its PDF, under 'Click here to pay by credit card or ACH'", async () => {
    const text = await pdfText("invoices/413955.pdf");
    expect(text).toContain("Click here to pay by credit card or ACH");
    expect(text).toContain(`https://portal.test/p/${code("413955")}`);
    // The reissued link replaced the expired one on 411872's PDF.
    const reissued = (await seedDemoData()).links.find((link) => link.invoiceNumber === "411872")!;
    expect(await pdfText("invoices/411872.pdf")).toContain(reissued.url);
  });
});
