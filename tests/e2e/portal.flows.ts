// Steps 1-4 in a real browser, as a client would walk them.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = "screenshots";
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("steps 1-4 in Chromium", () => {
  it("lookup with hints, summary, list with live totals, PDF, OK, exit", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(baseUrl);
    await snap(page, `${SCREENSHOTS}/01-entry-en.png`);

    // A client number gets the hint, in place, through htmx.
    await page.getByLabel("Invoice number").fill("20481736");
    await page.getByLabel("Invoice total").fill("15,308.81");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.getByText("That looks like your client number").count()).toBeGreaterThan(0);
    expect(await page.getByLabel("Invoice number").getAttribute("aria-invalid")).toBe("true");

    // A wrong total: the neutral message.
    await page.getByLabel("Invoice number").fill("413955");
    await page.getByLabel("Invoice total").fill("12,480.00");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.getByText("We couldn't match that invoice number and total").count()).toBe(1);
    await snap(page, `${SCREENSHOTS}/01-entry-error-en.png`);

    await page.getByLabel("Invoice total").fill("$15,308.81");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${baseUrl}/portal`);
    expect(await page.locator("#total-outstanding").textContent()).toBe("$82,350.57");
    await snap(page, `${SCREENSHOTS}/03-summary-en.png`);

    await page.getByRole("link", { name: "Select/view invoices and late fees" }).click();
    await page.waitForURL(`${baseUrl}/portal/items`);
    expect(await page.locator("#selected-total-amount").textContent()).toBe("$82,350.57");
    await page.getByRole("checkbox", { name: "Pay Invoice 413955" }).uncheck();
    await expect.poll(() => page.locator("#selected-total-amount").textContent()).toBe("$67,041.76");
    await page.getByRole("checkbox", { name: "Pay Invoice 413402" }).uncheck();
    await expect.poll(() => page.locator("#selected-total-amount").textContent()).toBe("$45,441.76");
    await snap(page, `${SCREENSHOTS}/04-items-en.png`);

    // The PDF opens inline in a new tab and downloads with its name.
    const [pdfResponse] = await Promise.all([
      page.context().waitForEvent("response", (r) => r.url().endsWith("/portal/invoices/411872.pdf")),
      page.getByRole("link", { name: "View invoice 411872 (PDF)" }).click(),
    ]);
    expect(pdfResponse.status()).toBe(200);
    expect(pdfResponse.headers()["content-type"]).toBe("application/pdf");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download invoice 411872 (PDF)" }).click()]);
    expect(download.suggestedFilename()).toBe("Invoice-411872.pdf");

    await page.getByRole("button", { name: "OK" }).click();
    await page.waitForURL(`${baseUrl}/portal/pay`);

    await page.goto(`${baseUrl}/portal/items`);
    expect(await page.locator("#selected-total-amount").textContent()).toBe("$45,441.76");
    await page.getByRole("button", { name: "Exit" }).click();
    await page.waitForURL(`${baseUrl}/?ended=exit`);
    expect(problems).toEqual([]);
  });

  it("locks out a guessing visitor, even for the right pair, with a clear message", async () => {
    const { page, problems } = await openPage(browser);
    // A visitor of its own (wrangler dev passes CF-Connecting-IP through), so the lockout hits no other test.
    await page.setExtraHTTPHeaders({ "CF-Connecting-IP": "198.51.100.77" });
    await page.goto(baseUrl);
    // Guesses at an invoice that does not exist: the visitor's IP locks, no real invoice does.
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel("Invoice number").fill("499999");
      await page.getByLabel("Invoice total").fill(`${attempt}.00`);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.locator(`#invoiceTotal[value="${attempt}.00"]`).waitFor();
    }
    await expect.poll(() => page.getByText("Too many attempts").count()).toBe(1);
    await page.getByLabel("Invoice number").fill("414121");
    await page.getByLabel("Invoice total").fill("980.40");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator('#invoiceTotal[value="980.40"]').waitFor();
    expect(await page.getByText("Too many attempts").count()).toBe(1);
    expect(page.url()).toBe(`${baseUrl}/`);
    await snap(page, `${SCREENSHOTS}/01-entry-locked-en.png`);
    expect(problems).toEqual([]);
  });

  it("refuses an empty selection in place", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(baseUrl);
    await page.getByLabel("Invoice number").fill("414120");
    await page.getByLabel("Invoice total").fill("3150");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${baseUrl}/portal`);
    await page.goto(`${baseUrl}/portal/items`);
    for (const box of await page.getByRole("checkbox").all()) await box.uncheck();
    await expect.poll(() => page.locator("#selected-total-amount").textContent()).toBe("$0.00");
    await page.getByRole("button", { name: "OK" }).click();
    await expect.poll(() => page.getByText("Select at least one invoice or late fee to pay.").count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("works in Spanish with JavaScript turned off", async () => {
    const { page, problems } = await openPage(browser, { javaScriptEnabled: false, locale: "es-US" });
    await page.goto(baseUrl);
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    await page.getByLabel("Número de factura").fill("413955");
    await page.getByLabel("Monto total de la factura").fill("15308.81");
    await page.getByRole("button", { name: "Continuar" }).click();
    await page.waitForURL(`${baseUrl}/portal`);
    expect(await page.locator("#total-outstanding").textContent()).toBe("$82,350.57");
    await snap(page, `${SCREENSHOTS}/03-summary-es.png`);
    await page.getByRole("link", { name: "Seleccionar/ver facturas y cargos por retraso" }).click();
    await page.getByRole("checkbox", { name: "Pagar Factura 413955" }).uncheck();
    await page.getByRole("checkbox", { name: "Pagar Factura 413402" }).uncheck();
    await page.getByRole("button", { name: "Actualizar total" }).click();
    expect(await page.locator("#selected-total-amount").textContent()).toBe("$45,441.76");
    await snap(page, `${SCREENSHOTS}/04-items-es.png`);
    expect(problems).toEqual([]);
  });
});
