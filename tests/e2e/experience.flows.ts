// Accessibility, both languages, phone and desktop, keyboard only, failures shown in place.
// Uses Coconut Grove Dental's paper invoice 414121 so the demo totals other flows check stay intact.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launch, openPage, snap } from "./browser";
import { signIn } from "./steps";

const baseUrl = inject("baseUrl");
const SHOTS = "screenshots";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const LABELS = {
  en: {
    number: "Invoice number",
    total: "Invoice total",
    go: "Continue",
    ok: "OK",
    payCard: "Pay now by credit/debit card",
    next: "Next",
    email: "Email for the receipt",
    cardNumber: "Card number",
    expiry: "Expiration (MM/YY)",
    review: "Continue to review",
    confirm: /Confirm payment of/,
    paid: "Payment received",
  },
  es: {
    number: "Número de factura",
    total: "Monto total de la factura",
    go: "Continuar",
    ok: "OK",
    payCard: "Pagar ahora con tarjeta de crédito/débito",
    next: "Siguiente",
    email: "Correo electrónico para el recibo",
    cardNumber: "Número de tarjeta",
    expiry: "Fecha de vencimiento (MM/AA)",
    review: "Continuar a la revisión",
    confirm: /Confirmar el pago de/,
    paid: "Pago recibido",
  },
} as const;

/** Walks every step, running axe and taking a screenshot at each; returns the violations found. */
async function walk(page: Page, language: "en" | "es", device: "desktop" | "mobile"): Promise<string[]> {
  const l = LABELS[language];
  const found: string[] = [];
  const check = async (step: string) => {
    for (const violation of await axeViolations(page)) found.push(`${language} ${device} ${step}: ${violation}`);
    await snap(page, `${SHOTS}/${device}-${language}-${step}.png`);
    if (device === "mobile") {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) found.push(`${language} ${device} ${step}: page is ${overflow}px wider than the screen`);
    }
    // The seven steps fit one row, on a 390 px phone as on a desktop, whichever step is current, in
    // both languages (the receipt page once held them in its card, and the Spanish ones wrapped).
    const progressRows = await page.evaluate(
      () =>
        new Set(
          [...document.querySelectorAll(".progress li")].map((li) => Math.round((li.getBoundingClientRect().top + li.getBoundingClientRect().bottom) / 2)),
        ).size,
    );
    if (progressRows > 1) found.push(`${language} ${device} ${step}: the step indicator wraps onto ${progressRows} rows`);
  };
  await page.goto(`${baseUrl}/?lang=${language}`);
  await check("1-entry");
  await page.getByLabel(l.number).fill("20993410");
  await page.getByLabel(l.total).fill("980.40");
  await page.getByRole("button", { name: l.go }).click();
  await page.locator("#invoiceNumber-error").waitFor();
  await check("1-entry-error");
  await page.getByLabel(l.number).fill("414121");
  await page.getByRole("button", { name: l.go }).click();
  await page.waitForURL(`${baseUrl}/portal`);
  await check("2-summary");
  await page.goto(`${baseUrl}/portal/items`);
  await check("3-items");
  for (const box of await page.getByRole("checkbox").all()) {
    if (((await box.getAttribute("aria-label")) ?? "").endsWith("414121")) await box.check();
    else await box.uncheck();
  }
  await page.getByRole("button", { name: l.ok }).click();
  await page.waitForURL(`${baseUrl}/portal/pay`);
  await check("4-method");
  await page.getByRole("button", { name: l.payCard }).click();
  await page.waitForURL(`${baseUrl}/portal/amounts`);
  const amount = page.locator("input[name^=amount-]");
  await amount.fill("0");
  await page.getByRole("button", { name: l.next }).click();
  await page.locator(".field-error").waitFor();
  await check("5-amounts-error");
  await amount.fill("10.00");
  await page.getByRole("button", { name: l.next }).click();
  await page.waitForURL(`${baseUrl}/portal/details`);
  await page.getByLabel(l.email).fill("office@coconutgrovedental.example");
  // Stripe's fields speak the page's language too.
  await page.getByLabel(l.cardNumber).fill("4242424242424242");
  await page.getByLabel(l.expiry).fill("12/34");
  await page.getByLabel("CVC").fill("123");
  await check("6-details");
  await page.getByRole("button", { name: l.review }).click();
  await page.waitForURL(`${baseUrl}/portal/review`);
  await check("7-review");
  await page.getByRole("button", { name: l.confirm }).click();
  await page.getByRole("heading", { name: l.paid }).waitFor();
  await check("8-paid");
  return found;
}

describe("every step, both languages, desktop and phone", () => {
  for (const language of ["en", "es"] as const) {
    for (const device of ["desktop", "mobile"] as const) {
      it(`${language} on ${device}: axe finds nothing, nothing overflows, no console errors`, async () => {
        const { page, problems } = await openPage(browser, device === "mobile" ? { viewport: { width: 390, height: 844 } } : {});
        const violations = await walk(page, language, device);
        expect(violations).toEqual([]);
        expect(problems).toEqual([]);
      });
    }
  }

  it("reads at 320 px wide (400% zoom of a 1280 px screen) without sideways scrolling", async () => {
    const { page, problems } = await openPage(browser, { viewport: { width: 320, height: 640 } });
    await page.goto(baseUrl);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.getByLabel("Invoice number").fill("414121");
    await page.getByLabel("Invoice total").fill("980.40");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${baseUrl}/portal`);
    await page.goto(`${baseUrl}/portal/items`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(problems).toEqual([]);
  });
});

describe("keyboard only", () => {
  it("pays with Tab, Space and Enter alone", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(baseUrl);
    const press = async (key: string, times = 1) => {
      for (let i = 0; i < times; i++) await page.keyboard.press(key);
    };
    /** Tabs until the focused element matches, like a person moving through the page. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 40; i++) {
        await press("Tab");
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo("#invoiceNumber");
    await page.keyboard.type("414121");
    await tabTo("#invoiceTotal");
    await page.keyboard.type("980.40");
    await press("Enter");
    await page.waitForURL(`${baseUrl}/portal`);
    await tabTo("a[href='/portal/items']");
    await press("Enter");
    await page.waitForURL(`${baseUrl}/portal/items`);
    // A new step starts with focus on its heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    // Untick everything but the paper invoice with Space.
    for (let i = 0; i < 3; i++) {
      await tabTo("input[type=checkbox]:checked:not([value='__none'])");
      const label = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
      if (label.endsWith("414121")) break;
      await press("Space");
    }
    await tabTo("button[value=ok]");
    await press("Enter");
    await page.waitForURL(`${baseUrl}/portal/pay`);
    await tabTo("button[value=card]");
    await press("Enter");
    await page.waitForURL(`${baseUrl}/portal/amounts`);
    await tabTo("input[name^=amount-]");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("5.00");
    await tabTo("#amounts-form button[type=submit]");
    await press("Enter");
    await page.waitForURL(`${baseUrl}/portal/details`);
    await tabTo("#email");
    await page.keyboard.type("office@coconutgrovedental.example");
    await tabTo("input[autocomplete=cc-number]");
    await page.keyboard.type("4000056655665556");
    await tabTo("input[autocomplete=cc-exp]");
    await page.keyboard.type("1234");
    await tabTo("input[autocomplete=cc-csc]");
    await page.keyboard.type("123");
    await tabTo("#details-submit");
    await press("Enter");
    await page.waitForURL(`${baseUrl}/portal/review`);
    expect(await page.locator("#quote-total").textContent()).toBe("$5.00");
    await tabTo("#confirm-form button[type=submit]");
    await press("Enter");
    await page.getByRole("heading", { name: "Payment received" }).waitFor();
    expect(problems).toEqual([]);
  });
});

describe("idle session", () => {
  it("warns two minutes before the end, and Stay signed in keeps the session", async () => {
    const { page, problems } = await openPage(browser);
    await page.clock.install();
    await signIn(page, "414121", "980.40");
    await page.clock.fastForward("27:00");
    expect(await page.locator("#session-warning").count()).toBe(0);
    await page.clock.fastForward("01:30");
    await page.locator("#session-warning").waitFor();
    expect(await page.locator("#session-warning").textContent()).toContain("your session will end in 2 minutes");
    await snap(page, `${SHOTS}/session-warning-en.png`);
    const [keepalive] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/portal/keepalive")),
      page.getByRole("button", { name: "Stay signed in" }).click(),
    ]);
    expect(keepalive.status()).toBe(204);
    await expect.poll(() => page.locator("#session-warning").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe("failures are shown in place", () => {
  it("a network failure during an htmx request says so", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "414121", "980.40");
    await page.goto(`${baseUrl}/portal/items`);
    await page.route("**/portal/items/total", (route) => route.abort("internetdisconnected"));
    await page.getByRole("checkbox").first().uncheck();
    await expect.poll(() => page.locator("#live-error").textContent()).toContain("We couldn't reach the portal");
    expect(await page.locator("#live-error").isVisible()).toBe(true);
    // The aborted request is the point of this test; nothing else may fail.
    // htmx logs the failed fetch itself; the aborted request is the point of this test.
    expect(
      problems.filter((p) => !p.includes("/portal/items/total") && !p.includes("htmx:error: Failed to fetch") && !p.includes("ERR_INTERNET_DISCONNECTED")),
    ).toEqual([]);
  });
});

describe("a slow first load", () => {
  /** Holds htmx's script, so the page is on screen while htmx has not started, until released. */
  async function holdHtmx(page: Page): Promise<() => void> {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Routing also turns off the browser's cache, so every page load asks for the script again.
    await page.route(/\/assets\/htmx\.[0-9a-f]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    return release;
  }

  it("a box unticked or an amount typed before htmx starts still updates the total", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "414121", "980.40");

    let release = await holdHtmx(page);
    await page.goto(`${baseUrl}/portal/items`, { waitUntil: "commit" });
    const kept = page.getByRole("checkbox", { name: /Invoice 414121$/ });
    await kept.check();
    await page.getByRole("checkbox", { name: /Invoice 414120$/ }).uncheck();
    const balance = await page.locator("tr", { has: kept }).locator("td.num").last().textContent();
    const before = await page.locator("#selected-total-amount").textContent();
    expect(before).not.toBe(balance);
    release();
    await expect.poll(() => page.locator("#selected-total-amount").textContent()).toBe(balance);
    await page.unrouteAll();

    await page.getByRole("button", { name: "OK" }).click();
    await page.waitForURL(`${baseUrl}/portal/pay`);
    release = await holdHtmx(page);
    await page.getByRole("button", { name: "Pay now by credit/debit card" }).click();
    await page.waitForURL(`${baseUrl}/portal/amounts`, { waitUntil: "commit" });
    await page.getByLabel("Amount to pay on Invoice 414121").fill("12.34");
    expect(await page.locator("#amounts-subtotal").textContent()).toBe(balance);
    release();
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$12.34");
    expect(problems).toEqual([]);
  });
});

describe("the other pages pass axe too", () => {
  it.each(["en", "es"] as const)("help (with errors), FAQ, a dead pay link, in %s; staff pages", async (language) => {
    const { page, problems } = await openPage(browser);
    const found: string[] = [];
    const check = async (name: string) => {
      for (const violation of await axeViolations(page)) found.push(`${language} ${name}: ${violation}`);
    };
    await page.goto(`${baseUrl}/help?lang=${language}`);
    await check("help");
    await page.locator("form button[type=submit]").first().click();
    await page.locator("[aria-invalid='true']").first().waitFor();
    await check("help with errors");
    await page.goto(`${baseUrl}/faq`);
    await check("faq");
    const dead = await page.goto(`${baseUrl}/p/aAAAAAAAAAAAAAAA`);
    expect(dead?.status()).toBe(404);
    await check("dead pay link");
    await page.goto(`${baseUrl}/staff`);
    await check("staff");
    await page.goto(`${baseUrl}/staff/help`);
    await check("staff help inbox");
    expect(found).toEqual([]);
    expect(problems.filter((p) => !p.includes("404 (Not Found)"))).toEqual([]);
  });
});
