// What must never happen with money: bad amounts accepted, forged webhooks applied, events applied
// twice, a provider outage turning into a double charge.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import {
  balances,
  confirm,
  confirmAndFollow,
  enterDetails,
  itemIds,
  openReview,
  outboxFor,
  paymentRow,
  resetLedger,
  selectAndChoose,
  signedInBrowser,
} from "./payment-flow";
import { BANK, CARDS, bankToken, cardToken, deliverWebhook, eventsFor, refund, settleAch, signedWebhook } from "./stripe-helpers";

beforeAll(async () => {
  await seedDemoData();
});
beforeEach(resetLedger);
afterEach(() => {
  vi.restoreAllMocks();
});

describe("amounts are requests, the server decides", () => {
  it.each([
    ["-100.00", "The amount must be more than $0.00."],
    ["0", "The amount must be more than $0.00."],
    ["4,450.01", "The amount can't be more than $4,450.00"],
    ["lots", "Enter an amount such as 1,234.56."],
    ["100.005", "at most two decimals"],
    ["", "Enter an amount."],
  ])("refuses %j at its field and saves nothing", async (typed, message) => {
    const browser = await signedInBrowser();
    const ids = await itemIds();
    await browser.post("/portal/items", { pay: [String(ids.get("413018"))], action: "ok" });
    await browser.post("/portal/pay", { method: "card" });
    const response = await browser.post("/portal/amounts", { [`amount-${ids.get("413018")}`]: typed });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(textOf(html)).toContain(message);
    expect(html).toContain(`aria-describedby="amount-${ids.get("413018")}-error"`);
    const saved = await env.DB.prepare("SELECT amounts FROM portal_sessions WHERE id = ?").bind(browser.sessionId()).first<{ amounts: string | null }>();
    expect(saved?.amounts).toBeNull();
  });

  it("ignores another client's item in the amounts form", async () => {
    const browser = await signedInBrowser();
    const ids = await itemIds();
    const theirs = await itemIds("20993410");
    await browser.post("/portal/items", { pay: [String(ids.get("413018"))], action: "ok" });
    await browser.post("/portal/pay", { method: "ach" });
    const response = await browser.post("/portal/amounts", { [`amount-${ids.get("413018")}`]: "10.00", [`amount-${theirs.get("414120")}`]: "3150.00" });
    expect(response.status).toBe(303);
    const saved = await env.DB.prepare("SELECT amounts FROM portal_sessions WHERE id = ?").bind(browser.sessionId()).first<{ amounts: string }>();
    expect(JSON.parse(saved!.amounts)).toEqual([{ itemId: ids.get("413018"), cents: 1000 }]);
  });

  it("recomputes the total and the card fee as amounts change (htmx)", async () => {
    const browser = await signedInBrowser();
    const ids = await itemIds();
    await browser.post("/portal/items", { pay: [String(ids.get("413018")), String(ids.get("fee:411872"))], action: "ok" });
    await browser.post("/portal/pay", { method: "card" });
    const response = await browser.post(
      "/portal/amounts/preview",
      { [`amount-${ids.get("413018")}`]: "4,000.00", [`amount-${ids.get("fee:411872")}`]: "786.76", expectedFee: "0" },
      { htmx: true },
    );
    const text = textOf(await response.text());
    expect(text).toContain("Total to pay $4,786.76");
    expect(text).toContain("If paid by credit card: $143.60 fee, $4,930.36 in total.");
  });

  it("refuses payment details without a token or with a bad email", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "10.00" }, "card");
    expect((await browser.post("/portal/details", { email: "not-an-email", confirmationToken: "ctoken_x" })).status).toBe(422);
    expect((await browser.post("/portal/details", { email: "a@b.example", confirmationToken: "<script>" })).status).toBe(422);
  });

  it("refuses bank details for a card payment (the method cannot be switched behind the fee)", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "10.00" }, "ach");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await browser.get("/portal/review");
    expect(review.headers.get("Location")).toBe("/portal/details?problem=method_mismatch");
  });
});

describe("webhooks", () => {
  async function achPayment() {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await settleAch(intent);
    return { paymentId, intent, events: await eventsFor(intent) };
  }

  it("refuses a forged or missing signature with 400 and stores nothing", async () => {
    const { paymentId, events } = await achPayment();
    const succeeded = events.find((e) => e.type === "payment_intent.succeeded")!;
    const body = JSON.stringify(succeeded);
    const forged = await signedWebhook(body, "whsec_attacker");
    expect((await deliverWebhook(succeeded, forged)).status).toBe(400);
    const tampered = JSON.stringify({ ...succeeded, type: "payment_intent.succeeded", id: "evt_forged" });
    expect((await deliverWebhook(JSON.parse(tampered), await signedWebhook(body))).status).toBe(400);
    const stale = await signedWebhook(body, env.STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600);
    expect((await deliverWebhook(succeeded, stale)).status).toBe(400);
    const unsigned = await (await import("cloudflare:workers")).exports.default.fetch(
      new Request("https://portal.test/webhooks/stripe", { method: "POST", body }),
    );
    expect(unsigned.status).toBe(400);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM stripe_events").first<{ n: number }>()).toEqual({ n: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "processing" });
  });

  it("applies repeated and reordered deliveries exactly like one in-order delivery", async () => {
    const { paymentId, events } = await achPayment();
    const reversed = [...events].reverse();
    for (const event of [...reversed, ...events, ...reversed]) expect((await deliverWebhook(event)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect((await balances()).get("413018")).toEqual({ balance: 0, reserved: 0 });
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_pending", "payment_received"]);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM stripe_events").first<{ n: number }>();
    expect(stored!.n).toBe(new Set(events.map((e) => e.id)).size);
  });

  it("a partial refund reopens balances pro rata and refunds the fee pro rata; a full one reopens all", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,000.00", "fee:411872": "786.76" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const row = await paymentRow(paymentId);
    expect(row).toMatchObject({ subtotal_cents: 478_676, fee_cents: 14_360, total_cents: 493_036 });
    const intent = String(row!.stripe_payment_intent_id);

    await refund(intent, 49_304); // a tenth
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    const partial = await paymentRow(paymentId);
    expect(partial).toMatchObject({ refunded_cents: 49_304, fee_refunded_cents: 1_436 });
    // 49,304 back: 1,436 of it fee, 47,868 split over the two items in proportion to what they got.
    const afterPartial = await balances();
    const invoiceReopened = afterPartial.get("413018")!.balance - 45_000;
    const feeReopened = afterPartial.get("fee:411872")!.balance;
    expect(invoiceReopened + feeReopened).toBe(47_868);
    expect(invoiceReopened).toBe(40_000);
    expect(feeReopened).toBe(7_868);
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_received", "refund_issued"]);

    await refund(intent);
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    expect(await paymentRow(paymentId)).toMatchObject({ refunded_cents: 493_036, fee_refunded_cents: 14_360 });
    const afterFull = await balances();
    expect(afterFull.get("413018")!.balance).toBe(445_000);
    expect(afterFull.get("fee:411872")!.balance).toBe(78_676);
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_received", "refund_issued", "refund_issued"]);
  });

  it("a dispute reopens the balances", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaDebit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    const response = await fetch(`${env.STRIPE_API_BASE}/_emulator/payment_intents/${intent}/dispute`, {
      method: "POST",
      headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` },
    });
    expect(response.ok).toBe(true);
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    expect(await paymentRow(paymentId)).toMatchObject({ disputed_cents: 445_000 });
    expect((await balances()).get("413018")!.balance).toBe(445_000);
  });
});

describe("the payment provider failing", () => {
  // The SDK retries twice by itself (same idempotency key): fail all three tries.
  function failCalls(match: (url: string, method: string) => boolean, mode: "throw" | "500" | "after", times = 3) {
    const realFetch = globalThis.fetch;
    let failures = 0;
    return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init);
      if (failures < times && match(request.url, request.method)) {
        failures++;
        if (mode === "throw") throw new TypeError("network connection lost");
        if (mode === "500") return new Response(JSON.stringify({ error: { type: "api_error", message: "boom" } }), { status: 500 });
        // "after": Stripe did the work, but the answer never arrived.
        await realFetch(request);
        throw new TypeError("network connection lost");
      }
      return realFetch(request);
    });
  }
  const isCreateIntent = (url: string, method: string) => method === "POST" && url.endsWith("/v1/payment_intents");

  it.each(["throw", "500", "after"] as const)("create fails (%s): a clear message, safe retry, exactly one charge", async (mode) => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "412690": "500.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    failCalls(isCreateIntent, mode);
    const first = await confirm(browser, review);
    if (mode === "after") {
      // Stripe did charge: it is asked at once (the PaymentIntent found by its metadata) and the ledger follows.
      expect(first.headers.get("Location")).toBe(`/portal/payments/${review.attemptId}`);
    } else {
      expect(first.status).toBe(200);
      const text = textOf(await first.text());
      expect(text).toContain("You will not be charged twice");
      expect(text).toContain("Try again");
      expect((await balances()).get("412690")!.reserved).toBe(50_000);
    }
    vi.restoreAllMocks();

    const retry = await confirm(browser, review);
    expect(retry.headers.get("Location")).toBe(`/portal/payments/${review.attemptId}`);
    const row = await paymentRow(review.attemptId);
    expect(row).toMatchObject({ status: "succeeded", total_cents: 51_500 });
    const intents = await eventsFor(String(row!.stripe_payment_intent_id));
    expect(intents.filter((e) => e.type === "payment_intent.succeeded")).toHaveLength(1);
    const all = await (await fetch(`${env.STRIPE_API_BASE}/_emulator/events`, { headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` } })).json();
    const created = (Array.isArray(all) ? all : (all as { data: { type: string; data: { object: { metadata?: Record<string, string> } } }[] }).data).filter(
      (e: { type: string; data: { object: { metadata?: Record<string, string> } } }) =>
        e.type === "payment_intent.created" && e.data.object.metadata?.portal_payment_id === review.attemptId,
    );
    expect(created).toHaveLength(1);
  });

  it("the review step says so when the provider is down, and changes nothing", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "412690": "500.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    failCalls((url) => url.includes("/v1/confirmation_tokens/"), "throw");
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      throw new TypeError("network connection lost");
    });
    const response = await browser.get("/portal/review");
    expect(response.status).toBe(503);
    expect(textOf(await response.text())).toContain("We couldn't reach our payment processor and nothing was charged");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM payments WHERE id NOT LIKE 'demo-%'").first<{ n: number }>()).toEqual({ n: 0 });
  });
});
