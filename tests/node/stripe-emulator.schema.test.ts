// The emulator is as strict as the Stripe API: every request is checked against schemas
// generated from the installed `stripe` package's own types, every response and event it sends
// matches those types, and every error code it answers is one Stripe has.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { GENERATED_PATH, generateRequestSchemas, responseTypes, serialize } from "../../stripe-emulator/schema/generate.ts";
import { STRIPE_ERROR_CODES } from "../../stripe-emulator/schema/requests.ts";
import { checkResponse } from "../../stripe-emulator/schema/validate.ts";
import type { StripeEmulator } from "../../stripe-emulator/emulator.ts";
import { invalidRequest } from "../../stripe-emulator/wire.ts";
import { bankToken, browserPost, cardParams, cardToken, createIntent, ORIGIN, rejectionOf, setup, SK } from "./stripe-emulator.fixtures.ts";

const EMULATOR_DIR = join(import.meta.dirname, "../../stripe-emulator");

describe("request schemas generated from the stripe package's types", () => {
  it("are up to date with the installed stripe package (else run npm run stripe:schema)", () => {
    const fresh = serialize(generateRequestSchemas());
    expect(readFileSync(GENERATED_PATH, "utf8") === fresh, "requests.generated.json is stale: run npm run stripe:schema").toBe(true);
  }, 120_000);
});

/** A raw API call with the secret key; returns status and the parsed error. */
async function call(emulator: StripeEmulator, method: "GET" | "POST", path: string, params: Record<string, string>) {
  const query = new URLSearchParams(params).toString();
  const response = await emulator.fetch(method === "GET" ? `${ORIGIN}${path}?${query}` : `${ORIGIN}${path}`, {
    method,
    headers: { Authorization: `Bearer ${SK}`, ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
    body: method === "POST" ? query : undefined,
  });
  const body = (await response.json()) as { error?: { type: string; code?: string; param?: string; message: string; doc_url?: string } };
  return { status: response.status, error: body.error };
}

const base = { amount: "5000", currency: "usd", "allowed_payment_method_types[0]": "card" };

describe("requests Stripe would refuse are refused the way Stripe does", () => {
  it("an unknown parameter: 400 parameter_unknown naming it, at any depth", async () => {
    const { emulator } = setup();
    const top = await call(emulator, "POST", "/v1/payment_intents", { ...base, surcharge: "300" });
    expect(top.status).toBe(400);
    expect(top.error).toEqual({
      type: "invalid_request_error",
      code: "parameter_unknown",
      param: "surcharge",
      message: "Received unknown parameter: surcharge",
      doc_url: "https://docs.stripe.com/error-codes/parameter-unknown",
    });
    const nested = await call(emulator, "POST", "/v1/payment_intents", { ...base, "payment_method_options[card][surcharge]": "1" });
    expect(nested.error).toMatchObject({ code: "parameter_unknown", param: "payment_method_options[card][surcharge]" });
    // Stripe.js's own call: the raw card is accepted, a misplaced billing detail is not.
    const misplaced = await browserPost(
      emulator,
      "/v1/confirmation_tokens",
      cardParams("4242424242424242", { "payment_method_data[card][email]": "a@example.com" }),
    );
    expect(misplaced.status).toBe(400);
    expect(((await misplaced.json()) as { error: { param: string; code: string } }).error).toMatchObject({
      code: "parameter_unknown",
      param: "payment_method_data[card][email]",
    });
    const billing = await browserPost(emulator, "/v1/confirmation_tokens", cardParams("4242424242424242", { "billing_details[email]": "a@example.com" }));
    expect(((await billing.json()) as { error: { param: string } }).error.param).toBe("billing_details");
  });

  it("payment_method_types is not a parameter on endive", async () => {
    const { emulator } = setup();
    const { error } = await call(emulator, "POST", "/v1/payment_intents", { amount: "5000", currency: "usd", "payment_method_types[0]": "card" });
    expect(error).toMatchObject({
      code: "parameter_unknown",
      param: "payment_method_types",
      message: "Received unknown parameter: payment_method_types. Did you mean allowed_payment_method_types?",
    });
  });

  it("a missing required parameter: 400 parameter_missing", async () => {
    const { emulator } = setup();
    const noAmount = await call(emulator, "POST", "/v1/payment_intents", { currency: "usd" });
    expect(noAmount.error).toMatchObject({ code: "parameter_missing", param: "amount", message: "Missing required param: amount." });
    const emptyCurrency = await call(emulator, "POST", "/v1/payment_intents", { amount: "5000", currency: "" });
    expect(emptyCurrency.error).toMatchObject({ code: "parameter_missing", param: "currency" });
    const verify = await call(emulator, "POST", "/v1/refunds", { "metadata[a]": "b", reason: "requested_by_customer" });
    // RefundCreateParams has no required parameter: the handler asks for payment_intent or charge.
    expect(verify.error).toMatchObject({ code: "parameter_missing" });
  });

  it("a wrong type: integers, enums, booleans, strings and hashes", async () => {
    const { emulator } = setup();
    const amount = await call(emulator, "POST", "/v1/payment_intents", { ...base, amount: "12.50" });
    expect(amount.error).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_invalid_integer",
      param: "amount",
      message: "Invalid integer: 12.50",
    });
    const capture = await call(emulator, "POST", "/v1/payment_intents", { ...base, capture_method: "later" });
    expect(capture.error).toMatchObject({ type: "invalid_request_error", param: "capture_method" });
    expect(capture.error?.message).toBe("Invalid capture_method: must be one of automatic, automatic_async, or manual");
    const confirm = await call(emulator, "POST", "/v1/payment_intents", { ...base, confirm: "yes" });
    expect(confirm.error).toMatchObject({ param: "confirm", message: "Invalid boolean: yes" });
    const hashForString = await call(emulator, "POST", "/v1/payment_intents", { ...base, "description[en]": "Invoice" });
    expect(hashForString.error).toMatchObject({ param: "description" });
    expect(hashForString.error?.message).toMatch(/^Invalid string/);
    const stringForHash = await call(emulator, "POST", "/v1/payment_intents", { ...base, metadata: "x" });
    expect(stringForHash.error).toMatchObject({ param: "metadata", message: "Invalid hash" });
    const badType = await call(emulator, "POST", "/v1/payment_intents", { ...base, "allowed_payment_method_types[0]": "cheque" });
    expect(badType.error).toMatchObject({ param: "allowed_payment_method_types[0]" });
    const limit = await call(emulator, "GET", "/v1/events", { limit: "ten" });
    expect(limit.error).toMatchObject({ code: "parameter_invalid_integer", param: "limit" });
    const created = await call(emulator, "GET", "/v1/events", { "created[after]": "1" });
    expect(created.error).toMatchObject({ code: "parameter_unknown", param: "created[after]" });
  });

  it("an empty string only where the parameter can be unset", async () => {
    const { emulator } = setup();
    const description = await call(emulator, "POST", "/v1/payment_intents", { ...base, description: "" });
    expect(description.error).toMatchObject({ code: "parameter_invalid_empty", param: "description" });
    // PaymentIntentCreateParams.metadata is not Emptyable; a metadata value may be (null unsets a key).
    const metadata = await call(emulator, "POST", "/v1/payment_intents", { ...base, metadata: "" });
    expect(metadata.error).toMatchObject({ code: "parameter_invalid_empty", param: "metadata" });
    const key = await call(emulator, "POST", "/v1/payment_intents", { ...base, "metadata[a]": "", "expand[0]": "latest_charge" });
    expect(key.status).toBe(200);
  });

  it("keeps a record of every refusal, for the suites to fail on", async () => {
    const { emulator } = setup();
    await call(emulator, "POST", "/v1/payment_intents", { ...base, surcharge: "300" });
    await call(emulator, "POST", "/v1/customers", { email: "a@example.com" });
    await call(emulator, "GET", "/v1/events", {});
    emulator.reset();
    expect(emulator.refusals()).toEqual([
      expect.objectContaining({ kind: "schema", method: "POST", path: "/v1/payment_intents", code: "parameter_unknown", param: "surcharge" }),
      expect.objectContaining({ kind: "route", method: "POST", path: "/v1/customers", status: 404 }),
    ]);
    const listed = await emulator.fetch(`${ORIGIN}/_emulator/refusals`, { headers: { Authorization: `Bearer ${SK}` } });
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  it("a parameter Stripe accepts but the emulator does not model is refused too, and recorded as such", async () => {
    const { emulator } = setup();
    const { status, error } = await call(emulator, "POST", "/v1/payment_intents", {
      ...base,
      "shipping[name]": "Ada",
      "shipping[address][line1]": "1 Main St",
    });
    expect(status).toBe(400);
    expect(error?.code).toBeUndefined();
    expect(error?.message).toMatch(/does not model the parameter shipping/);
    expect(emulator.refusals()).toEqual([expect.objectContaining({ kind: "unsupported", param: "shipping" })]);
  });
});

describe("error codes", () => {
  it("come from the stripe package's enum of Stripe error codes", () => {
    for (const code of ["parameter_unknown", "parameter_missing", "token_already_used", "resource_missing", "card_declined"]) {
      expect(STRIPE_ERROR_CODES.has(code)).toBe(true);
    }
    expect(STRIPE_ERROR_CODES.has("confirmation_token_expired")).toBe(false);
  });

  it("every code the emulator's API can answer is one of them", () => {
    // The Stripe.js stand-in (stripe-js/*.js) is left out: Stripe.js has its own client-side codes (incomplete_number...).
    const sources = readdirSync(EMULATOR_DIR, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => readFileSync(join(EMULATOR_DIR, file), "utf8"));
    const used = new Set<string>();
    for (const source of sources) {
      for (const match of source.matchAll(/\bcode: "([a-z_]+)"/g)) used.add(match[1] ?? "");
      for (const match of source.matchAll(/\bcardError\(\s*"([a-z_]+)"/g)) used.add(match[1] ?? "");
      for (const match of source.matchAll(/\b(?:failure_code|last_payment_error_code): "([a-z_]+)"/g)) used.add(match[1] ?? "");
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !STRIPE_ERROR_CODES.has(code))).toEqual([]);
  });

  it("an error built with any other code is a bug, not an answer", () => {
    expect(() => invalidRequest("x", { code: "confirmation_token_expired" })).toThrow(/not one of Stripe's error codes/);
  });

  it("an expired confirmation token is a 400 on confirmation_token without an invented code", async () => {
    let clock = Date.now();
    const { emulator, stripe } = setup({ now: () => clock });
    const token = await cardToken(emulator, "4242424242424242");
    clock += 12 * 60 * 60 * 1000 + 1000;
    const error = await rejectionOf(createIntent(stripe, token));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe("confirmation_token");
    expect(error.code).toBeUndefined();
  });
});

describe("every response and event matches the stripe package's types", () => {
  let types: ReturnType<typeof responseTypes>;
  beforeAll(() => {
    types = responseTypes();
  }, 120_000);

  /** Every Stripe object in a JSON body: the body itself, or a list's items. */
  function objectsIn(body: unknown): { object: string; value: unknown }[] {
    if (typeof body !== "object" || body === null || "error" in body) return [];
    const record = body as { object?: string; data?: unknown };
    if (record.object === "list") return (record.data as unknown[]).flatMap(objectsIn);
    // An event is checked as a whole (its type names the object type) and its object on its own.
    const inner = record.object === "event" ? objectsIn((record.data as { object?: unknown }).object) : [];
    return typeof record.object === "string" ? [{ object: record.object, value: body }, ...inner] : [];
  }

  it("the check is not vacuous: an extra field, a missing one, a wrong type and a wrong enum value are found", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    const { lastResponse: _response, ...plain } = intent;
    const schema = types.schemaFor("payment_intent");
    if (!schema) throw new Error("no PaymentIntent type");
    expect(checkResponse(schema, plain, types.resolve)).toEqual([]);
    const { currency: _currency, ...withoutCurrency } = plain;
    const broken = { ...withoutCurrency, used: true, amount: "12345", status: "paid" };
    expect(checkResponse(schema, broken, types.resolve).sort()).toEqual([
      '$.amount: expected number, got string "12345"',
      "$.currency: required, missing",
      expect.stringMatching(/^\$\.status: "paid" is not one of /),
      "$.used: not in the type",
    ]);
    const event = emulator.events().find((e) => e.type === "payment_intent.succeeded");
    const eventSchema = types.schemaFor("event");
    if (!event || !eventSchema) throw new Error("no event");
    expect(checkResponse(eventSchema, event, types.resolve)).toEqual([]);
    expect(checkResponse(eventSchema, { ...event, type: "payment_intent.paid" }, types.resolve)).toEqual(['$.type: "payment_intent.paid" matches no type']);
    const wrongObject = { ...event, data: { object: { ...event.data.object, object: "charge" } } };
    expect(checkResponse(eventSchema, wrongObject, types.resolve).length).toBeGreaterThan(0);
  });

  it("for a run through every state the emulator models", async () => {
    const seen: { path: string; body: unknown }[] = [];
    const { emulator } = setup();
    const stripe = new Stripe(SK, {
      maxNetworkRetries: 0,
      httpClient: Stripe.createFetchHttpClient(async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await emulator.fetch(input as Request | string | URL, init);
        seen.push({ path: new URL(String(input instanceof Request ? input.url : input)).pathname, body: await response.clone().json() });
        return response;
      }),
    });
    const token = async (make: Promise<string>) => {
      const id = await make;
      await stripe.confirmationTokens.retrieve(id);
      return id;
    };
    // Cards: credit, debit, 3D Secure approved and failed, declined.
    const credit = await createIntent(stripe, await token(cardToken(emulator, "4242424242424242")), { expand: ["latest_charge", "payment_method"] });
    await createIntent(stripe, await token(cardToken(emulator, "4000056655665556")));
    const threeDS = await createIntent(stripe, await token(cardToken(emulator, "4000002760003184")), { return_url: "https://portal.example/return" });
    emulator.completeThreeDS(threeDS.id, "approve");
    const failed3DS = await createIntent(stripe, await token(cardToken(emulator, "4000002760003184")), { return_url: "https://portal.example/return" });
    emulator.completeThreeDS(failed3DS.id, "fail");
    await rejectionOf(createIntent(stripe, await token(cardToken(emulator, "4000000000000002"))));
    // ACH: settles, fails, then a canceled PaymentIntent.
    const ach = await createIntent(stripe, await token(bankToken(emulator, "000123456789")));
    emulator.settle(ach.id);
    const achFails = await createIntent(stripe, await token(bankToken(emulator, "000111111116")));
    emulator.settle(achFails.id);
    const open = await stripe.paymentIntents.create({ amount: 5000, currency: "usd", allowed_payment_method_types: ["card"] });
    await stripe.paymentIntents.cancel(open.id, { cancellation_reason: "abandoned" });
    // Refunds (one fails later) and a dispute.
    const refund = await stripe.refunds.create({ payment_intent: credit.id, amount: 1000, expand: ["charge"] });
    emulator.failRefund(refund.id);
    await stripe.refunds.retrieve(refund.id, { expand: ["payment_intent"] });
    const disputed = await createIntent(stripe, await token(cardToken(emulator, "4000000000000259")));
    emulator.dispute(disputed.id);
    for (const id of [credit.id, threeDS.id, ach.id, achFails.id, disputed.id]) {
      const intent = await stripe.paymentIntents.retrieve(id);
      if (typeof intent.latest_charge === "string") await stripe.charges.retrieve(intent.latest_charge);
      if (typeof intent.payment_method === "string") await stripe.paymentMethods.retrieve(intent.payment_method);
    }
    await stripe.events.list({ limit: 100 });

    const objects = [...seen.flatMap(({ body }) => objectsIn(body)), ...emulator.events().flatMap(objectsIn)];
    const kinds = new Set(objects.map(({ object }) => object));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(["charge", "confirmation_token", "dispute", "event", "payment_intent", "payment_method", "refund"]),
    );
    const problems: string[] = [];
    for (const { object, value } of objects) {
      const schema = types.schemaFor(object);
      if (!schema) {
        problems.push(`no response type registered for object "${object}" (schema/endpoints.ts RESPONSE_TYPES)`);
        continue;
      }
      const label = `${object} ${(value as { id?: string; type?: string }).id ?? ""} ${(value as { type?: string }).type ?? ""}`;
      problems.push(...checkResponse(schema, value, types.resolve, label));
    }
    expect([...new Set(problems)]).toEqual([]);
  }, 120_000);
});
