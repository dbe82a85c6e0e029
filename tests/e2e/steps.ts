// The client's steps as the browser flows walk them, in English, against the suite's server.
import type { Page } from "playwright-core";
import { inject } from "vitest";

const baseUrl = inject("baseUrl");

export async function signIn(page: Page, invoice: string, total: string) {
  await page.goto(baseUrl);
  await page.getByLabel("Invoice number").fill(invoice);
  await page.getByLabel("Invoice total").fill(total);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`${baseUrl}/portal`);
}

/** Ticks exactly these invoices on the list, then "OK" to the method step. */
export async function selectOnly(page: Page, invoices: string[]) {
  await page.goto(`${baseUrl}/portal/items`);
  for (const box of await page.getByRole("checkbox").all()) {
    const label = (await box.getAttribute("aria-label")) ?? "";
    if (invoices.some((n) => label.endsWith(`Invoice ${n}`))) await box.check();
    else await box.uncheck();
  }
  await page.getByRole("button", { name: "OK" }).click();
  await page.waitForURL(`${baseUrl}/portal/pay`);
}

/**
 * "Pay now" with one method, then waits for the amounts step to load. Typing an amount before
 * htmx has started (it loads deferred) sends no live preview, so a test that types at once
 * would wait for a total that never comes.
 */
export async function payNowBy(page: Page, method: "card" | "ACH") {
  await page.getByRole("button", { name: method === "card" ? "Pay now by credit/debit card" : "Pay now by ACH" }).click();
  await page.waitForURL(`${baseUrl}/portal/amounts`);
}

/** Card fields of the Stripe.js stand-in. */
export async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM/YY)").fill("12/34");
  await page.getByLabel("CVC").fill("123");
}

/** Bank fields of the Stripe.js stand-in, on the emulator's test routing number. */
export async function fillBank(page: Page, account: string) {
  await page.getByLabel("Account holder name").fill("Brickell Bay Holdings LLC");
  await page.getByLabel("Routing number").fill("110000000");
  await page.getByLabel("Account number").fill(account);
}
