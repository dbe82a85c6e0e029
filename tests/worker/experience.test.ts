// What the client sees around the steps: progress, language switching, idle warning, receipts.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../ui/i18n";
import { LANGUAGE_CODES, LANGUAGES } from "../../worker/domain/language";
import { TestBrowser, seedDemoData, textOf } from "./helpers";
import { confirmAndFollow, enterDetails, openReview, selectAndChoose, signedInBrowser } from "./payment-flow";
import { CARDS, cardToken } from "./stripe-helpers";

beforeAll(async () => {
  await seedDemoData();
});

describe("progress indicator", () => {
  it.each([
    ["/", "Find invoice"],
    ["/portal", "Review items"],
    ["/portal/items", "Review items"],
  ])("marks the current step on %s for screen readers", async (path, current) => {
    const browser = path === "/" ? new TestBrowser() : await signedInBrowser();
    const html = await (await browser.get(path)).text();
    expect(html).toMatch(new RegExp(`<li class="current" aria-current="step">.*?${current}`));
    expect(html).toContain('aria-label="Payment steps"');
  });
});

describe("language switch keeps the client where it is", () => {
  it("offers every other language of the table, each in its own name and said in it", async () => {
    for (const current of LANGUAGE_CODES) {
      const html = await (await new TestBrowser().get(`/faq?lang=${current}`)).text();
      for (const other of LANGUAGE_CODES) {
        const link = `<a href="/faq?lang=${other}" lang="${other}" aria-label="${translator(other)("languageSwitchLabel")}">${LANGUAGES[other].name}</a>`;
        if (other === current) expect(html).not.toContain(link);
        else expect(html).toContain(link);
      }
    }
  });

  it("links to the same step in the other language", async () => {
    const browser = await signedInBrowser();
    const html = await (await browser.get("/portal/items")).text();
    expect(html).toContain('href="/portal/items?lang=es"');
    const spanish = textOf(await (await browser.get("/portal/items?lang=es")).text());
    expect(spanish).toContain("Seleccione facturas y cargos por retraso");
  });

  it.each([
    ["/lookup", "/"],
    ["/portal/confirm", "/portal/review"],
  ])("a switch on a page answered to a post (%s) lands on its form", async (path, target) => {
    const browser = await signedInBrowser();
    const response = await browser.get(`${path}?lang=es`);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(target);
  });
});

describe("idle session warning", () => {
  it("tells the page how long the session lasts, and keepalive extends it", async () => {
    const browser = await signedInBrowser();
    const html = await (await browser.get("/portal")).text();
    expect(html).toContain('data-session-idle-seconds="1800"');
    await env.DB.prepare("UPDATE portal_sessions SET last_seen_at = last_seen_at - 29 * 60000 WHERE id = ?").bind(browser.sessionId()).run();
    expect((await browser.post("/portal/keepalive", {})).status).toBe(204);
    const row = await env.DB.prepare("SELECT last_seen_at FROM portal_sessions WHERE id = ?").bind(browser.sessionId()).first<{ last_seen_at: number }>();
    expect(Date.now() - row!.last_seen_at).toBeLessThan(5_000);
  });

  it("keepalive without a session does not create one", async () => {
    const response = await new TestBrowser().post("/portal/keepalive", {});
    expect(response.status).toBe(303);
  });
});

describe("receipt PDF", () => {
  it("downloads a receipt for a paid payment, and none for another client's", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "100.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const { paymentId, page } = await confirmAndFollow(browser, await openReview(browser));
    expect(page).toContain(`/portal/payments/${paymentId}/receipt.pdf`);
    const pdf = await browser.get(`/portal/payments/${paymentId}/receipt.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^attachment; filename="Receipt-pi_\w+\.pdf"$/);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    // The fonts come from the static assets, as subsets (tests/node/receipt-pdf.test.ts reads the text).
    expect(new TextDecoder().decode(bytes)).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);

    // A name in Chinese and Arabic brings in those fonts.
    await env.DB.prepare("UPDATE clients SET name = ? WHERE id = (SELECT client_id FROM payments WHERE id = ?)").bind("王小明 محمد", paymentId).run();
    const world = new TextDecoder().decode(new Uint8Array(await (await browser.get(`/portal/payments/${paymentId}/receipt.pdf`)).arrayBuffer()));
    expect(world).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(world).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoNaskhArabic/);

    const other = await signedInBrowser("414120", "3,150.00");
    expect((await other.get(`/portal/payments/${paymentId}/receipt.pdf`)).status).toBe(404);
    expect((await other.get(`/portal/payments/${paymentId}`)).status).toBe(404);
  });
});
