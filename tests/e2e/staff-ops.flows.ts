// Staff operations in Chromium: a client pays by credit card; the staff find the payment with the
// search box, open its page, refund part of it (applied when Stripe's webhook arrives), and send
// the receipt again to another address.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";
import { fillCard, payNowBy, selectOnly, signIn } from "./steps";

const baseUrl = inject("baseUrl");
const SHOTS = "screenshots";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("staff operations", () => {
  it("search -> payment -> refund -> resend", async () => {
    const client = await openPage(browser);
    const pay = client.page;
    await signIn(pay, "413402", "21,600.00");
    await selectOnly(pay, ["413402"]);
    await payNowBy(pay, "card");
    await pay.getByLabel("Amount to pay on Invoice 413402").fill("1,000.00");
    await pay.getByRole("button", { name: "Next" }).click();
    await pay.waitForURL(`${baseUrl}/portal/details`);
    await pay.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillCard(pay, "4242 4242 4242 4242");
    await pay.getByRole("button", { name: "Continue to review" }).click();
    await pay.waitForURL(`${baseUrl}/portal/review`);
    await pay.getByRole("button", { name: "Confirm payment of $1,030.00" }).click();
    await expect.poll(() => pay.getByRole("heading", { name: "Payment received" }).count()).toBe(1);
    const reference = (await pay.locator("#receipt-reference").textContent())!.trim();
    expect(reference).toMatch(/^pi_/);
    await client.context.close();

    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/staff/search`);
    await page.getByRole("searchbox").fill(reference);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/\/staff\/search\?q=/);
    const results = page.locator("#search-results");
    expect(await results.textContent()).toContain("$1,030.00");
    await snap(page, `${SHOTS}/40-staff-search-en.png`);
    await results.getByRole("link", { name: /\$1,030\.00/ }).click();
    await page.waitForURL(/\/staff\/payments\//);
    expect(await page.locator("#timeline").textContent()).toContain("payment_intent.succeeded");

    await page.getByLabel("Amount").fill("103.00");
    await page.getByRole("button", { name: "Refund", exact: true }).click();
    await expect.poll(() => page.getByText("Refund requested from Stripe").count()).toBe(1);
    // Applied when the webhook arrives: reload until the ledger shows it.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator("#refunded-so-far").textContent();
        },
        { timeout: 20_000 },
      )
      .toBe("$103.00");
    expect(await page.locator("#timeline").textContent()).toContain(
      "refund_payment ar-staff@alvarezwhitman.example refunded $103.00, $3.00 of it the card fee: Requested by the client.",
    );

    await page.getByLabel("To (empty: the address on file)").fill("books@brickellbay.example");
    await page.getByRole("button", { name: "Send receipt" }).click();
    await expect.poll(() => page.getByText("The receipt is on its way.").count()).toBe(1);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator("#timeline").textContent();
        },
        { timeout: 20_000 },
      )
      .toContain("ar-staff@alvarezwhitman.example sent the receipt again to books@brickellbay.example.");
    await snap(page, `${SHOTS}/41-staff-payment-en.png`);
    expect(problems).toEqual([]);
  });
});
