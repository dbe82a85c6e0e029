// Steps 5-8 in Chromium: the portal, the Stripe.js stand-in and the emulator, as a client pays.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";
import { fillBank, fillCard, payNowBy, selectOnly, signIn } from "./steps";

const baseUrl = inject("baseUrl");
const stripeUrl = inject("stripeUrl");
const SHOTS = "screenshots";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("paying in Chromium", () => {
  it("credit card: the fee appears at review and on the receipt", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "413955", "15,308.81");
    await selectOnly(page, ["413018"]);
    expect(await page.locator("#card-fee").textContent()).toBe("$133.50");
    expect(await page.locator("#card-total").textContent()).toBe("$4,583.50");
    await snap(page, `${SHOTS}/05-method-en.png`);
    await payNowBy(page, "card");
    const amount = page.getByLabel("Amount to pay on Invoice 413018");
    await amount.fill("4,000.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$4,000.00");
    await expect.poll(() => page.locator("#amounts-card-note").textContent()).toContain("$120.00 fee");
    await snap(page, `${SHOTS}/06-amounts-en.png`);
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillCard(page, "4242 4242 4242 4242");
    await snap(page, `${SHOTS}/07-details-en.png`);
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    expect(await page.locator("#quote-fee").textContent()).toBe("$120.00");
    expect(await page.locator("#quote-total").textContent()).toBe("$4,120.00");
    await snap(page, `${SHOTS}/08-review-en.png`);
    await page.getByRole("button", { name: "Confirm payment of $4,120.00" }).click();
    await page.waitForURL(/\/portal\/payments\//);
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count()).toBe(1);
    expect(await page.locator("#receipt-fee").textContent()).toBe("$120.00");
    await snap(page, `${SHOTS}/09-paid-en.png`);
    expect(problems).toEqual([]);
  });

  it("debit card: no fee at review", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "414120", "3,150.00");
    await selectOnly(page, ["414120"]);
    await payNowBy(page, "card");
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("office@coconutgrovedental.example");
    await fillCard(page, "4000 0566 5566 5556");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    expect(await page.locator("#quote-fee").textContent()).toBe("$0.00");
    expect(await page.locator("#quote-total").textContent()).toBe("$3,150.00");
    expect(await page.locator("#review-method").textContent()).toContain("Debit card");
    await page.getByRole("button", { name: "Confirm payment of $3,150.00" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("ACH: pending, then settled by the bank, and the page updates by itself", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "412690", "18,250.00");
    await selectOnly(page, ["412690"]);
    await payNowBy(page, "ACH");
    await page.getByLabel("Amount to pay on Invoice 412690").fill("250.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$250.00");
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillBank(page, "000123456789");
    await snap(page, `${SHOTS}/07-details-ach-en.png`);
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    expect(await page.locator("#quote-total").textContent()).toBe("$250.00");
    await page.getByRole("button", { name: "Confirm payment of $250.00" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment pending" }).count()).toBe(1);
    await snap(page, `${SHOTS}/09-pending-en.png`);
    const intent = (await page.locator("#receipt-reference").textContent())!.trim();
    const settled = await fetch(`${stripeUrl}/_emulator/payment_intents/${intent}/settle`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_emulator_local" },
    });
    expect(settled.ok).toBe(true);
    // The webhook reaches the portal; the pending panel polls every 4 s and turns into the receipt.
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count(), { timeout: 20_000 }).toBe(1);
    expect(problems).toEqual([]);
  });

  it("prepaid card: no fee at review", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "411872", "14,200.00");
    await selectOnly(page, ["411872"]);
    await payNowBy(page, "card");
    await page.getByLabel("Amount to pay on Invoice 411872").fill("100.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$100.00");
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillCard(page, "5105 1051 0510 5100");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    expect(await page.locator("#review-method").textContent()).toContain("Prepaid card");
    expect(await page.locator("#quote-fee").textContent()).toBe("$0.00");
    await page.getByRole("button", { name: "Confirm payment of $100.00" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("ACH that the bank refuses: pending, then not completed with the reason", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "412690", "18,250.00");
    await selectOnly(page, ["412690"]);
    await payNowBy(page, "ACH");
    await page.getByLabel("Amount to pay on Invoice 412690").fill("50.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$50.00");
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillBank(page, "000111111116");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    await page.getByRole("button", { name: "Confirm payment of $50.00" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment pending" }).count()).toBe(1);
    const intent = (await page.locator("#receipt-reference").textContent())!.trim();
    const settled = await fetch(`${stripeUrl}/_emulator/payment_intents/${intent}/settle`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_emulator_local" },
    });
    expect(settled.ok).toBe(true);
    await expect.poll(() => page.getByRole("heading", { name: "Payment not completed" }).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator("#failure-reason").textContent()).toContain("the bank account could not be found");
    await snap(page, `${SHOTS}/09-ach-failed-en.png`);
    expect(problems).toEqual([]);
  });

  it("declined card: the reason, then another method", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "412305", "9,475.00");
    await selectOnly(page, ["412305"]);
    await payNowBy(page, "card");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillCard(page, "4000 0000 0000 9995");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    await page.getByRole("button", { name: /Confirm payment/ }).click();
    await expect.poll(() => page.locator("#failure-reason").textContent()).toContain("insufficient funds");
    await snap(page, `${SHOTS}/09-declined-en.png`);
    await page.getByRole("link", { name: "Try another payment method" }).click();
    await page.waitForURL(`${baseUrl}/portal/pay`);
    expect(problems).toEqual([]);
  });

  it("3D Secure: the bank's check in the page, then the receipt", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "413402", "21,600.00");
    await selectOnly(page, ["413402"]);
    await payNowBy(page, "card");
    await page.getByLabel("Amount to pay on Invoice 413402").fill("100.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent()).toBe("$100.00");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillCard(page, "4000 0027 6000 3184");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    await page.getByRole("button", { name: "Confirm payment of $103.00" }).click();
    await page.getByRole("button", { name: "Complete authentication" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator("#receipt-total").textContent()).toBe("$103.00");
    expect(problems).toEqual([]);
  });
});
