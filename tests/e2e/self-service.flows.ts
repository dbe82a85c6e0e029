// "Your payments", a receipt sent again and the statement of account in Chromium: after paying by
// debit card, in English and Spanish, on a desktop and a phone, axe clean, and without JavaScript.
import { readFileSync } from "node:fs";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launch, openPage, snap } from "./browser";
import { fillCard, payNowBy, selectOnly, signIn } from "./steps";

const baseUrl = inject("baseUrl");
const SHOTS = "screenshots";
const PHONE = { width: 390, height: 844 };
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

describe("the client's own records in Chromium", () => {
  it("pays by debit card, finds it in Your payments, downloads the receipt, has it emailed again, downloads the statement", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "413955", "15,308.81");
    await selectOnly(page, ["413955"]);
    await payNowBy(page, "card");
    await page.getByLabel("Amount to pay on Invoice 413955").fill("100.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$100.00");
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillCard(page, "4000 0566 5566 5556");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    expect(await page.locator("#quote-fee").textContent()).toBe("$0.00");
    await page.getByRole("button", { name: "Confirm payment of $100.00" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count(), { timeout: 30_000 }).toBe(1);
    const paymentUrl = page.url();
    const paymentId = paymentUrl.split("/").pop()!;

    // From the summary to "Your payments": the new payment on top, in words.
    await page.goto(`${baseUrl}/portal`);
    await page.getByRole("link", { name: "Your payments" }).click();
    await page.waitForURL(`${baseUrl}/portal/payments`);
    const row = page.locator(`tr[data-payment="${paymentId}"]`);
    expect(await page.locator("tbody tr").first().getAttribute("data-payment")).toBe(paymentId);
    expect(await row.textContent()).toContain("$100.00");
    expect(await row.textContent()).toContain("•••• 5556");
    expect(await row.locator(".tag").textContent()).toBe("Paid");
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, `${SHOTS}/16-payments-en.png`);

    // The receipt PDF straight from the list.
    const receipt = await download(page, () => row.getByRole("link", { name: /^PDF for the payment of \$100\.00/ }).click());
    expect(receipt.name).toMatch(/^Receipt-pi_.+\.pdf$/);
    expect(receipt.bytes.subarray(0, 5).toString()).toBe("%PDF-");

    // The receipt page: the address masked, and a copy by email.
    await row.getByRole("link", { name: /^Receipt for the payment of \$100\.00/ }).click();
    await page.waitForURL(paymentUrl);
    expect(await page.locator(".receipt-copy").textContent()).toContain("a•••@b•••.example");
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, `${SHOTS}/17-receipt-copy-en.png`);
    // Printed, the receipt is the receipt and who it is from: no steps, links, buttons or the copy-by-email form.
    await page.emulateMedia({ media: "print" });
    await snap(page, `${SHOTS}/17-receipt-print-en.png`);
    expect(await page.getByRole("heading", { name: "Payment received" }).isVisible()).toBe(true);
    expect(await page.locator(".site-header .firm").isVisible()).toBe(true);
    for (const part of [".progress", ".receipt-copy", ".actions", ".site-nav"]) expect(await page.locator(part).first().isVisible(), part).toBe(false);
    await page.emulateMedia({ media: "screen" });
    await page.getByRole("button", { name: "Email me this receipt" }).click();
    await page.waitForURL(`${paymentUrl}?copy=sent`);
    expect(await page.locator("#receipt-copy-notice").textContent()).toContain("on its way to a•••@b•••.example");
    // Keyboard and screen-reader users land on the outcome.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("receipt-copy-notice");
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, `${SHOTS}/17-receipt-copy-sent-en.png`);

    // The copy reaches the development mailbox, to the address the payment was made with.
    const mailbox = await openPage(browser);
    await mailbox.page.goto(`${baseUrl}/dev/mailbox`);
    const copy = mailbox.page.locator('article.mail[data-kind="receipt_copy"]', { hasText: "Copy of your receipt: $100.00" });
    await expect
      .poll(
        async () => {
          await mailbox.page.reload();
          return copy.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          await mailbox.page.reload();
          return copy.first().getAttribute("data-status");
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe("sent");
    expect(await copy.first().textContent()).toContain("ap@brickellbay.example");
    expect(await copy.first().locator("pre.mail-text").textContent()).toContain("Invoice 413955: $100.00");
    expect(mailbox.problems).toEqual([]);

    // The statement: the summary's total, printable, and as a PDF.
    await page.goto(`${baseUrl}/portal`);
    const total = (await page.locator("#total-outstanding").textContent())!;
    await page.getByRole("link", { name: "Statement of account" }).click();
    await page.waitForURL(`${baseUrl}/portal/statement`);
    expect(await page.locator("#statement").textContent()).toContain(`Total outstanding: ${total}`);
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, `${SHOTS}/18-statement-en.png`);
    const statement = await download(page, () => page.getByRole("link", { name: "Download statement (PDF)" }).click());
    expect(statement.name).toMatch(/^Statement-20481736-\d{4}-\d\d-\d\d\.pdf$/);
    expect(statement.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(problems).toEqual([]);
  }, 180_000);

  it.each([
    ["en", "desktop"],
    ["es", "desktop"],
    ["en", "phone"],
    ["es", "phone"],
  ] as const)(
    "%s on a %s: payments, a receipt and the statement, axe clean",
    async (language, device) => {
      const found: string[] = [];
      const { page, problems, context } = await openPage(browser, { viewport: device === "phone" ? PHONE : undefined });
      await signIn(page, "413955", "15,308.81");
      await page.goto(`${baseUrl}/portal/payments?lang=${language}`);
      for (const violation of await axeViolations(page)) found.push(`payments: ${violation}`);
      await snap(page, `${SHOTS}/16-payments-${language}-${device}.png`);
      const first = page.locator("tbody tr").first();
      await page.goto(`${baseUrl}/portal/payments/${await first.getAttribute("data-payment")}`);
      for (const violation of await axeViolations(page)) found.push(`receipt: ${violation}`);
      await snap(page, `${SHOTS}/17-receipt-${language}-${device}.png`);
      await page.goto(`${baseUrl}/portal/statement`);
      for (const violation of await axeViolations(page)) found.push(`statement: ${violation}`);
      await snap(page, `${SHOTS}/18-statement-${language}-${device}.png`);
      if (language === "es") {
        expect(await page.locator("h1").textContent()).toBe("Estado de cuenta");
        expect(await page.locator("#statement").textContent()).toContain("Más de 90 días de atraso");
      }
      expect(found).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
    180_000,
  );

  it("works without JavaScript: the list, a receipt copy and the statement", async () => {
    const { page, problems } = await openPage(browser, { javaScriptEnabled: false, locale: "es-US" });
    await page.goto(baseUrl);
    await page.getByLabel("Número de factura").fill("413955");
    await page.getByLabel("Monto total de la factura").fill("15,308.81");
    await page.getByRole("button", { name: "Continuar" }).click();
    await page.waitForURL(`${baseUrl}/portal`);
    await page.getByRole("link", { name: "Sus pagos" }).click();
    await page.waitForURL(`${baseUrl}/portal/payments`);
    await page
      .locator("tbody tr")
      .first()
      .getByRole("link", { name: /^Recibo del pago de/ })
      .click();
    await page.getByRole("button", { name: "Enviarme este recibo por correo" }).click();
    await page.waitForURL(/\?copy=(sent|limited)$/);
    expect(await page.locator("#receipt-copy-notice").count()).toBe(1);
    await page.goto(`${baseUrl}/portal/statement`);
    expect(await page.locator("h1").textContent()).toBe("Estado de cuenta");
    expect(problems).toEqual([]);
  }, 180_000);
});
