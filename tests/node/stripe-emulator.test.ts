// The emulator must behave like Stripe for every call the portal makes, as seen through the
// official SDK (server side) and through plain fetch (what Stripe.js sends from the browser).
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { decodeForm } from "../../stripe-emulator/wire.ts";
import { bankParams, bankToken, browserPost, cardParams, cardToken, createIntent, ORIGIN, PK, rejectionOf, setup, SK } from "./stripe-emulator.fixtures.ts";

describe("wire format", () => {
  it("decodes bracket keys into nested objects and arrays", () => {
    const decoded = decodeForm(
      "amount=100&metadata[portal_payment_id]=pay_1&allowed_payment_method_types[0]=card&allowed_payment_method_types[1]=us_bank_account" +
        "&expand[]=latest_charge&expand[]=payment_method&payment_method_data[card][number]=4242&a%5Bb%5D=encoded",
    );
    expect(decoded).toEqual({
      amount: "100",
      metadata: { portal_payment_id: "pay_1" },
      allowed_payment_method_types: ["card", "us_bank_account"],
      expand: ["latest_charge", "payment_method"],
      payment_method_data: { card: { number: "4242" } },
      a: { b: "encoded" },
    });
  });

  it("refuses parameter names that would touch the object prototype", () => {
    expect(() => decodeForm("metadata[__proto__][x]=1")).toThrow(/Invalid parameter name/);
  });

  it("answers with Request-Id and the endive Stripe-Version whatever version was asked for", async () => {
    const { emulator } = setup();
    const response = await emulator.fetch(`${ORIGIN}/v1/events`, {
      headers: { Authorization: `Bearer ${SK}`, "Stripe-Version": "2020-08-27" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(response.headers.get("stripe-version")).toBe("2026-10-28.endive");
  });

  it("answers unknown routes with a Stripe-shaped 404", async () => {
    const { stripe } = setup();
    const error = await rejectionOf(stripe.customers.create({ email: "a@example.com" }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.message).toMatch(/Unrecognized request URL \(POST: \/v1\/customers\)/);
  });

  it("refuses JSON bodies, which Stripe does not accept", async () => {
    const { emulator } = setup();
    const response = await emulator.fetch(`${ORIGIN}/v1/payment_intents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}`, "Content-Type": "application/json" },
      body: JSON.stringify({ amount: 100, currency: "usd" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });
});

describe("API keys", () => {
  it("refuses a request with no key (401)", async () => {
    const { emulator } = setup();
    const response = await emulator.fetch(`${ORIGIN}/v1/payment_intents/pi_123`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);
  });

  it("refuses live secret keys: the emulator is test mode only", async () => {
    const { emulator } = setup();
    const live = new Stripe("sk_live_1234567890abcdef", {
      httpClient: Stripe.createFetchHttpClient(emulator.fetch),
      maxNetworkRetries: 0,
    });
    const error = await rejectionOf(live.events.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/test-mode only/);
    expect(error.message).not.toContain("1234567890abcdef");
  });

  it("refuses live publishable keys on the browser endpoints", async () => {
    const { emulator } = setup();
    const response = await browserPost(emulator, "/v1/confirmation_tokens", cardParams("4242424242424242", { key: "pk_live_abcdef123456" }));
    expect(response.status).toBe(401);
  });

  it("refuses malformed keys", async () => {
    const { emulator } = setup();
    const bad = new Stripe("not_a_key", { httpClient: Stripe.createFetchHttpClient(emulator.fetch), maxNetworkRetries: 0 });
    const error = await rejectionOf(bad.events.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("refuses a publishable key on server-only endpoints", async () => {
    const { emulator } = setup();
    const browserSide = new Stripe(PK, { httpClient: Stripe.createFetchHttpClient(emulator.fetch), maxNetworkRetries: 0 });
    const error = await rejectionOf(browserSide.paymentIntents.create({ amount: 5000, currency: "usd", allowed_payment_method_types: ["card"] }));
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("secret_key_required");
  });
});

describe("confirmation tokens (what Stripe.js createConfirmationToken calls)", () => {
  const fundingCases = [
    ["4242424242424242", "visa", "credit"],
    ["4000056655665556", "visa", "debit"],
    ["5555555555554444", "mastercard", "credit"],
    ["5200828282828210", "mastercard", "debit"],
    ["5105105105105100", "mastercard", "prepaid"],
  ] as const;

  it.each(fundingCases)("previews %s as %s %s, retrievable by the Worker", async (number, brand, funding) => {
    const { emulator, stripe } = setup();
    const response = await browserPost(emulator, "/v1/confirmation_tokens", cardParams(number));
    expect(response.status).toBe(200);
    const raw = await response.text();
    expect(raw).not.toContain(number);

    const token = await stripe.confirmationTokens.retrieve((JSON.parse(raw) as { id: string }).id);
    expect(token.id).toMatch(/^ctoken_/);
    expect(token.object).toBe("confirmation_token");
    expect(token.livemode).toBe(false);
    expect(token.expires_at).toBe(token.created + 12 * 60 * 60);
    expect(token.payment_method_preview?.type).toBe("card");
    expect(token.payment_method_preview?.card).toMatchObject({
      brand,
      funding,
      last4: number.slice(-4),
      exp_month: 12,
      country: "US",
      display_brand: brand,
      wallet: null,
    });
    expect(token.payment_method_preview?.billing_details).toMatchObject({ name: "Ada Client", email: "ada@example.com" });
    // Not used yet; and only fields Stripe's ConfirmationToken type has (no emulator `used` flag).
    expect(token.payment_intent).toBeNull();
    expect("used" in token).toBe(false);
  });

  it("previews a US bank account without exposing the account number", async () => {
    const { emulator, stripe } = setup();
    const id = await bankToken(emulator, "000123456789");
    const token = await stripe.confirmationTokens.retrieve(id);
    expect(token.payment_method_preview?.type).toBe("us_bank_account");
    expect(token.payment_method_preview?.us_bank_account).toMatchObject({
      bank_name: "STRIPE TEST BANK",
      last4: "6789",
      routing_number: "110000000",
      account_holder_type: "individual",
      account_type: "checking",
    });
    expect(token.payment_method_preview?.us_bank_account?.fingerprint).toBeTruthy();
    expect(token.mandate_data?.customer_acceptance.type).toBe("online");
    expect(JSON.stringify(token)).not.toContain("000123456789");
  });

  const cardErrors: [string, Record<string, string>, string][] = [
    ["a number failing the Luhn check", { "payment_method_data[card][number]": "4242424242424241" }, "incorrect_number"],
    ["an expiry year in the past", { "payment_method_data[card][exp_year]": "2020" }, "invalid_expiry_year"],
    ["an impossible month", { "payment_method_data[card][exp_month]": "13" }, "invalid_expiry_month"],
    ["a two-digit CVC", { "payment_method_data[card][cvc]": "12" }, "invalid_cvc"],
  ];

  it.each(cardErrors)("refuses %s with a 402 card_error", async (_label, overrides, code) => {
    const { emulator } = setup();
    const response = await browserPost(emulator, "/v1/confirmation_tokens", cardParams("4242424242424242", overrides));
    expect(response.status).toBe(402);
    const body = (await response.json()) as { error: { type: string; code: string } };
    expect(body.error).toMatchObject({ type: "card_error", code });
  });

  it("declines a real (non-test) card number in test mode", async () => {
    const { emulator } = setup();
    const response = await browserPost(emulator, "/v1/confirmation_tokens", cardParams("4111111111111111"));
    expect(response.status).toBe(402);
    const body = (await response.json()) as { error: { code: string; decline_code: string } };
    expect(body.error).toMatchObject({ code: "card_declined", decline_code: "test_mode_live_card" });
  });

  const bankErrors: [string, Record<string, string>, string][] = [
    ["a routing number that is not 9 digits", { "payment_method_data[us_bank_account][routing_number]": "11000000" }, "routing_number_invalid"],
    ["a routing number other than the test one", { "payment_method_data[us_bank_account][routing_number]": "021000021" }, "routing_number_invalid"],
    ["an account number with letters", { "payment_method_data[us_bank_account][account_number]": "12ab" }, "account_number_invalid"],
    ["a missing account holder name", { "payment_method_data[billing_details][name]": "" }, "parameter_missing"],
  ];

  it.each(bankErrors)("refuses %s with a 400", async (_label, overrides, code) => {
    const { emulator } = setup();
    const response = await browserPost(emulator, "/v1/confirmation_tokens", bankParams("000123456789", overrides));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; code: string } };
    expect(body.error).toMatchObject({ type: "invalid_request_error", code });
  });

  it("answers CORS preflight and sends Access-Control-Allow-Origin on browser endpoints", async () => {
    const { emulator } = setup();
    const preflight = await emulator.fetch(`${ORIGIN}/v1/confirmation_tokens`, {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:8787", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");

    const response = await browserPost(emulator, "/v1/confirmation_tokens", cardParams("4242424242424242"));
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("payment intents: cards", () => {
  const successes = ["4242424242424242", "4000056655665556", "5555555555554444", "5200828282828210", "5105105105105100", "4000000000000259"];

  it.each(successes)("%s succeeds with a charge and a payment method", async (number) => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, number));
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.status).toBe("succeeded");
    expect(intent.amount_received).toBe(12_345);
    expect(intent.latest_charge).toMatch(/^ch_/);
    expect(intent.payment_method).toMatch(/^pm_/);
    expect(intent.metadata).toEqual({ portal_payment_id: "pay_123" });
    expect(intent.allowed_payment_method_types).toEqual(["card", "us_bank_account"]);

    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ status: "succeeded", paid: true, amount: 12_345, payment_intent: intent.id });
    expect(charge.payment_method_details?.card?.last4).toBe(number.slice(-4));
  });

  it("expands latest_charge and payment_method on request", async () => {
    const { emulator, stripe } = setup();
    const created = await createIntent(stripe, await cardToken(emulator, "4000056655665556"));
    const intent = await stripe.paymentIntents.retrieve(created.id, { expand: ["latest_charge", "payment_method"] });
    const charge = intent.latest_charge as Stripe.Charge;
    const method = intent.payment_method as Stripe.PaymentMethod;
    expect(charge.object).toBe("charge");
    expect(method.card?.funding).toBe("debit");
  });

  const declines = [
    ["4000000000009995", "insufficient_funds", "Your card has insufficient funds."],
    ["4000000000000002", "generic_decline", "Your card was declined."],
  ] as const;

  it.each(declines)("%s is declined (%s) with a 402 and leaves the PaymentIntent requires_payment_method", async (number, declineCode, message) => {
    const { emulator, stripe } = setup();
    const error = await rejectionOf(createIntent(stripe, await cardToken(emulator, number)));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe("card_declined");
    expect(error.decline_code).toBe(declineCode);
    expect(error.message).toBe(message);
    const failed = error.payment_intent as Stripe.PaymentIntent;
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error).toMatchObject({ type: "card_error", code: "card_declined", decline_code: declineCode });

    const stored = await stripe.paymentIntents.retrieve(failed.id);
    expect(stored.status).toBe("requires_payment_method");
    expect(stored.payment_method).toBeNull();
    const types = emulator.events().map((event) => event.type);
    expect(types).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);
  });

  it("4000002760003184 requires 3D Secure: use_stripe_sdk next action and a client secret", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4000002760003184"));
    expect(intent.status).toBe("requires_action");
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    expect(intent.next_action?.type).toBe("use_stripe_sdk");
    expect(intent.next_action?.use_stripe_sdk).toMatchObject({ type: "three_d_secure_redirect" });
    expect(String(intent.next_action?.use_stripe_sdk?.stripe_js)).toContain(`${ORIGIN}/_emulator/3ds/${intent.id}`);
    expect(intent.latest_charge).toBeNull();
    expect(emulator.events().map((event) => event.type)).toContain("payment_intent.requires_action");
  });

  it("the 4000000000000259 card can be disputed through the test helper", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4000000000000259"));
    const response = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/dispute`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(response.status).toBe(200);
    const dispute = (await response.json()) as Stripe.Dispute;
    expect(dispute).toMatchObject({ object: "dispute", amount: 12_345, charge: intent.latest_charge, status: "needs_response" });
    // A card chargeback as Stripe runs it: created, then the funds withdrawn.
    expect(
      emulator
        .events()
        .slice(-2)
        .map((event) => event.type),
    ).toEqual(["charge.dispute.created", "charge.dispute.funds_withdrawn"]);
    expect((await stripe.charges.retrieve(String(intent.latest_charge))).disputed).toBe(true);
    const current = await stripe.disputes.retrieve(dispute.id);
    expect(current.balance_transactions.map((t) => t.amount)).toEqual([-12_345]);

    const refused = await rejectionOf(stripe.refunds.create({ payment_intent: intent.id }));
    expect(refused.code).toBe("charge_disputed");
  });

  it("lists a PaymentIntent's refunds and recent PaymentIntents through the SDK, and refuses unknown filters", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
    const second = await stripe.refunds.create({ payment_intent: intent.id, amount: 200 });
    const listed = await stripe.refunds.list({ payment_intent: intent.id, limit: 1 });
    expect(listed.data.map((r) => r.id)).toEqual([second.id]);
    expect(listed.has_more).toBe(true);
    const all: string[] = [];
    for await (const refund of stripe.refunds.list({ payment_intent: intent.id, limit: 1 })) all.push(refund.id);
    expect(all).toEqual([second.id, first.id]);
    expect((await rejectionOf(stripe.refunds.list({ payment_intent: "pi_missing" }))).code).toBe("resource_missing");

    const intents = await stripe.paymentIntents.list({ created: { gte: intent.created }, limit: 100 });
    expect(intents.data.map((i) => i.id)).toContain(intent.id);
    const unknown = await rejectionOf(stripe.paymentIntents.list({ status: "succeeded" } as Stripe.PaymentIntentListParams));
    expect(unknown.code).toBe("parameter_unknown");
  });
});

describe("3D Secure completion (browser side)", () => {
  async function threeDSIntent() {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4000002760003184"));
    return { emulator, stripe, intent, secret: String(intent.client_secret) };
  }

  it("serves a challenge page with complete and fail buttons for the right client secret only", async () => {
    const { emulator, intent, secret } = await threeDSIntent();
    const page = await emulator.fetch(`${ORIGIN}/_emulator/3ds/${intent.id}?client_secret=${encodeURIComponent(secret)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Complete authentication");
    expect(html).toContain("Fail authentication");

    const wrong = await emulator.fetch(`${ORIGIN}/_emulator/3ds/${intent.id}?client_secret=${intent.id}_secret_wrong`);
    expect(wrong.status).toBe(404);
  });

  it("approve moves the PaymentIntent to succeeded with a charge", async () => {
    const { emulator, stripe, intent, secret } = await threeDSIntent();
    const response = await browserPost(emulator, `/_emulator/3ds/${intent.id}/complete`, { key: PK, client_secret: secret, outcome: "approve" });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as Stripe.PaymentIntent;
    expect(body.status).toBe("succeeded");
    // The publishable view leaves metadata out, as Stripe does.
    expect(body.metadata).toBeUndefined();

    const stored = await stripe.paymentIntents.retrieve(intent.id, { expand: ["latest_charge"] });
    expect(stored.status).toBe("succeeded");
    expect((stored.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure?.result).toBe("authenticated");
    expect(
      emulator
        .events()
        .slice(-2)
        .map((event) => event.type),
    ).toEqual(["charge.succeeded", "payment_intent.succeeded"]);
  });

  it("fail moves it to requires_payment_method with payment_intent_authentication_failure", async () => {
    const { emulator, stripe, intent, secret } = await threeDSIntent();
    const response = await browserPost(emulator, `/_emulator/3ds/${intent.id}/complete`, { key: PK, client_secret: secret, outcome: "fail" });
    const body = (await response.json()) as Stripe.PaymentIntent;
    expect(body.status).toBe("requires_payment_method");
    expect(body.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    const stored = await stripe.paymentIntents.retrieve(intent.id);
    expect(stored.status).toBe("requires_payment_method");
    expect(emulator.events().at(-1)?.type).toBe("payment_intent.payment_failed");
  });

  it("a plain form post from the challenge page redirects to the return_url like Stripe's redirect flow", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4000002760003184"), {
      return_url: "http://127.0.0.1:8787/pay/return",
    });
    const response = await emulator.fetch(`${ORIGIN}/_emulator/3ds/${intent.id}/complete`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
      body: new URLSearchParams({ client_secret: String(intent.client_secret), outcome: "approve" }).toString(),
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe("http://127.0.0.1:8787/pay/return");
    expect(location.searchParams.get("payment_intent")).toBe(intent.id);
    expect(location.searchParams.get("redirect_status")).toBe("succeeded");
  });

  it("refuses completion without the matching client secret", async () => {
    const { emulator, intent } = await threeDSIntent();
    const response = await browserPost(emulator, `/_emulator/3ds/${intent.id}/complete`, {
      key: PK,
      client_secret: `${intent.id}_secret_guess`,
      outcome: "approve",
    });
    expect(response.status).toBe(400);
    expect(emulator.paymentIntent(intent.id).status).toBe("requires_action");
  });

  it("lets Stripe.js retrieve the PaymentIntent with pk + client_secret, without metadata", async () => {
    const { emulator, intent, secret } = await threeDSIntent();
    const url = `${ORIGIN}/v1/payment_intents/${intent.id}?key=${PK}&client_secret=${encodeURIComponent(secret)}`;
    const response = await emulator.fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as Partial<Stripe.PaymentIntent>;
    expect(body).toMatchObject({ id: intent.id, status: "requires_action", client_secret: secret });
    expect(body.metadata).toBeUndefined();

    const without = await emulator.fetch(`${ORIGIN}/v1/payment_intents/${intent.id}?key=${PK}`);
    expect(without.status).toBe(400);
    const wrong = await emulator.fetch(`${ORIGIN}/v1/payment_intents/${intent.id}?key=${PK}&client_secret=${intent.id}_secret_x`);
    expect(wrong.status).toBe(400);
  });
});

describe("API version endive and parameter checks", () => {
  it("rejects payment_method_types with a 400 that points to allowed_payment_method_types", async () => {
    const { stripe } = setup();
    const legacy = { amount: 5000, currency: "usd", payment_method_types: ["card"] } as unknown as Stripe.PaymentIntentCreateParams;
    const error = await rejectionOf(stripe.paymentIntents.create(legacy));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe("payment_method_types");
    expect(error.message).toMatch(/allowed_payment_method_types/);
  });

  it("accepts allowed_payment_method_types and creates an unconfirmed PaymentIntent", async () => {
    const { stripe } = setup();
    const intent = await stripe.paymentIntents.create({ amount: 5000, currency: "usd", allowed_payment_method_types: ["us_bank_account"] });
    expect(intent.status).toBe("requires_payment_method");
    expect(intent.allowed_payment_method_types).toEqual(["us_bank_account"]);
  });

  it("refuses a token whose method type is not allowed on the PaymentIntent", async () => {
    const { emulator, stripe } = setup();
    const token = await bankToken(emulator, "000123456789");
    const error = await rejectionOf(createIntent(stripe, token, { allowed_payment_method_types: ["card"] }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe("confirmation_token");
    expect(emulator.events()).toEqual([]);
  });

  it("uses a confirmation token once: a second PaymentIntent with it is a 400", async () => {
    const { emulator, stripe } = setup();
    const token = await cardToken(emulator, "4242424242424242");
    await createIntent(stripe, token);
    const error = await rejectionOf(createIntent(stripe, token));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("token_already_used");
    const used = await stripe.confirmationTokens.retrieve(token);
    expect(used.payment_intent).toMatch(/^pi_/);
    expect(emulator.confirmationToken(token).used).toBe(true);
  });

  it("refuses an expired confirmation token", async () => {
    let clock = Date.now();
    const { emulator, stripe } = setup({ now: () => clock });
    const token = await cardToken(emulator, "4242424242424242");
    clock += 12 * 60 * 60 * 1000 + 1000;
    const error = await rejectionOf(createIntent(stripe, token));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe("confirmation_token");
  });

  it("refuses unknown parameters, amounts below $0.50 and currencies other than usd", async () => {
    const { emulator, stripe } = setup();
    const token = await cardToken(emulator, "4242424242424242");
    const unknown = await rejectionOf(createIntent(stripe, token, { surcharge: 300 } as unknown as Partial<Stripe.PaymentIntentCreateParams>));
    expect(unknown.code).toBe("parameter_unknown");
    expect((await rejectionOf(createIntent(stripe, token, { amount: 49 }))).code).toBe("amount_too_small");
    expect((await rejectionOf(createIntent(stripe, token, { currency: "eur" }))).param).toBe("currency");
    expect(emulator.events()).toEqual([]);
  });
});

describe("idempotency", () => {
  it("replays the first response for the same key and parameters", async () => {
    const { emulator, stripe } = setup();
    const token = await cardToken(emulator, "4242424242424242");
    const first = await createIntent(stripe, token, {}, { idempotencyKey: "confirm-pay_123-1" });
    const second = await createIntent(stripe, token, {}, { idempotencyKey: "confirm-pay_123-1" });
    expect(second.id).toBe(first.id);
    expect(second.latest_charge).toBe(first.latest_charge);
    expect(emulator.events().filter((event) => event.type === "payment_intent.created")).toHaveLength(1);
  });

  it("marks the replay with Idempotent-Replayed and returns the same status and body", async () => {
    const { emulator } = setup();
    const token = await cardToken(emulator, "4242424242424242");
    const send = () =>
      emulator.fetch(`${ORIGIN}/v1/payment_intents`, {
        method: "POST",
        headers: { Authorization: `Bearer ${SK}`, "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": "raw-key" },
        body: `amount=5000&currency=usd&confirm=true&confirmation_token=${token}&allowed_payment_method_types[0]=card`,
      });
    const first = await send();
    const second = await send();
    expect(second.status).toBe(first.status);
    expect(await second.text()).toBe(await first.text());
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });

  it("replays a decline too, without a second charge attempt", async () => {
    const { emulator, stripe } = setup();
    const token = await cardToken(emulator, "4000000000009995");
    const first = await rejectionOf(createIntent(stripe, token, {}, { idempotencyKey: "decline-key" }));
    const second = await rejectionOf(createIntent(stripe, token, {}, { idempotencyKey: "decline-key" }));
    expect(second.statusCode).toBe(402);
    expect((second.payment_intent as Stripe.PaymentIntent).id).toBe((first.payment_intent as Stripe.PaymentIntent).id);
    expect(emulator.events().filter((event) => event.type === "charge.failed")).toHaveLength(1);
  });

  it("refuses the same key with different parameters (idempotency_error)", async () => {
    const { emulator, stripe } = setup();
    const token = await cardToken(emulator, "4242424242424242");
    await createIntent(stripe, token, {}, { idempotencyKey: "reused-key" });
    const error = await rejectionOf(createIntent(stripe, token, { amount: 99_999 }, { idempotencyKey: "reused-key" }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/same parameters/);
  });
});

describe("refunds", () => {
  async function paid(amount = 10_000) {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4242424242424242"), { amount });
    return { emulator, stripe, intent };
  }

  it("refunds in full by default and marks the charge refunded", async () => {
    const { emulator, stripe, intent } = await paid();
    const refund = await stripe.refunds.create({ payment_intent: intent.id, metadata: { portal_refund_id: "rf_1" } });
    expect(refund).toMatchObject({ object: "refund", status: "succeeded", amount: 10_000, payment_intent: intent.id, charge: intent.latest_charge });
    expect(refund.id).toMatch(/^re_/);
    expect(refund.metadata).toEqual({ portal_refund_id: "rf_1" });
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge.amount_refunded).toBe(10_000);
    expect(charge.refunded).toBe(true);
    expect((await stripe.refunds.retrieve(refund.id)).amount).toBe(10_000);
    expect(
      emulator
        .events()
        .slice(-2)
        .map((event) => event.type),
    ).toEqual(["refund.created", "charge.refunded"]);
  });

  it("refunds partially, refuses more than what is left, then refunds the rest", async () => {
    const { stripe, intent } = await paid();
    await stripe.refunds.create({ payment_intent: intent.id, amount: 3_000 });
    const over = await rejectionOf(stripe.refunds.create({ payment_intent: intent.id, amount: 7_001 }));
    expect(over.statusCode).toBe(400);
    expect(over.code).toBe("amount_too_large");
    expect(over.param).toBe("amount");

    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(rest.amount).toBe(7_000);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge.amount_refunded).toBe(10_000);
    expect((await rejectionOf(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }))).code).toBe("charge_already_refunded");
  });

  it("refuses to refund a PaymentIntent without a successful charge", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    const error = await rejectionOf(stripe.refunds.create({ payment_intent: intent.id }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("charge_not_refundable");
  });

  it("a refund can fail later through the helper (the 4000000000005126 story)", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4000000000005126"));
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 2_000 });
    const response = await emulator.fetch(`${ORIGIN}/_emulator/refunds/${refund.id}/fail`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(response.status).toBe(200);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe("failed");
    expect((await stripe.charges.retrieve(String(intent.latest_charge))).amount_refunded).toBe(0);
    expect(emulator.events().map((event) => event.type)).toContain("refund.failed");
  });
});

describe("ACH (us_bank_account)", () => {
  it("000123456789 is processing, then the settle helper makes it succeed", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    expect(intent.status).toBe("processing");
    expect(intent.latest_charge).toMatch(/^ch_/);
    expect((await stripe.charges.retrieve(String(intent.latest_charge))).status).toBe("pending");

    const response = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Stripe.PaymentIntent).status).toBe("succeeded");
    const settled = await stripe.paymentIntents.retrieve(intent.id);
    expect(settled.status).toBe("succeeded");
    expect(settled.amount_received).toBe(12_345);
    expect(emulator.events().map((event) => event.type)).toEqual([
      "payment_intent.created",
      "charge.pending",
      "payment_intent.processing",
      "charge.succeeded",
      "payment_intent.succeeded",
    ]);
  });

  const failures = [
    ["000111111116", "no_account"],
    ["000111111113", "account_closed"],
    ["000222222227", "insufficient_funds"],
    ["000333333335", "debit_not_authorized"],
  ] as const;

  it.each(failures)("%s is processing, then fails with %s when settled", async (account, code) => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, account));
    expect(intent.status).toBe("processing");
    const failed = emulator.settle(intent.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe(code);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ status: "failed", failure_code: code });
    expect(
      emulator
        .events()
        .slice(-2)
        .map((event) => event.type),
    ).toEqual(["charge.failed", "payment_intent.payment_failed"]);
  });

  it("000000000009 stays processing unless an outcome is forced", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000000000009"));
    const refused = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(refused.status).toBe(400);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("processing");

    const forced = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "outcome=fail",
    });
    expect(((await forced.json()) as Stripe.PaymentIntent).status).toBe("requires_payment_method");
  });

  it("the settle helper needs the secret key", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    const withPk = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${PK}` },
    });
    expect(withPk.status).toBe(401);
    const withNone = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, { method: "POST" });
    expect(withNone.status).toBe(401);
    expect(emulator.paymentIntent(intent.id).status).toBe("processing");
  });
});

describe("cancel", () => {
  it("cancels a PaymentIntent waiting for 3D Secure", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4000002760003184"));
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned", next_action: null });
    expect(canceled.canceled_at).toBeTypeOf("number");
    expect(emulator.events().at(-1)?.type).toBe("payment_intent.canceled");
  });

  it("refuses to cancel succeeded or processing PaymentIntents", async () => {
    const { emulator, stripe } = setup();
    const card = await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    const bank = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    for (const intent of [card, bank]) {
      const error = await rejectionOf(stripe.paymentIntents.cancel(intent.id));
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe("payment_intent_unexpected_state");
    }
  });

  it("answers 404 resource_missing for an unknown PaymentIntent", async () => {
    const { stripe } = setup();
    const error = await rejectionOf(stripe.paymentIntents.retrieve("pi_missing"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
  });
});

describe("events", () => {
  it("records the request id and idempotency key, and snapshots the object at that moment", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4242424242424242"), {}, { idempotencyKey: "evt-key" });
    const created = emulator.events().find((event) => event.type === "payment_intent.created");
    expect(created?.request?.idempotency_key).toBe("evt-key");
    expect(created?.request?.id).toBe(intent.lastResponse.requestId);
    expect((created?.data.object as Stripe.PaymentIntent).status).toBe("requires_payment_method");
    expect(created?.api_version).toBe("2026-10-28.endive");
    expect(created?.pending_webhooks).toBe(0);
  });

  it("retrieves events and lists them newest first with pagination", async () => {
    const { emulator, stripe } = setup();
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    await createIntent(stripe, await bankToken(emulator, "000123456789"));
    const all = emulator.events();
    expect(all).toHaveLength(6);

    const retrieved = await stripe.events.retrieve(all[0]?.id ?? "");
    expect(retrieved.type).toBe("payment_intent.created");

    const page = await stripe.events.list({ limit: 4 });
    expect(page.has_more).toBe(true);
    expect(page.data.map((event) => event.id)).toEqual(
      all
        .slice(-4)
        .reverse()
        .map((event) => event.id),
    );
    const everything = await stripe.events.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(everything.map((event) => event.id)).toEqual([...all].reverse().map((event) => event.id));

    const succeeded = await stripe.events.list({ type: "payment_intent.succeeded" });
    expect(succeeded.data).toHaveLength(1);
    const piEvents = await stripe.events.list({ type: "payment_intent.*" });
    expect(piEvents.data).toHaveLength(4);
  });

  it("lists all events oldest first through the emulator helper", async () => {
    const { emulator, stripe } = setup();
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    const response = await emulator.fetch(`${ORIGIN}/_emulator/events`, { headers: { Authorization: `Bearer ${SK}` } });
    const body = (await response.json()) as { data: Stripe.Event[] };
    expect(body.data.map((event) => event.type)).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
  });
});

describe("dashboard", () => {
  it("lists payment intents and settles a pending ACH payment from its form", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    const page = await (await emulator.fetch(`${ORIGIN}/_emulator/`)).text();
    expect(page).toContain(intent.id);
    expect(page).toContain("Test mode: Stripe emulator");
    expect(page).not.toContain("000123456789");
    const token = /name="dashboard_token" value="([^"]+)"/.exec(page)?.[1] ?? "";
    expect(token).not.toBe("");

    const response = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
      body: `dashboard_token=${token}`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/_emulator/");
    expect(emulator.paymentIntent(intent.id).status).toBe("succeeded");
  });

  it("refuses dashboard actions with a wrong token", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    const response = await emulator.fetch(`${ORIGIN}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "dashboard_token=forged",
    });
    expect(response.status).toBe(401);
    expect(emulator.paymentIntent(intent.id).status).toBe("processing");
  });

  it("escapes metadata in the page", async () => {
    const { emulator, stripe } = setup();
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"), { metadata: { note: "<script>alert(1)</script>" } });
    const page = await (await emulator.fetch(`${ORIGIN}/_emulator/`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("portability", () => {
  it("keeps the emulator modules free of node: imports so they also run inside workerd", async () => {
    const { readFile, readdir } = await import("node:fs/promises");
    const modules = async (dir: string) => (await readdir(new URL(`../../stripe-emulator/${dir}`, import.meta.url))).map((name) => `${dir}${name}`);
    const names = ["emulator.ts", "state.ts", "wire.ts", "webhooks.ts", "pages.ts", "http.ts", ...(await modules("state/")), ...(await modules("routes/"))];
    expect(names).toContain("state/payment-intents.ts");
    for (const name of names) {
      const source = await readFile(new URL(`../../stripe-emulator/${name}`, import.meta.url), "utf8");
      expect(source, name).not.toMatch(/^\s*import\s[^;]*from\s+["']node:/m);
      expect(source, name).not.toMatch(/^\s*import\s[^;]*from\s+["'](fs|http|path|crypto|url)["']/m);
    }
  });
});
