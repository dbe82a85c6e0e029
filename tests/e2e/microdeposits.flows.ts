// ACH with bank details typed by hand, in Chromium: the Stripe.js stand-in's manual entry, the
// microdeposit page in English and Spanish, Stripe's hosted verification page (the emulator's),
// then the payment processes and is paid. Uses invoice 412305 after the declined-card flow.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";
import { fillBank, payNowBy, selectOnly, signIn } from "./steps";

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

describe("ACH entered by hand, in Chromium", () => {
  it("waits for microdeposits with the next steps in both languages, verifies on the hosted page, then is paid", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, "412305", "9,475.00");
    await selectOnly(page, ["412305"]);
    await payNowBy(page, "ACH");
    await page.getByLabel("Amount to pay on Invoice 412305").fill("300.00");
    await expect.poll(() => page.locator("#amounts-subtotal").textContent(), { timeout: 15_000 }).toBe("$300.00");
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(`${baseUrl}/portal/details`);
    await page.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillBank(page, "000123456789");
    await page.getByLabel("Enter bank details manually instead (verify with microdeposits)").check();
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.waitForURL(`${baseUrl}/portal/review`);
    await page.getByRole("button", { name: "Confirm payment of $300.00" }).click();
    await page.waitForURL(/\/portal\/payments\//);

    await expect.poll(() => page.getByRole("heading", { name: "Verify your bank account to finish this payment" }).count(), { timeout: 15_000 }).toBe(1);
    const english = (await page.locator("#microdeposits").textContent())!;
    expect(english).toMatch(/By \d{2}\/\d{2}\/\d{4}, a deposit of \$0\.01 will appear in your account with a 6-character code starting with SM/);
    expect(english).toContain("We also emailed you this link");
    expect(await page.content()).not.toContain("card issuer");
    await snap(page, `${SHOTS}/10-microdeposits-en.png`);

    const paymentUrl = page.url().split("?")[0]!;
    await page.goto(`${paymentUrl}?lang=es`);
    await expect.poll(() => page.getByRole("heading", { name: "Verifique su cuenta bancaria para completar este pago" }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator("#microdeposits").textContent()).toMatch(/Para el \d{2}\/\d{2}\/\d{4} aparecerá en su cuenta un depósito de \$0\.01/);
    await snap(page, `${SHOTS}/10-microdeposits-es.png`);
    await page.goto(`${paymentUrl}?lang=en`);

    // Stripe's hosted verification page (the emulator's stand-in): a wrong code is refused.
    await page.getByRole("link", { name: "Verify my bank account" }).click();
    await page.waitForURL(new RegExp(`^${stripeUrl}/_emulator/microdeposit/pacs_test_`));
    await page.getByLabel("Descriptor code").fill("SM00XX");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.locator("#verification-error").textContent(), { timeout: 15_000 }).toContain("does not match");
    await page.getByLabel("Descriptor code").fill("SM11AA");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Bank account verified" }).count(), { timeout: 15_000 }).toBe(1);

    // Back in the portal: the debit is on its way, then the bank settles it.
    // The payment_intent.processing webhook usually got there first; else "check" asks Stripe.
    await page.goto(paymentUrl);
    const check = page.getByRole("button", { name: "I verified it: check the payment" });
    if (await check.count()) await check.click();
    await expect.poll(() => page.getByRole("heading", { name: "Payment pending" }).count(), { timeout: 15_000 }).toBe(1);
    const intent = (await page.locator("#receipt-reference").textContent())!.trim();
    const settled = await fetch(`${stripeUrl}/_emulator/payment_intents/${intent}/settle`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_emulator_local" },
    });
    expect(settled.ok).toBe(true);
    await expect.poll(() => page.getByRole("heading", { name: "Payment received" }).count(), { timeout: 20_000 }).toBe(1);
    // The wrong code's answer is a deliberate 400 from the hosted page; nothing else went wrong.
    expect(problems.filter((p) => !p.includes("/_emulator/microdeposit/") && !p.includes("status of 400"))).toEqual([]);
  }, 180_000);
});
