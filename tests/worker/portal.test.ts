import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, seedDemoData, textOf } from "./helpers";

beforeAll(async () => {
  await seedDemoData();
});

async function itemIds(clientNumber: string): Promise<Map<string, number>> {
  const rows = await env.DB.prepare(
    "SELECT items.id, items.kind, items.invoice_number FROM items JOIN clients ON clients.id = items.client_id WHERE clients.number = ?",
  )
    .bind(clientNumber)
    .all<{ id: number; kind: string; invoice_number: string }>();
  return new Map(rows.results.map((r) => [`${r.kind === "invoice" ? "" : "fee:"}${r.invoice_number}`, r.id]));
}

async function brickell() {
  const browser = new TestBrowser("203.0.113.10");
  await browser.signIn("413955", "15,308.81");
  return browser;
}

describe("summary and list", () => {
  it("shows the total outstanding of $82,350.57 with the way to the list", async () => {
    const browser = await brickell();
    const text = textOf(await (await browser.get("/portal")).text());
    expect(text).toContain("Total outstanding $82,350.57");
    expect(text).toContain("Select/view invoices and late fees");
  });

  it("lists every open item ticked, late fee as its own row, paid invoice absent", async () => {
    const browser = await brickell();
    const html = await (await browser.get("/portal/items")).text();
    const text = textOf(html);
    expect(text).toContain("Late fee on invoice 411872");
    expect(text).toContain("03/31/2026 $14,200.00 $12,480.00");
    expect(text).toContain("09/30/2026 $786.76 $786.76");
    expect(text).not.toContain("410950");
    expect(html.match(/type="checkbox"[^>]*checked/g)).toHaveLength(7);
    expect(text).toContain("Total to pay $82,350.57");
    expect(text).toContain("Paper invoice: no PDF");
  });

  it("recomputes $45,441.76 on the server when the two newest invoices are unticked", async () => {
    const browser = await brickell();
    const ids = await itemIds("20481736");
    const keep = ["411872", "fee:411872", "412305", "412690", "413018"].map((k) => String(ids.get(k)));
    const response = await browser.post("/portal/items/total", { pay: keep }, { htmx: true });
    const html = await response.text();
    expect(html.startsWith('<div id="selection-total"')).toBe(true);
    expect(textOf(html)).toContain("$45,441.76");
    expect(textOf(html)).toContain("5 of 7 items selected");
  });

  it("works without JavaScript: Update total re-renders the whole page", async () => {
    const browser = await brickell();
    const ids = await itemIds("20481736");
    const response = await browser.post("/portal/items", { pay: [String(ids.get("413018"))], action: "update" });
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain("Total to pay $4,450.00");
    expect(text).toContain("1 of 7 items selected");
  });

  it("saves the selection with OK and restores it on return", async () => {
    const browser = await brickell();
    const ids = await itemIds("20481736");
    const keep = ["412690", "413018"].map((k) => String(ids.get(k)));
    const ok = await browser.post("/portal/items", { pay: keep, action: "ok" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe("/portal/pay");
    const html = await (await browser.get("/portal/items")).text();
    expect(html.match(/type="checkbox"[^>]*checked/g)).toHaveLength(2);
    expect(textOf(html)).toContain("Total to pay $22,700.00");
  });

  it("refuses an empty selection with a clear message and saves nothing", async () => {
    const browser = await brickell();
    const response = await browser.post("/portal/items", { action: "ok" });
    expect(response.status).toBe(422);
    expect(textOf(await response.text())).toContain("Select at least one invoice or late fee to pay.");
    const saved = await env.DB.prepare("SELECT selection FROM portal_sessions WHERE id = ?").bind(browser.sessionId()).first<{ selection: string | null }>();
    expect(saved).toEqual({ selection: null });
  });
});

describe("isolation between clients", () => {
  it("ignores another client's item ids in a selection", async () => {
    const browser = await brickell();
    const other = await itemIds("20993410");
    const response = await browser.post("/portal/items/total", { pay: [String(other.get("414120"))] }, { htmx: true });
    expect(textOf(await response.text())).toContain("$0.00");
    const ok = await browser.post("/portal/items", { pay: [String(other.get("414120"))], action: "ok" });
    expect(ok.status).toBe(422);
  });

  it("answers another client's PDF exactly like a missing one", async () => {
    const browser = await brickell();
    const theirs = await browser.get("/portal/invoices/414120.pdf");
    const missing = await browser.get("/portal/invoices/499999.pdf");
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    // Identical but for the page's own address in the language switch link.
    const [a, b] = [await theirs.text(), await missing.text()];
    expect(a.replaceAll("414120", "N")).toBe(b.replaceAll("499999", "N"));
  });

  it("shows each client only its own items", async () => {
    const dental = new TestBrowser("203.0.113.11");
    await dental.signIn("414121", "980.40");
    const text = textOf(await (await dental.get("/portal/items")).text());
    expect(text).toContain("Invoice 414120");
    expect(text).toContain("Total to pay $4,130.40");
    expect(text).not.toContain("411872");
  });
});

describe("invoice PDFs", () => {
  it("streams an electronic invoice inline with a sensible name", async () => {
    const browser = await brickell();
    const response = await browser.get("/portal/invoices/413955.pdf");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe('inline; filename="Invoice-413955.pdf"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
  });

  it("downloads as an attachment", async () => {
    const browser = await brickell();
    const response = await browser.get("/portal/invoices/413955.pdf?download=1");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="Invoice-413955.pdf"');
    await response.arrayBuffer();
  });

  it("has none for a paper invoice, which stays payable", async () => {
    const browser = await brickell();
    expect((await browser.get("/portal/invoices/412305.pdf")).status).toBe(404);
    const html = await (await browser.get("/portal/items")).text();
    const ids = await itemIds("20481736");
    expect(html).toMatch(new RegExp(`value="${ids.get("412305")}"[^>]*checked`));
    expect(html).not.toContain("/portal/invoices/412305.pdf");
  });

  it("needs a session", async () => {
    const response = await new TestBrowser().get("/portal/invoices/413955.pdf");
    expect(response.status).toBe(303);
  });
});

describe("session", () => {
  it("sends a visitor without a session back to the entry page", async () => {
    const response = await new TestBrowser().get("/portal/items");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("rejects a forged cookie", async () => {
    const browser = await brickell();
    const real = browser.cookie("__Host-portal_session")!;
    const [id] = decodeURIComponent(real).split(".");
    browser.setCookie("__Host-portal_session", encodeURIComponent(`${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`));
    expect((await browser.get("/portal")).status).toBe(303);
  });

  it("ends after 30 idle minutes and says so on the entry page", async () => {
    const browser = await brickell();
    expect((await browser.get("/portal")).status).toBe(200);
    await env.DB.prepare("UPDATE portal_sessions SET last_seen_at = last_seen_at - 31 * 60000").run();
    const expired = await browser.get("/portal/items");
    expect(expired.status).toBe(303);
    expect(expired.headers.get("Location")).toBe("/?ended=idle");
    const entry = await browser.get("/?ended=idle");
    expect(textOf(await entry.text())).toContain("Your session ended after 30 minutes without activity");
    expect((await browser.get("/portal")).status).toBe(303);
  });

  it("Exit ends the session on the server", async () => {
    const browser = await brickell();
    const stolen = browser.cookie("__Host-portal_session")!;
    const exit = await browser.post("/exit", {});
    expect(exit.headers.get("Location")).toBe("/?ended=exit");
    const replay = new TestBrowser();
    replay.setCookie("__Host-portal_session", stolen);
    expect((await replay.get("/portal")).status).toBe(303);
  });

  it("tells htmx to redirect when the session is gone", async () => {
    const response = await new TestBrowser().post("/portal/items/total", { pay: ["1"] }, { htmx: true });
    expect(response.headers.get("HX-Redirect")).toBe("/");
  });
});

describe("security headers", () => {
  it("sends a nonce CSP without unsafe-inline or unsafe-eval, and the rest", async () => {
    const response = await new TestBrowser().get("/");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers.get("Strict-Transport-Security")).toContain("max-age=");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    expect(html).not.toMatch(/ style="/);
  });
});

describe("languages", () => {
  it("uses the firm's Spanish labels with ?lang=es and keeps the choice in a cookie", async () => {
    const browser = new TestBrowser("203.0.113.12");
    const text = textOf(await (await browser.get("/?lang=es")).text());
    for (const label of ["Portal de pagos", "Número de factura", "Monto total de la factura", "¿Necesita ayuda?", "Preguntas frecuentes"]) {
      expect(text).toContain(label);
    }
    await browser.signIn("413955", "15308.81");
    const items = textOf(await (await browser.get("/portal/items")).text());
    for (const label of ["Pagar", "OK", "Salir", "$82,350.57", "03/31/2026"]) expect(items).toContain(label);
    const summary = textOf(await (await browser.get("/portal")).text());
    expect(summary).toContain("Seleccionar/ver facturas y cargos por retraso");
  });

  it("picks Spanish from Accept-Language when nothing was chosen", async () => {
    const response = await new TestBrowser().get("/", { headers: { "Accept-Language": "es-MX,es;q=0.9,en;q=0.5" } });
    expect(await response.text()).toContain('<html lang="es">');
  });
});
