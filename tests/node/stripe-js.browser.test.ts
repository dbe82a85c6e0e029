// The Stripe.js stand-in in a real browser (Debian's Chromium via playwright-core), on a page
// with a strict CSP like the portal's: it must render accessible fields without inline styles,
// tokenize through the emulator, run the 3D Secure modal, speak the page's language, and refuse
// every option Stripe.js refuses for the calls the portal makes.
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { chromium, type Browser, type Page } from "playwright-core";
import { startEmulatorServer, type EmulatorServer } from "../../stripe-emulator/server.ts";
import { STAND_IN_OPTIONS } from "../../stripe-emulator/stripe-js-options.ts";
import { PK, SK } from "./stripe-emulator.fixtures.ts";
import { chromiumPath } from "../e2e/chromium.ts";

const EXPIRY = `12/${String((new Date().getFullYear() + 3) % 100).padStart(2, "0")}`;

interface PortalWindow {
  cspViolations: string[];
  ready: boolean;
  changes: { complete: boolean; value: { type: string } }[];
  submitAndTokenize(billingDetails?: Record<string, string>): Promise<TokenResult>;
  startNextAction(clientSecret: string): void;
  nextActionResult: { error?: { type: string; code?: string; message?: string }; paymentIntent?: { id: string; status: string } } | null;
  attempt(call: string): Promise<string>;
}

interface TokenResult {
  error?: { type: string; code?: string; message: string };
  confirmationToken?: { id: string };
  thrown?: string;
}

// The page's setup follows its query string: ?locale=es for Stripe({ locale }), ?never=email,name
// for fields.billingDetails, ?elementsLocale=es for elements({ locale }).
function portalScript(): string {
  return `
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) { window.cspViolations.push(e.violatedDirective + " " + e.blockedURI); });
var query = new URLSearchParams(location.search);
var stripe = Stripe(${JSON.stringify(PK)}, query.get("locale") ? { locale: query.get("locale") } : undefined);
var groupOptions = { mode: "payment", amount: 12345, currency: "usd", paymentMethodCreation: "manual", allowedPaymentMethodTypes: ["card", "us_bank_account"] };
if (query.get("elementsLocale")) groupOptions.locale = query.get("elementsLocale");
var elements = stripe.elements(groupOptions);
window.ready = false;
window.changes = [];
var billingFields = {};
(query.get("never") || "").split(",").filter(Boolean).forEach(function (key) { billingFields[key] = "never"; });
var element = elements.create("payment", query.get("never") ? { fields: { billingDetails: billingFields } } : undefined);
element.on("ready", function () { window.ready = true; });
element.on("change", function (e) { window.changes.push(e); });
element.mount("#payment-element");
window.submitAndTokenize = async function (billingDetails) {
  var submitted = await elements.submit();
  if (submitted.error) return { error: submitted.error };
  var params = { return_url: location.origin + "/done" };
  if (billingDetails) params.payment_method_data = { billing_details: billingDetails };
  try { return await stripe.createConfirmationToken({ elements: elements, params: params }); }
  catch (error) { return { thrown: error.name + ": " + error.message }; }
};
window.nextActionResult = null;
window.startNextAction = function (clientSecret) {
  stripe.handleNextAction({ clientSecret: clientSecret }).then(function (result) { window.nextActionResult = result; });
};
// Runs one of the calls below and reports how it failed (or "no error").
var base = { mode: "payment", amount: 100, currency: "usd", paymentMethodCreation: "manual", allowedPaymentMethodTypes: ["card"] };
function spare() { return stripe.elements(base); }
var calls = {
  "Stripe locale typo": function () { Stripe(${JSON.stringify(PK)}, { local: "es" }); },
  "Stripe nested typo": function () { Stripe(${JSON.stringify(PK)}, { developerTools: { assistent: { enabled: false } } }); },
  "elements paymentMethodTypes": function () { stripe.elements(Object.assign({}, base, { paymentMethodTypes: ["card"] })); },
  "elements clientSecret": function () { stripe.elements(Object.assign({}, base, { clientSecret: "pi_1_secret_2" })); },
  "elements unknown": function () { stripe.elements(Object.assign({}, base, { amountCents: 100 })); },
  "elements nested unknown": function () { stripe.elements(Object.assign({}, base, { adaptivePricing: { allowed: true, always: true } })); },
  "create unknown": function () { spare().create("payment", { wallet: { link: "never" } }); },
  "create fields typo": function () { spare().create("payment", { fields: { billingDetails: { emial: "never" } } }); },
  "create fields method typo": function () { spare().create("payment", { fields: { us_bank: { billingDetails: "never" } } }); },
  "create fields value": function () { spare().create("payment", { fields: { billingDetails: { email: "hidden" } } }); },
  "create wallets typo": function () { spare().create("payment", { wallets: { link: "never", paypal: "never" } }); },
  "update paymentMethodTypes": function () { return spare().update({ paymentMethodTypes: ["card"] }); },
  "update unknown": function () { return spare().update({ amount: 200, total: 200 }); },
  "token billing_details misplaced": function () { return stripe.createConfirmationToken({ elements: elements, params: { billing_details: { email: "ana@example.com" } } }); },
  "token billing typo": function () { return stripe.createConfirmationToken({ elements: elements, params: { payment_method_data: { billing_details: { mail: "ana@example.com" } } } }); },
  "token confirmParams": function () { return stripe.createConfirmationToken({ elements: elements, confirmParams: {} }); },
  "token foreign elements": function () { return stripe.createConfirmationToken({ elements: Stripe(${JSON.stringify(PK)}).elements(base) }); },
  "next action unknown": function () { return stripe.handleNextAction({ clientSecret: "pi_1_secret_2", redirect: "if_required" }); },
  "accepted": function () { var group = spare(); group.create("payment", { layout: "tabs", wallets: { link: "never", applePay: "never", googlePay: "never" }, fields: { billingDetails: { email: "never", address: { country: "never" } }, us_bank_account: { billingDetails: "auto" } }, terms: { usBankAccount: "never" } }); return group.update({ amount: 250, locale: "es" }); },
};
window.attempt = async function (name) {
  try { await calls[name](); return "no error"; }
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

async function openPortal(query = "", locale = "en-US"): Promise<Page> {
  page = await browser.newPage({ locale });
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${portalUrl}${query}`);
  await page.waitForFunction(() => (window as unknown as PortalWindow).ready === true);
  return page;
}

async function fillCard(number: string): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM/YY)").fill(EXPIRY);
  await page.getByLabel("CVC").fill("123");
}

function attempt(call: string): Promise<string> {
  return page.evaluate((name) => (window as unknown as PortalWindow).attempt(name), call);
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
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
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
      "Email",
      "Routing number",
      "Account number",
    ]);
    for (const field of fields) {
      expect(field.id).toMatch(/^sx-/);
      expect(field.describedBy).toBe(true);
      expect(field.autocomplete).toBeTruthy();
      expect(field.inputmode).toBe(field.label === "Account holder name" || field.label === "Email" ? null : "numeric");
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
    expect(await attempt("elements paymentMethodTypes")).toMatch(
      /^IntegrationError: .*paymentMethodTypes is not a recognized parameter.*allowedPaymentMethodTypes/,
    );
    expect(await attempt("update paymentMethodTypes")).toMatch(
      /^IntegrationError: Unrecognized elements\.update\(\) parameter: paymentMethodTypes .*allowedPaymentMethodTypes/,
    );
  });

  it("refuses unknown and misplaced options to every call the portal makes, naming the option", async () => {
    await openPortal();
    const refusals: Record<string, RegExp> = {
      "Stripe locale typo": /^IntegrationError: Unrecognized Stripe\(\) parameter: local is not a recognized parameter/,
      "Stripe nested typo": /^IntegrationError: Unrecognized Stripe\(\) parameter: developerTools\.assistent is not/,
      "elements clientSecret": /^IntegrationError: Invalid elements\(\) parameter: clientSecret is not allowed here/,
      "elements unknown": /^IntegrationError: Unrecognized elements\(\) parameter: amountCents is not/,
      "elements nested unknown": /^IntegrationError: Unrecognized elements\(\) parameter: adaptivePricing\.always is not/,
      "create unknown": /^IntegrationError: Unrecognized elements\.create\("payment"\)\(\) parameter: wallet is not/,
      "create fields typo": /^IntegrationError: .* fields\.billingDetails\.emial is not a recognized parameter/,
      "create fields method typo": /^IntegrationError: .* fields\.us_bank is not a recognized parameter/,
      "create fields value":
        /^IntegrationError: Invalid value for .*fields\.billingDetails\.email should be one of the following strings: auto, never\. You specified: hidden/,
      "create wallets typo": /^IntegrationError: .* wallets\.paypal is not a recognized parameter/,
      "update unknown": /^IntegrationError: Unrecognized elements\.update\(\) parameter: total is not/,
      "token billing_details misplaced":
        /^IntegrationError: Unrecognized createConfirmationToken\(\) parameter: params\.billing_details is not a recognized parameter\. Use params\.payment_method_data\.billing_details\./,
      "token billing typo": /^IntegrationError: .* params\.payment_method_data\.billing_details\.mail is not/,
      "token confirmParams": /^IntegrationError: .* confirmParams is not a recognized parameter/,
      "token foreign elements": /^IntegrationError: createConfirmationToken needs \{ elements \} created by this Stripe instance/,
      "next action unknown": /^IntegrationError: Unrecognized handleNextAction\(\) parameter: redirect is not/,
    };
    for (const [call, expected] of Object.entries(refusals)) expect(await attempt(call), call).toMatch(expected);
    // What the types allow is accepted: no false refusals.
    expect(await attempt("accepted")).toBe("no error");
  });

  it("enforces the option shapes derived from @stripe/stripe-js's types", async () => {
    await openPortal();
    const served = await page.evaluate(() => (window as unknown as { Stripe: { emulator: { options: unknown } } }).Stripe.emulator.options);
    expect(served).toEqual(JSON.parse(JSON.stringify(STAND_IN_OPTIONS)));
  });

  it('refuses a token without the billing details fields.billingDetails told "never" to collect', async () => {
    await openPortal("?never=email");
    await page.getByRole("radio", { name: "US bank account (ACH)" }).check();
    expect(await page.getByLabel("Email").count()).toBe(0);
    await page.getByLabel("Account holder name").fill("Ada Client");
    await page.getByLabel("Routing number").fill("110000000");
    await page.getByLabel("Account number").fill("000123456789");
    const refused = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize());
    expect(refused.thrown).toMatch(
      /^IntegrationError: You specified "never" for fields\.billingDetails\.email when creating the payment Element, but did not pass params\.payment_method_data\.billing_details\.email/,
    );
    const result = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize({ email: "ada@client.example" }));
    const token = await stripe.confirmationTokens.retrieve(result.confirmationToken?.id ?? "");
    expect(token.payment_method_preview?.billing_details).toMatchObject({ email: "ada@client.example", name: "Ada Client" });
  });

  it('with billingDetails "never" for name too, the bank panel asks neither and the token needs both', async () => {
    await openPortal("?never=name,email");
    await page.getByRole("radio", { name: "US bank account (ACH)" }).check();
    expect(await page.getByLabel("Account holder name").count()).toBe(0);
    await page.getByLabel("Routing number").fill("110000000");
    await page.getByLabel("Account number").fill("000123456789");
    const refused = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize({ email: "ada@client.example" }));
    expect(refused.thrown).toMatch(/fields\.billingDetails\.name .* params\.payment_method_data\.billing_details\.name/);
    const result = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize({ email: "ada@client.example", name: "Ada Client" }));
    expect(result.confirmationToken?.id).toMatch(/^ctoken_/);
  });

  it("speaks Spanish with locale es: labels, validation messages and the 3D Secure dialog", async () => {
    await openPortal("?locale=es");
    expect(await page.locator(".sx-payment-element").getAttribute("lang")).toBe("es");
    expect(await page.getByRole("radio", { name: "Tarjeta" }).isChecked()).toBe(true);
    const labels = await page.$$eval("#payment-element label.sx-label", (nodes) => nodes.map((node) => node.textContent));
    expect(labels).toEqual([
      "Número de tarjeta",
      "Fecha de vencimiento (MM/AA)",
      "CVC",
      "Nombre del titular de la cuenta",
      "Correo electrónico",
      "Número de ruta",
      "Número de cuenta",
    ]);
    await page.getByLabel("Número de tarjeta").fill("4242424242424241");
    const invalid = await page.evaluate(() => (window as unknown as PortalWindow).submitAndTokenize());
    expect(invalid.error).toMatchObject({ type: "validation_error", code: "invalid_number", message: "El número de tu tarjeta no es válido." });

    await page.getByLabel("Número de tarjeta").fill("4000002760003184");
    await page.getByLabel("Fecha de vencimiento (MM/AA)").fill(EXPIRY);
    await page.getByLabel("CVC").fill("123");
    const intent = await stripe.paymentIntents.create({
      amount: 12_345,
      currency: "usd",
      confirm: true,
      confirmation_token: await tokenize(),
      allowed_payment_method_types: ["card"],
    });
    await page.evaluate((secret) => (window as unknown as PortalWindow).startNextAction(secret), String(intent.client_secret));
    const dialog = page.getByRole("dialog", { name: "Confirma este pago con tu banco" });
    await dialog.waitFor();
    expect(await dialog.getAttribute("lang")).toBe("es");
    await dialog.getByRole("button", { name: "Completar autenticación" }).click();
    await page.waitForFunction(() => (window as unknown as PortalWindow).nextActionResult !== null);
  });

  it("elements({ locale }) overrides Stripe()'s, and auto follows the browser's language", async () => {
    await openPortal("?locale=es&elementsLocale=en");
    expect(await page.getByLabel("Card number").count()).toBe(1);
    await page.close();
    await openPortal("?locale=auto", "es-US");
    expect(await page.getByLabel("Número de tarjeta").count()).toBe(1);
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
    await page.getByLabel("Email").fill("ada@client.example");
    await page.getByLabel("Routing number").fill("110000000");
    await page.getByLabel("Account number").fill("000123456789");
    const token = await stripe.confirmationTokens.retrieve(await tokenize());
    expect(token.payment_method_preview?.type).toBe("us_bank_account");
    expect(token.payment_method_preview?.billing_details).toMatchObject({ name: "Ada Client", email: "ada@client.example" });
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
