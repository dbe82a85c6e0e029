// The Stripe.js stand-in in a real browser (Debian's Chromium via playwright-core), on a page
// with a strict CSP like the portal's: it must render accessible fields without inline styles,
// tokenize through the emulator, and run the 3D Secure modal. Skipped when Chromium is absent.
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { chromium, type Browser, type Page } from "playwright-core";
import { startEmulatorServer, type EmulatorServer } from "../../stripe-emulator/server.ts";
import { PK, SK } from "./stripe-emulator.fixtures.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EXPIRY = `12/${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`;

interface PortalWindow {
  cspViolations: string[];
  ready: boolean;
  changes: { complete: boolean; value: { type: string } }[];
  submitAndTokenize(): Promise<{ error?: { type: string; code?: string; message: string }; confirmationToken?: { id: string } }>;
  startNextAction(clientSecret: string): void;
  nextActionResult: { error?: { type: string; code?: string }; paymentIntent?: { id: string; status: string } } | null;
  tryPaymentMethodTypes(): string;
}

function portalScript(): string {
  return `
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) { window.cspViolations.push(e.violatedDirective + " " + e.blockedURI); });
var stripe = Stripe(${JSON.stringify(PK)});
var elements = stripe.elements({ mode: "payment", amount: 12345, currency: "usd", paymentMethodCreation: "manual", allowedPaymentMethodTypes: ["card", "us_bank_account"] });
window.ready = false;
window.changes = [];
var element = elements.create("payment");
element.on("ready", function () { window.ready = true; });
element.on("change", function (e) { window.changes.push(e); });
element.mount("#payment-element");
window.submitAndTokenize = async function () {
  var submitted = await elements.submit();
  if (submitted.error) return { error: submitted.error };
  return stripe.createConfirmationToken({ elements: elements, params: { return_url: location.origin + "/done" } });
};
window.nextActionResult = null;
window.startNextAction = function (clientSecret) {
  stripe.handleNextAction({ clientSecret: clientSecret }).then(function (result) { window.nextActionResult = result; });
};
window.tryPaymentMethodTypes = function () {
  try { stripe.elements({ mode: "payment", amount: 100, currency: "usd", paymentMethodTypes: ["card"] }); return "no error"; }
  catch (error) { return error.name + ": " + error.message; }
};
`;
}

let browser: Browser;
let emulator: EmulatorServer;
let portal: http.Server;
let portalUrl: string;
let stripe: Stripe;
let page: Page;
let pageErrors: string[];

async function openPortal(): Promise<Page> {
  page = await browser.newPage();
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(portalUrl);
  await page.waitForFunction(() => (window as unknown as PortalWindow).ready === true);
  return page;
}

async function fillCard(number: string): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM/YY)").fill(EXPIRY);
  await page.getByLabel("CVC").fill("123");
}

async function tokenize(): Promise<string> {
  const result = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize());
  expect(result.error).toBeUndefined();
  return result.confirmationToken?.id ?? "";
}

describe("Stripe.js stand-in in a browser", () => {
  beforeAll(async () => {
    emulator = await startEmulatorServer({ port: 0 });
    stripe = new Stripe(SK, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 0 });
    // The portal's own origin, with a strict CSP that allows the emulator for scripts and fetches only.
    const csp = [
      "default-src 'self'",
      `script-src 'self' ${emulator.url}`,
      `connect-src 'self' ${emulator.url}`,
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "require-trusted-types-for 'script'",
    ].join("; ");
    portal = http.createServer((req, res) => {
      if (req.url === "/app.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(portalScript());
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp }).end(`<!doctype html>
  <html lang="en"><head><meta charset="utf-8"><title>Pay an invoice</title>
  <script src="${emulator.url}/v3/"></script>
  <script src="/app.js" defer></script>
  </head><body><main><h1>Pay</h1><form id="pay"><div id="payment-element"></div><button type="button" id="other">Other</button></form></main></body></html>`);
    });
    await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
    const address = portal.address();
    portalUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (portal ? portal.close(() => resolve()) : resolve()));
    await emulator?.close();
  });

  afterEach(async () => {
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as PortalWindow).cspViolations)).toEqual([]);
    await page.close();
  });

  it("renders labelled, described, numeric fields with no inline styles under a strict CSP", async () => {
    await openPortal();
    await expect(page.getByText("Test mode: Stripe emulator").first().isVisible()).resolves.toBe(true);
    expect(await page.getByRole("radio", { name: "Card" }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "US bank account (ACH)" }).count()).toBe(1);

    const fields = await page.$$eval("#payment-element input.sx-input", (inputs) =>
      inputs.map((input) => ({
        id: input.id,
        label: document.querySelector(`label[for="${input.id}"]`)?.textContent ?? null,
        describedBy: document.getElementById(input.getAttribute("aria-describedby") ?? "") !== null,
        inputmode: input.getAttribute("inputmode"),
        autocomplete: input.getAttribute("autocomplete"),
      })),
    );
    expect(fields.map((field) => field.label)).toEqual([
      "Card number",
      "Expiration (MM/YY)",
      "CVC",
      "Account holder name",
      "Routing number",
      "Account number",
    ]);
    for (const field of fields) {
      expect(field.id).toMatch(/^sx-/);
      expect(field.describedBy).toBe(true);
      expect(field.autocomplete).toBeTruthy();
      expect(field.inputmode).toBe(field.label === "Account holder name" ? null : "numeric");
    }
    expect(await page.locator("#payment-element [style]").count()).toBe(0);
    expect(await page.locator("style").count()).toBe(0);
    expect(await page.getByLabel("Routing number").isVisible()).toBe(false);
  });

  it("shows validation errors under the fields and focuses the first one", async () => {
    await openPortal();
    await page.getByLabel("Card number").fill("4242424242424241");
    const result = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize());
    expect(result.error).toMatchObject({ type: "validation_error", code: "invalid_number", message: "Your card number is invalid." });
    const number = page.getByLabel("Card number");
    expect(await number.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(`#${await number.getAttribute("aria-describedby")}`).textContent()).toBe("Your card number is invalid.");
    expect(await number.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByLabel("CVC").getAttribute("aria-invalid")).toBe("true");
  });

  it("refuses the paymentMethodTypes option, as Stripe.js endive does", async () => {
    await openPortal();
    expect(await page.evaluate(() => (window as unknown as PortalWindow).tryPaymentMethodTypes())).toMatch(/^IntegrationError: .*allowedPaymentMethodTypes/);
  });

  it("creates a card confirmation token the Worker can read (debit funding)", async () => {
    await openPortal();
    await fillCard("4000 0566 5566 5556");
    const changes = await page.evaluate(() => (window as unknown as PortalWindow).changes);
    expect(changes.at(-1)).toMatchObject({ complete: true, value: { type: "card" } });
    const token = await stripe.confirmationTokens.retrieve(await tokenize());
    expect(token.payment_method_preview?.card).toMatchObject({ funding: "debit", last4: "5556" });
    expect(token.return_url).toBe(`${portalUrl}done`);
  });

  it("switches to the bank account fields and tokenizes a US bank account", async () => {
    await openPortal();
    await page.getByRole("radio", { name: "US bank account (ACH)" }).check();
    expect(await page.getByLabel("Card number").isVisible()).toBe(false);
    await page.getByLabel("Account holder name").fill("Ada Client");
    await page.getByLabel("Routing number").fill("110000000");
    await page.getByLabel("Account number").fill("000123456789");
    const token = await stripe.confirmationTokens.retrieve(await tokenize());
    expect(token.payment_method_preview?.type).toBe("us_bank_account");
    expect(token.payment_method_preview?.billing_details.name).toBe("Ada Client");
  });

  it("runs 3D Secure in an accessible modal: complete authentication succeeds", async () => {
    await openPortal();
    await fillCard("4000002760003184");
    const intent = await stripe.paymentIntents.create({
      amount: 12_345,
      currency: "usd",
      confirm: true,
      confirmation_token: await tokenize(),
      allowed_payment_method_types: ["card", "us_bank_account"],
    });
    expect(intent.status).toBe("requires_action");

    await page.evaluate((secret) => (window as unknown as PortalWindow).startNextAction(secret), String(intent.client_secret));
    const dialog = page.getByRole("dialog", { name: "Confirm this payment with your bank" });
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);
    expect(await dialog.textContent()).toContain("$123.45");
    await dialog.getByRole("button", { name: "Complete authentication" }).click();

    await page.waitForFunction(() => (window as unknown as PortalWindow).nextActionResult !== null);
    const result = await page.evaluate(() => (window as unknown as PortalWindow).nextActionResult);
    expect(result?.paymentIntent).toMatchObject({ id: intent.id, status: "succeeded" });
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
  });

  it("fail authentication resolves with payment_intent_authentication_failure", async () => {
    await openPortal();
    await fillCard("4000002760003184");
    const intent = await stripe.paymentIntents.create({
      amount: 12_345,
      currency: "usd",
      confirm: true,
      confirmation_token: await tokenize(),
      allowed_payment_method_types: ["card"],
    });
    await page.evaluate((secret) => (window as unknown as PortalWindow).startNextAction(secret), String(intent.client_secret));
    await page.getByRole("button", { name: "Fail authentication" }).click();
    await page.waitForFunction(() => (window as unknown as PortalWindow).nextActionResult !== null);
    const result = await page.evaluate(() => (window as unknown as PortalWindow).nextActionResult);
    expect(result?.error).toMatchObject({ type: "card_error", code: "payment_intent_authentication_failure" });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");
  });
});
