// Pay links from the staff side: mint (API and page form), list, revoke; each change is recorded
// with the staff email, and the page works with plain forms.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import { installAccessJwks, staffFetch, STAFF_EMAIL } from "./staff-helpers";

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
});

async function linkCount(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM pay_links").first<{ n: number }>())!.n;
}

async function actions(action: string) {
  const rows = await env.DB.prepare("SELECT email, action, target, details FROM staff_actions WHERE action = ? ORDER BY id")
    .bind(action)
    .all<{ email: string; action: string; target: string; details: string }>();
  return rows.results;
}

interface LinkJson {
  code: string;
  url: string;
  invoiceNumber: string;
  state: string;
  useCount: number;
  lastDay: string;
  createdBy: string;
  revokedBy: string | null;
}

describe("the API", () => {
  it("mints links for a batch of invoices, at the request's origin, recorded per link", async () => {
    const response = await staffFetch("/staff/api/pay-links", {
      json: { invoiceNumbers: ["413955", "414120", "413955"] },
      email: "maria@alvarezwhitman.example",
    });
    expect(response.status).toBe(200);
    const { links } = (await response.json()) as { links: { invoiceNumber: string; code: string; url: string; lastDay: string }[] };
    expect(links.map((l) => l.invoiceNumber)).toEqual(["413955", "414120"]);
    for (const link of links) {
      expect(link.code).toMatch(/^a[A-Za-z0-9_-]{15}$/);
      expect(link.url).toBe(`https://portal.test/p/${link.code}`);
      expect(link.lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const minted = (await actions("mint_pay_link")).filter((a) => links.some((l) => l.code === a.target));
    expect(minted).toHaveLength(2);
    expect(minted.every((a) => a.email === "maria@alvarezwhitman.example")).toBe(true);
    expect(JSON.parse(minted[0]!.details)).toMatchObject({ invoiceNumber: "413955" });
  });

  it("refuses the whole batch if any number is bad or unknown, minting nothing", async () => {
    const before = await linkCount();
    const response = await staffFetch("/staff/api/pay-links", { json: { invoiceNumbers: ["413955", "499999", "20481736"] } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { invoices: Record<string, string>; messages: string[] };
    expect(body.invoices).toEqual({ "499999": "invoice_unknown", "20481736": "invoice_number_invalid" });
    expect(body.messages).toContain("Invoice 499999 is not in the portal.");
    expect(await linkCount()).toBe(before);
  });

  it.each([[{}], [{ invoiceNumbers: [] }], [{ invoiceNumbers: [413955] }], [{ invoiceNumbers: Array(51).fill("413955") }]])(
    "refuses a malformed request %j",
    async (json) => {
      expect((await staffFetch("/staff/api/pay-links", { json })).status).toBe(400);
    },
  );

  it("mints for a paid invoice too: the client then sees nothing owed", async () => {
    const response = await staffFetch("/staff/api/pay-links", { json: { invoiceNumbers: ["410950"] } });
    expect(response.status).toBe(200);
  });

  it("lists links with state, uses and who minted them, filtered by invoice", async () => {
    const response = await staffFetch("/staff/api/pay-links?invoice=414121");
    const { links } = (await response.json()) as { links: LinkJson[] };
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ invoiceNumber: "414121", state: "active", useCount: 0, createdBy: "seed" });
    expect((await staffFetch("/staff/api/pay-links?invoice=12")).status).toBe(422);
  });

  it("revokes by code, once; an unknown code is 404", async () => {
    const { links } = (await (await staffFetch("/staff/api/pay-links?invoice=414121")).json()) as { links: LinkJson[] };
    const code = links[0]!.code;
    const first = await staffFetch(`/staff/api/pay-links/${code}/revoke`, { method: "POST" });
    expect(await first.json()).toEqual({ code, revoked: true, alreadyRevoked: false });
    const second = await staffFetch(`/staff/api/pay-links/${code}/revoke`, { method: "POST", email: "someone-else@alvarezwhitman.example" });
    expect(await second.json()).toEqual({ code, revoked: true, alreadyRevoked: true });
    const listed = (await (await staffFetch("/staff/api/pay-links?invoice=414121")).json()) as { links: LinkJson[] };
    // The first revocation stands.
    expect(listed.links[0]).toMatchObject({ state: "revoked", revokedBy: STAFF_EMAIL });
    expect((await actions("revoke_pay_link")).filter((a) => a.target === code).map((a) => a.email)).toEqual([
      STAFF_EMAIL,
      "someone-else@alvarezwhitman.example",
    ]);

    const unknown = await staffFetch("/staff/api/pay-links/a000000000000000/revoke", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "not_found", details: {} });
  });

  it("a cross-site page cannot revoke with the staff's cookie (CSRF); a JSON client without Origin can", async () => {
    const { links } = (await (await staffFetch("/staff/api/pay-links?invoice=413955")).json()) as { links: LinkJson[] };
    const code = links.find((l) => l.state === "active")!.code;
    // What fetch(url, { method: "POST", mode: "no-cors" }) from another site sends.
    const crossSite = await staffFetch(`/staff/api/pay-links/${code}/revoke`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const listed = (await (await staffFetch("/staff/api/pay-links?invoice=413955")).json()) as { links: LinkJson[] };
    expect(listed.links.find((l) => l.code === code)?.state).toBe("active");
  });

  it("answers JSON for an unknown API path", async () => {
    const response = await staffFetch("/staff/api/nothing-here");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not_found" });
  });
});

describe("the staff page", () => {
  it("lists payments, pending ACH and links, with a mint form and revoke buttons", async () => {
    const response = await staffFetch("/staff");
    const html = await response.text();
    const text = textOf(html);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Robots-Tag")).toBe("noindex");
    for (const heading of ["Accounts receivable", "ACH payments waiting for the bank", "Recent payments", "Pay links", "Export payments for the books"])
      expect(text).toContain(heading);
    // The demo's checks are payments too.
    expect(text).toContain("Brickell Bay Holdings LLC");
    expect(text).toContain("check");
    expect(html).toContain('action="/staff/pay-links"');
    expect(html).toMatch(/action="\/staff\/pay-links\/a[A-Za-z0-9_-]{15}\/revoke"/);
    expect(html).toMatch(/https:\/\/portal\.test\/p\/a[A-Za-z0-9_-]{15}/);
  });

  it("mints through the form and shows the new links", async () => {
    const response = await staffFetch("/staff/pay-links", { form: { invoiceNumbers: "413402, 413018" } });
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(/^\/staff\?minted=a[A-Za-z0-9_-]{15},a[A-Za-z0-9_-]{15}#links$/);
    const page = textOf(await (await staffFetch(location.replace(/#.*/, ""))).text());
    expect(page).toContain("New links: 2.");
    for (const code of location.slice("/staff?minted=".length, -"#links".length).split(",")) expect(page).toContain(`https://portal.test/p/${code}`);
  });

  it("mints from the client's page, for one of its open invoices", async () => {
    const html = await (await staffFetch("/staff/clients/20481736")).text();
    const form = /<form method="post" action="\/staff\/pay-links"[\s\S]*?<\/form>/.exec(html)![0];
    const offered = [...form.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
    // Open invoices only: 410950 is paid in full, and the late fee has no link of its own.
    expect(offered).toContain("413955");
    expect(offered).not.toContain("410950");
    expect(textOf(form)).toContain("Mint a pay link");
    const response = await staffFetch("/staff/pay-links", { form: { invoiceNumbers: "413955" } });
    expect(response.status).toBe(303);
    const code = /minted=(a[A-Za-z0-9_-]{15})#links$/.exec(response.headers.get("Location")!)![1];
    expect(textOf(await (await staffFetch("/staff/clients/20481736")).text())).toMatch(new RegExp(`${code} · Invoice 413955 Active`));
  });

  it("explains a refused mint in place and keeps what was typed", async () => {
    const before = await linkCount();
    const response = await staffFetch("/staff/pay-links", { form: { invoiceNumbers: "413402 499999" } });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(textOf(html)).toContain("Invoice 499999 is not in the portal.");
    expect(html).toContain('value="413402 499999"');
    expect(await linkCount()).toBe(before);
    const empty = await staffFetch("/staff/pay-links", { form: { invoiceNumbers: " " } });
    expect(textOf(await empty.text())).toContain("Enter between 1 and 50 invoice numbers.");
  });

  it("revokes through the form", async () => {
    const { links } = (await (await staffFetch("/staff/api/pay-links?invoice=413402")).json()) as { links: LinkJson[] };
    const active = links.find((l) => l.state === "active")!;
    const response = await staffFetch(`/staff/pay-links/${active.code}/revoke`, { form: {} });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/staff?revoked=1#links");
    expect(textOf(await (await staffFetch("/staff?revoked=1")).text())).toContain("Link revoked");
  });

  it("refuses a cross-site form post (CSRF), even with a valid token", async () => {
    const before = await linkCount();
    const response = await staffFetch("/staff/pay-links", { form: { invoiceNumbers: "413402" }, headers: { Origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await linkCount()).toBe(before);
  });

  it("is in Spanish for a Spanish browser", async () => {
    const text = textOf(await (await staffFetch("/staff", { headers: { "Accept-Language": "es" } })).text());
    expect(text).toContain("Cuentas por cobrar");
    expect(text).toContain("Enlaces de pago");
  });
});
