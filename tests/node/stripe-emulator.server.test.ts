// The standalone server: the SDK pointed at it with host/port/protocol over real HTTP,
// exactly as the Worker is configured in local development.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startEmulatorServer, type EmulatorServer } from "../../stripe-emulator/server.ts";
import { bankToken, cardParams, PK, SK, startReceiver, WEBHOOK_SECRET, type Receiver } from "./stripe-emulator.fixtures.ts";

let server: EmulatorServer;
let receiver: Receiver;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startReceiver();
  server = await startEmulatorServer({ port: 0, webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET });
  stripe = new Stripe(SK, { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0 });
});

afterAll(async () => {
  await server.close();
  await receiver.close();
});

async function browserToken(params: Record<string, string>): Promise<string> {
  const response = await fetch(`${server.url}/v1/confirmation_tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:8787" },
    body: new URLSearchParams(params).toString(),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  return ((await response.json()) as { id: string }).id;
}

describe("startEmulatorServer over real HTTP", () => {
  it("listens on an ephemeral port on 127.0.0.1", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("runs the card flow through the SDK with host/port/protocol", async () => {
    const token = await stripe.confirmationTokens.retrieve(await browserToken(cardParams("5200828282828210")));
    expect(token.payment_method_preview?.card?.funding).toBe("debit");

    const intent = await stripe.paymentIntents.create(
      {
        amount: 20_000,
        currency: "usd",
        confirm: true,
        confirmation_token: token.id,
        allowed_payment_method_types: ["card"],
        metadata: { portal_payment_id: "pay_server" },
      },
      { idempotencyKey: "server-test-1" },
    );
    expect(intent.status).toBe("succeeded");
    expect(intent.lastResponse.requestId).toMatch(/^req_/);

    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 5_000 });
    expect(refund.status).toBe("succeeded");
    await server.emulator.webhooksIdle();
    const types = [];
    for (const hook of receiver.received) types.push((await stripe.webhooks.constructEventAsync(hook.body, hook.signature, WEBHOOK_SECRET)).type);
    expect(types).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "refund.created", "charge.refunded"]);
  });

  it("settles an ACH payment through the HTTP test helper", async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 50_000,
      currency: "usd",
      confirm: true,
      // A linked account (instant verification) settles; typed numbers would wait for microdeposits.
      confirmation_token: await bankToken(server.emulator, "000123456789"),
      allowed_payment_method_types: ["us_bank_account"],
    });
    expect(intent.status).toBe("processing");
    const response = await fetch(`${server.url}/_emulator/payment_intents/${intent.id}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(response.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
  });

  it("reports SDK errors with the right classes over HTTP", async () => {
    const error = await stripe.refunds.create({ payment_intent: "pi_does_not_exist" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).code).toBe("resource_missing");
  });

  it("serves the Stripe.js stand-in at /v3/ as JavaScript with CORS", async () => {
    for (const path of ["/v3/", "/stripe-js.js"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      const source = await response.text();
      expect(source).toContain('Stripe.version = "endive"');
    }
  });

  it("serves the dashboard", async () => {
    const response = await fetch(`${server.url}/_emulator/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Stripe emulator");
  });

  it("keeps the publishable key to the browser endpoints", async () => {
    const browserSide = new Stripe(PK, { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0 });
    const error = await browserSide.events.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});
