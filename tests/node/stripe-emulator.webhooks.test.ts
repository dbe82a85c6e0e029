// Webhooks must be signed so that the SDK's own verifier (what the Worker uses) accepts them,
// delivered to a real HTTP endpoint, retried when the endpoint fails, and re-deliverable in any
// order so the portal's out-of-order handling can be exercised.
import { afterEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { signPayload } from "../../stripe-emulator/emulator.ts";
import { bankToken, cardToken, createIntent, ORIGIN, SK, setup, startReceiver, WEBHOOK_SECRET, type Receiver } from "./stripe-emulator.fixtures.ts";

const verifier = new Stripe(SK);

interface Captured {
  url: string;
  body: string;
  signature: string;
}

function capturingDeliver(captured: Captured[], status = 200) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const headers = new Headers(init.headers);
    captured.push({ url, body: String(init.body), signature: headers.get("stripe-signature") ?? "" });
    return new Response("ok", { status });
  };
}

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

describe("webhook signatures", () => {
  it("are accepted by stripe.webhooks.constructEventAsync with the shared secret", async () => {
    const captured: Captured[] = [];
    const { emulator, stripe } = setup({ webhookUrl: "http://127.0.0.1:8787/webhooks/stripe", deliver: capturingDeliver(captured) });
    const intent = await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    await emulator.webhooksIdle();

    expect(captured.map((hook) => hook.url)).toEqual(Array(3).fill("http://127.0.0.1:8787/webhooks/stripe"));
    for (const hook of captured) {
      expect(hook.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = await verifier.webhooks.constructEventAsync(hook.body, hook.signature, WEBHOOK_SECRET);
      expect((event.data.object as { id: string }).id).toMatch(/^(pi|ch)_/);
    }
    const succeeded = await verifier.webhooks.constructEventAsync(captured[2]?.body ?? "", captured[2]?.signature ?? "", WEBHOOK_SECRET);
    expect(succeeded.type).toBe("payment_intent.succeeded");
    expect((succeeded.data.object as Stripe.PaymentIntent).id).toBe(intent.id);
  });

  it("do not verify for a tampered body or another secret", async () => {
    const captured: Captured[] = [];
    const { emulator, stripe } = setup({ webhookUrl: "http://127.0.0.1:8787/webhooks/stripe", deliver: capturingDeliver(captured) });
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"), { amount: 5_000 });
    await emulator.webhooksIdle();
    const hook = captured[0];
    if (!hook) throw new Error("no webhook captured");

    const tampered = hook.body.replace('"amount": 5000', '"amount": 1');
    expect(tampered).not.toBe(hook.body);
    await expect(verifier.webhooks.constructEventAsync(tampered, hook.signature, WEBHOOK_SECRET)).rejects.toBeInstanceOf(
      Stripe.errors.StripeSignatureVerificationError,
    );
    await expect(verifier.webhooks.constructEventAsync(hook.body, hook.signature, "whsec_someone_else")).rejects.toBeInstanceOf(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it("signPayload produces the same header as the SDK's test header generator", async () => {
    const payload = JSON.stringify({ id: "evt_test", object: "event" });
    const timestamp = 1_800_000_000;
    const expected = await verifier.webhooks.generateTestHeaderStringAsync({ payload, secret: WEBHOOK_SECRET, timestamp });
    expect(await signPayload(WEBHOOK_SECRET, payload, timestamp)).toBe(expected);
  });
});

describe("webhook delivery", () => {
  it("posts every event to a local HTTP receiver in order and clears pending_webhooks", async () => {
    receiver = await startReceiver();
    const { emulator, stripe } = setup({ webhookUrl: receiver.url });
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    const ach = await createIntent(stripe, await bankToken(emulator, "000111111116"));
    emulator.settle(ach.id);
    await emulator.webhooksIdle();

    const delivered = [];
    for (const hook of receiver.received) {
      delivered.push(await verifier.webhooks.constructEventAsync(hook.body, hook.signature, WEBHOOK_SECRET));
    }
    const recorded = emulator.events();
    expect(delivered.map((event) => event.id)).toEqual(recorded.map((event) => event.id));
    expect(delivered.map((event) => event.type)).toEqual([
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "payment_intent.created",
      "charge.pending",
      "payment_intent.processing",
      "charge.failed",
      "payment_intent.payment_failed",
    ]);
    // Sent while still pending, then cleared once the endpoint answered 2xx.
    expect(delivered.every((event) => event.pending_webhooks === 1)).toBe(true);
    expect(recorded.every((event) => event.pending_webhooks === 0)).toBe(true);
    expect((await stripe.events.retrieve(recorded[0]?.id ?? "")).pending_webhooks).toBe(0);
    expect(emulator.deliveries().every((record) => record.status === "delivered" && record.attempts === 1)).toBe(true);
  });

  it("retries a failing endpoint and marks the event delivered once it answers 2xx", async () => {
    receiver = await startReceiver((attempt) => (attempt <= 2 ? 500 : 200));
    const { emulator, stripe } = setup({ webhookUrl: receiver.url, webhookRetryDelaysMs: [1, 1, 1] });
    await stripe.paymentIntents.create({ amount: 5_000, currency: "usd", allowed_payment_method_types: ["card"] });
    await emulator.webhooksIdle();

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((hook) => JSON.parse(hook.body).id)).size).toBe(1);
    expect(emulator.deliveries()).toEqual([expect.objectContaining({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null })]);
  });

  it("gives up after the last retry and marks the delivery failed", async () => {
    receiver = await startReceiver(() => 500);
    const { emulator, stripe } = setup({ webhookUrl: receiver.url, webhookRetryDelaysMs: [1, 1] });
    await stripe.paymentIntents.create({ amount: 5_000, currency: "usd", allowed_payment_method_types: ["card"] });
    await emulator.webhooksIdle();

    expect(receiver.received).toHaveLength(3);
    expect(emulator.deliveries()).toEqual([expect.objectContaining({ status: "failed", attempts: 3, lastStatus: 500, lastError: "HTTP 500" })]);
    expect(emulator.events()[0]?.pending_webhooks).toBe(1);
  });

  it("counts a network error as a failed attempt", async () => {
    const { emulator, stripe } = setup({
      webhookUrl: "http://127.0.0.1:9/unreachable",
      webhookRetryDelaysMs: [],
      deliver: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await stripe.paymentIntents.create({ amount: 5_000, currency: "usd", allowed_payment_method_types: ["card"] });
    await emulator.webhooksIdle();
    expect(emulator.deliveries()).toEqual([expect.objectContaining({ status: "failed", attempts: 1, lastStatus: null, lastError: "fetch failed" })]);
  });

  it("redelivers one event on request", async () => {
    receiver = await startReceiver();
    const { emulator, stripe } = setup({ webhookUrl: receiver.url });
    await stripe.paymentIntents.create({ amount: 5_000, currency: "usd", allowed_payment_method_types: ["card"] });
    await emulator.webhooksIdle();
    const eventId = emulator.events()[0]?.id ?? "";

    const response = await emulator.fetch(`${ORIGIN}/_emulator/events/${eventId}/redeliver`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ eventId, status: "delivered", attempts: 2 });
    expect(receiver.received.map((hook) => JSON.parse(hook.body).id)).toEqual([eventId, eventId]);
  });

  it("holds events when auto-delivery is off, then delivers them newest first on request", async () => {
    receiver = await startReceiver();
    const { emulator, stripe } = setup({ webhookUrl: receiver.url, autoDeliverWebhooks: false });
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    emulator.settle(intent.id);
    await emulator.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    expect(emulator.deliveries().every((record) => record.status === "pending")).toBe(true);

    const response = await emulator.fetch(`${ORIGIN}/_emulator/deliver?order=reverse`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SK}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { status: string }[] };
    expect(body.data.every((record) => record.status === "delivered")).toBe(true);
    const order = receiver.received.map((hook) => (JSON.parse(hook.body) as Stripe.Event).type);
    expect(order).toEqual(["payment_intent.succeeded", "charge.succeeded", "payment_intent.processing", "charge.pending", "payment_intent.created"]);

    // Nothing is left undelivered, so a second pass sends nothing.
    const again = await emulator.fetch(`${ORIGIN}/_emulator/deliver`, { method: "POST", headers: { Authorization: `Bearer ${SK}` } });
    expect(((await again.json()) as { data: unknown[] }).data).toEqual([]);
    expect(receiver.received).toHaveLength(5);
  });

  it("inline mode (for workerd) sends a request's events, retries included, before answering it", async () => {
    const captured: Captured[] = [];
    let calls = 0;
    const { emulator, stripe } = setup({
      webhookUrl: "http://127.0.0.1:8787/webhooks/stripe",
      webhookDelivery: "inline",
      webhookRetryDelaysMs: [1],
      deliver: async (url, init) => {
        calls += 1;
        // The very first attempt fails once; its in-place retry succeeds.
        return capturingDeliver(captured, calls === 1 ? 503 : 200)(url, init);
      },
    });
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    // No webhooksIdle(): the response only came back after delivery.
    expect(captured).toHaveLength(4);
    expect(emulator.deliveries().map((record) => [record.status, record.attempts])).toEqual([
      ["delivered", 2],
      ["delivered", 1],
      ["delivered", 1],
    ]);
  });

  it("records events without sending them when no webhook URL is configured", async () => {
    const { emulator, stripe } = setup();
    await createIntent(stripe, await cardToken(emulator, "4242424242424242"));
    await emulator.webhooksIdle();
    expect(emulator.events()).toHaveLength(3);
    expect(emulator.deliveries().every((record) => record.status === "not_configured")).toBe(true);
    const response = await emulator.fetch(`${ORIGIN}/_emulator/deliver`, { method: "POST", headers: { Authorization: `Bearer ${SK}` } });
    expect(response.status).toBe(400);
  });
});
