// The staff page once clients have paid (runs after the payment flows): an ACH payment waiting
// for the bank, the recent payments with their fees and statuses, and the export download.
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";
import { fillBank, payNowBy, selectOnly, signIn } from "./steps";

const baseUrl = inject("baseUrl");
const SHOTS = "screenshots";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the staff page after payments", () => {
  it("shows an ACH payment waiting for the bank and the recent payments, and downloads the export", async () => {
    // A client pays part of an invoice by ACH; the bank has not settled it yet.
    const client = await openPage(browser);
    const { page: pay } = client;
    await signIn(pay, "413402", "21,600.00");
    await selectOnly(pay, ["413402"]);
    await payNowBy(pay, "ACH");
    await pay.getByLabel("Amount to pay on Invoice 413402").fill("1,000.00");
    await pay.getByRole("button", { name: "Next" }).click();
    await pay.waitForURL(`${baseUrl}/portal/details`);
    await pay.getByLabel("Email for the receipt").fill("ap@brickellbay.example");
    await fillBank(pay, "000123456789");
    await pay.getByRole("button", { name: "Continue to review" }).click();
    await pay.waitForURL(`${baseUrl}/portal/review`);
    await pay.getByRole("button", { name: "Confirm payment of $1,000.00" }).click();
    await expect.poll(() => pay.getByRole("heading", { name: "Payment pending" }).count()).toBe(1);
    await client.context.close();

    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/staff`);
    const pending = page.locator("section", { has: page.getByRole("heading", { name: "ACH payments waiting for the bank" }) });
    expect(await pending.locator("tbody tr").count()).toBe(1);
    expect(await pending.locator("tbody tr").textContent()).toContain("$1,000.00");
    const recent = page.locator("section", { has: page.getByRole("heading", { name: "Recent payments" }) });
    const recentText = (await recent.textContent())!;
    // From the payment flows: the credit card's fee, and a declined card.
    expect(recentText).toContain("$120.00");
    expect(recentText).toContain("Failed");
    await snap(page, `${SHOTS}/24-staff-after-payments-en.png`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^payments-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFdate,settled_date,payment_id,client_number,client_name,invoice_number,item,amount_applied,amount_refunded,fee,fee_refunded,method,card_funding,status,stripe_reference",
    );
    expect(csv).toContain(",413402,invoice,1000.00,0.00,0.00,0.00,ach,,processing,pi_");
    expect(problems).toEqual([]);
  });
});

describe("staff lists page with Older", () => {
  it("pages the pay links two at a time, keeping the filter, each page newer than the next", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/staff?status=active&limit=2#links`);
    const links = page.locator("#links");
    const codesOn = async () => links.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.id));
    const first = await codesOn();
    expect(first).toHaveLength(2);
    await links.getByRole("link", { name: "Older" }).click();
    await page.waitForURL(/cursor=/);
    expect(new URL(page.url()).searchParams.get("status")).toBe("active");
    const second = await codesOn();
    expect(second).toHaveLength(2);
    expect(second.some((id) => first.includes(id))).toBe(false);
    await snap(page, `${SHOTS}/24b-staff-pay-links-older-en.png`);
    expect(problems).toEqual([]);
  });
});
