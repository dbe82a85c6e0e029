// Pay links and the staff page in a real browser: a demo link printed by `npm start` opens the
// client's summary; a bad link gets the neutral page; staff mint and revoke links from the page.
// Runs before the payment flows, and changes no demo balance.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";

const baseUrl = inject("baseUrl");
const startOutput = inject("startOutput");
const SCREENSHOTS = "screenshots";
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The link `npm start` printed for an invoice, as on the demo PDF. */
function demoLink(invoiceNumber: string): string {
  const match = new RegExp(`^\\s+${invoiceNumber}\\s.*?(http://\\S+/p/[A-Za-z0-9_-]{16})\\s*$`, "m").exec(startOutput);
  if (!match) throw new Error(`no pay link for ${invoiceNumber} in the npm start output:\n${startOutput}`);
  return match[1]!;
}

describe("pay links in Chromium", () => {
  it("a demo link lands on the summary with the right total, and 'Not you? Exit' leaves", async () => {
    const link = demoLink("413955");
    expect(link.startsWith(`${baseUrl}/p/`)).toBe(true);
    const { page, problems } = await openPage(browser);
    await page.goto(link);
    await page.waitForURL(`${baseUrl}/portal`);
    expect(await page.locator("#total-outstanding").textContent()).toBe("$82,350.57");
    expect(await page.getByText("Brickell Bay Holdings LLC").count()).toBe(1);
    await snap(page, `${SCREENSHOTS}/20-pay-link-summary-en.png`);
    await page.getByRole("button", { name: "Not you? Exit" }).click();
    await page.waitForURL(`${baseUrl}/?ended=exit`);
    await page.goto(`${baseUrl}/portal`);
    await page.waitForURL(`${baseUrl}/`);
    expect(problems).toEqual([]);
  });

  it("a forged link gets the neutral page, in the client's language, pointing to lookup and help", async () => {
    const forged = `${demoLink("414120").slice(0, -1)}${demoLink("414120").endsWith("A") ? "B" : "A"}`;
    for (const [locale, heading, lookUp, help, name] of [
      ["en-US", "This payment link can't be used", "Look up your invoices", "Need help?", "en"],
      ["es-US", "Este enlace de pago no se puede usar", "Buscar sus facturas", "¿Necesita ayuda?", "es"],
    ] as const) {
      const { page, problems } = await openPage(browser, { locale });
      const response = await page.goto(forged);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(heading);
      expect(await page.getByRole("link", { name: lookUp }).getAttribute("href")).toBe("/");
      expect(await page.locator("main").getByRole("link", { name: help }).getAttribute("href")).toBe("/help");
      await snap(page, `${SCREENSHOTS}/21-pay-link-unavailable-${name}.png`);
      await page.getByRole("link", { name: lookUp }).click();
      await page.waitForURL(`${baseUrl}/`);
      // The browser reports the deliberate 404 of the page itself; nothing else may go wrong.
      expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    }
  });
});

describe("the staff page in Chromium", () => {
  it("mints a link, which opens the client's portal, then revokes it", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/staff`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Accounts receivable");
    await page.getByLabel("Invoice numbers").fill("414120");
    await page.getByRole("button", { name: "Mint links" }).click();
    await page.waitForURL(/\/staff\?minted=/);
    const minted = (await page.locator("ul.minted code").first().textContent())!;
    expect(minted).toMatch(new RegExp(`^${baseUrl}/p/a[A-Za-z0-9_-]{15}$`));
    await snap(page, `${SCREENSHOTS}/22-staff-en.png`);

    const client = await openPage(browser);
    await client.page.goto(minted);
    await client.page.waitForURL(`${baseUrl}/portal`);
    expect(await client.page.locator("#total-outstanding").textContent()).toBe("$4,130.40");
    await client.context.close();

    const code = minted.slice(-16);
    await page.getByRole("button", { name: `Revoke the link ${code} for invoice 414120` }).click();
    await page.waitForURL(/\/staff\?revoked=1/);
    expect(await page.getByText("Link revoked").count()).toBe(1);
    expect(await page.locator(`#link-${code} .tag`).textContent()).toBe("Revoked");
    // The use from the client's browser is listed.
    expect(await page.locator(`#link-${code}`).textContent()).toContain("127.0.0.0/24");

    const after = await openPage(browser);
    expect((await after.page.goto(minted))?.status()).toBe(404);
    await after.context.close();
    expect(problems).toEqual([]);
  });

  it("reads in Spanish, and on a phone", async () => {
    const { page, problems } = await openPage(browser, { locale: "es-US", viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/staff`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cuentas por cobrar");
    await snap(page, `${SCREENSHOTS}/23-staff-es-phone.png`);
    expect(problems).toEqual([]);
  });

  it("the import CLI loads a CSV and its PDF through the staff API (--remote)", async () => {
    const result = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn("node_modules/.bin/tsx", ["tools/import.ts", join("tests/node/fixtures/import/invoices.csv"), "--remote", baseUrl], {
        env: process.env,
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code: code ?? -1, output }));
    });
    expect(result.output).toContain("Imported 4 rows: 4 created, 0 updated, 0 unchanged; 1 PDF written.");
    expect(result.code).toBe(0);

    const { page, problems } = await openPage(browser);
    await page.goto(baseUrl);
    await page.getByLabel("Invoice number").fill("415001");
    await page.getByLabel("Invoice total").fill("2,400.00");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${baseUrl}/portal`);
    expect(await page.locator("#total-outstanding").textContent()).toBe("$3,616.50");
    const pdf = await page.request.get(`${baseUrl}/portal/invoices/415001.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(problems).toEqual([]);
  });
});
