// The ledger follows Stripe, whatever reaches us and in whatever order: a charge whose answer was
// lost is never recorded as failed or charged twice, the method charged is the one quoted, an
// outage while paying does not hold the items, and refunds and disputes end in Stripe's state.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createStripeGateway } from "../../worker/gateways/stripe";
import { applyRefund } from "../../worker/services/ledger";
import { recoverRefunds } from "../../worker/services/reconcile";
import { openDatabase } from "../../worker/storage/db";
import { findPayment } from "../../worker/storage/payments-repo";
import { seedDemoData, textOf } from "./helpers";
import {
  balances,
  confirm,
  confirmAndFollow,
  enterDetails,
  openReview,
  outboxFor,
  paymentRow,
  resetLedger,
  selectAndChoose,
  signedInBrowser,
} from "./payment-flow";
import { CARDS, cardToken, deliverWebhook, eventsFor, refund, signedWebhook, type EmulatedEvent } from "./stripe-helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

// Outages go through the SDK's own retries with backoff, and each test walks the whole flow.
vi.setConfig({ testTimeout: 30_000 });

const gateway = () => createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE });
const deps = () => ({ db: openDatabase(env.DB), gateway: gateway(), now: () => Date.now() });

beforeAll(async () => {
  await seedDemoData();
});
beforeEach(async () => {
  await resetLedger();
  await env.DB.batch([env.DB.prepare("DELETE FROM disputes"), env.DB.prepare("DELETE FROM payment_alerts")]);
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function emulator(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${env.STRIPE_SECRET_KEY}`);
  return fetch(`${env.STRIPE_API_BASE}${path}`, { ...init, headers });
}

/** Every event the emulator recorded, oldest first. */
async function allEvents(): Promise<EmulatedEvent[]> {
  const body = (await (await emulator("/_emulator/events")).json()) as { data?: EmulatedEvent[] } | EmulatedEvent[];
  return Array.isArray(body) ? body : (body.data ?? []);
}

async function intentsCreatedFor(attemptId: string): Promise<number> {
  return (await allEvents()).filter((e) => e.type === "payment_intent.created" && e.data.object.metadata?.portal_payment_id === attemptId).length;
}

/**
 * Stripe unreachable for PaymentIntents: "lost" lets each create reach Stripe and then loses the
 * answer (Stripe charged); "down" never lets anything through. Lookups fail too while it lasts.
 */
function stripeOutage(mode: "lost" | "down") {
  const realFetch = globalThis.fetch;
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const url = new URL(request.url);
    if (url.pathname.startsWith("/v1/payment_intents")) {
      if (mode === "lost" && request.method === "POST") await realFetch(request);
      throw new TypeError("network connection lost");
    }
    return realFetch(request);
  });
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("a charge whose answer was lost", () => {
  it("another card saved, the old Try again pressed: paid once, never failed, ledger as Stripe", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "412690": "500.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    stripeOutage("lost");
    const first = await confirm(browser, review);
    expect(first.status).toBe(200);
    expect(textOf(await first.text())).toContain("Try again");
    vi.restoreAllMocks();

    // The client gives up on that page, saves another card, then goes back and presses "Try again".
    await enterDetails(browser, await cardToken(CARDS.mastercardCredit));
    const retry = await confirm(browser, review);
    expect(retry.headers.get("Location")).toBe(`/portal/payments/${review.attemptId}`);
    const row = await paymentRow(review.attemptId);
    expect(row).toMatchObject({ status: "succeeded", total_cents: 51_500, method_label: "VISA •••• 4242" });
    expect(await intentsCreatedFor(review.attemptId)).toBe(1);
    // No other attempt of this file's ledger reached Stripe either (the emulator is shared by every
    // Worker test file, so its events are narrowed to this ledger's payments).
    const ours = new Set((await env.DB.prepare("SELECT id FROM payments").all<{ id: string }>()).results.map((r) => r.id));
    expect((await allEvents()).filter((e) => e.type === "payment_intent.created" && ours.has(e.data.object.metadata?.portal_payment_id ?? ""))).toHaveLength(1);
    expect((await balances()).get("412690")).toMatchObject({ reserved: 0 });
    expect((await outboxFor(review.attemptId)).map((e) => e.kind)).toEqual(["payment_received"]);
    // The newer details are still there for another payment.
    const saved = await env.DB.prepare("SELECT confirmation_token FROM portal_sessions WHERE id = ?")
      .bind(browser.sessionId())
      .first<{ confirmation_token: string | null }>();
    expect(saved!.confirmation_token).toMatch(/^ctoken_/);
  });

  it("an idempotency_error asks Stripe and follows it instead of failing the payment", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "412690": "500.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    stripeOutage("lost");
    expect((await confirm(browser, review)).status).toBe(200);
    vi.restoreAllMocks();
    // A stored request that no longer matches what Stripe saw under the key (as an attempt recorded
    // before requests were frozen): Stripe answers idempotency_error.
    const stored = JSON.parse(String((await paymentRow(review.attemptId))!.provider_request)) as { returnUrl: string };
    stored.returnUrl = "https://portal.test/portal/elsewhere";
    await env.DB.prepare("UPDATE payments SET provider_request = ? WHERE id = ?").bind(JSON.stringify(stored), review.attemptId).run();

    const retry = await confirm(browser, review);
    expect(retry.headers.get("Location")).toBe(`/portal/payments/${review.attemptId}`);
    expect(await paymentRow(review.attemptId)).toMatchObject({ status: "succeeded", failure_code: null });
    expect(await intentsCreatedFor(review.attemptId)).toBe(1);
  });

  it("Stripe's success wins over a failure recorded here, and staff are told", async () => {
    await installAccessJwks();
    const before = (await balances()).get("412690")!.balance;
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "412690": "500.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    // As the earlier code did after an idempotency_error: recorded failed, items released.
    await env.DB.prepare("UPDATE payments SET status = 'failed', failure_code = 'idempotency_error' WHERE id = ?").bind(paymentId).run();
    await env.DB.prepare("DELETE FROM outbox").run();

    const succeeded = (await eventsFor(intent)).find((e) => e.type === "payment_intent.succeeded")!;
    for (let i = 0; i < 2; i++) expect((await deliverWebhook(succeeded)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect((await balances()).get("412690")!.balance).toBe(before - 50_000);
    const alerts = await env.DB.prepare("SELECT kind, payment_id FROM payment_alerts").all();
    expect(alerts.results).toEqual([{ kind: "succeeded_after_failure", payment_id: paymentId }]);
    const staff = textOf(await (await staffFetch("/staff")).text());
    expect(staff).toContain("Needs attention");
    expect(staff).toContain(`Stripe charged payment ${paymentId}`);
  });
});

describe("the method charged is the method quoted", () => {
  async function debitAttemptThatNeverReachedStripe() {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "50.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaDebit));
    const review = await openReview(browser);
    stripeOutage("down");
    expect((await confirm(browser, review)).status).toBe(200);
    vi.restoreAllMocks();
    // Then a credit card is saved, and the old attempt posted.
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    return { browser, review };
  }

  it("posting an old debit attempt after saving a credit card charges the debit card, no fee", async () => {
    const { browser, review } = await debitAttemptThatNeverReachedStripe();
    const response = await confirm(browser, review);
    expect(response.headers.get("Location")).toBe(`/portal/payments/${review.attemptId}`);
    const row = await paymentRow(review.attemptId);
    expect(row).toMatchObject({ status: "succeeded", total_cents: 5_000, fee_cents: 0, card_funding: "debit", method_label: "VISA •••• 5556" });
    const intent = (await (await emulator(`/v1/payment_intents/${row!.stripe_payment_intent_id}?expand[]=latest_charge`)).json()) as {
      amount: number;
      latest_charge: { amount: number; payment_method_details: { card: { funding: string; last4: string } } };
    };
    expect(intent.amount).toBe(5_000);
    expect(intent.latest_charge.payment_method_details.card).toMatchObject({ funding: "debit", last4: "5556" });
    const receipt = textOf(await (await browser.get(`/portal/payments/${review.attemptId}`)).text());
    expect(receipt).toContain("VISA •••• 5556");
  });

  it("refuses an attempt whose token is not the quoted method, and charges nothing", async () => {
    const { browser, review } = await debitAttemptThatNeverReachedStripe();
    // The attempt says credit card (and so no surcharge question), the token is a debit card.
    await env.DB.prepare("UPDATE payments SET card_funding = 'credit' WHERE id = ?").bind(review.attemptId).run();
    const response = await confirm(browser, review);
    expect(response.headers.get("Location")).toBe("/portal/details?problem=method_mismatch");
    expect(await paymentRow(review.attemptId)).toMatchObject({ status: "failed", failure_code: "method_changed" });
    expect(await intentsCreatedFor(review.attemptId)).toBe(0);
    expect((await balances()).get("413018")).toEqual({ balance: 445_000, reserved: 0 });
  });
});

describe("an outage while paying", () => {
  it("does not hold the items: released when the client comes back, and the retry offered", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaDebit));
    const review = await openReview(browser);
    stripeOutage("down");
    expect((await confirm(browser, review)).status).toBe(200);
    vi.restoreAllMocks();
    expect((await balances()).get("413018")!.reserved).toBe(445_000);

    const summary = await browser.get("/portal");
    const text = textOf(await summary.text());
    expect(text).toContain("never reached our payment processor");
    expect(text).toContain("Review and pay");
    expect(await paymentRow(review.attemptId)).toMatchObject({ status: "failed", failure_code: "not_sent" });
    expect((await balances()).get("413018")!.reserved).toBe(0);

    // The retry: the same details under a new attempt.
    const again = await openReview(browser);
    expect(again.attemptId).not.toBe(review.attemptId);
    const { paymentId } = await confirmAndFollow(browser, again);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded", total_cents: 445_000 });
    expect((await balances()).get("413018")).toEqual({ balance: 0, reserved: 0 });
    // The old page's "Try again" cannot charge the released attempt.
    const old = await confirm(browser, review);
    expect(old.headers.get("Location")).toBe(`/portal/payments/${review.attemptId}`);
    expect(await intentsCreatedFor(review.attemptId)).toBe(0);
  });

  it("an attempt Stripe did charge is recorded as paid when the client comes back, not released", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaDebit));
    const review = await openReview(browser);
    stripeOutage("lost");
    expect((await confirm(browser, review)).status).toBe(200);
    vi.restoreAllMocks();
    await browser.get("/portal/items");
    expect(await paymentRow(review.attemptId)).toMatchObject({ status: "succeeded" });
    expect((await balances()).get("413018")).toEqual({ balance: 0, reserved: 0 });
  });
});

describe("disputes as Stripe runs them", () => {
  async function paidByCard(number: string = CARDS.visaCredit) {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "card");
    await enterDetails(browser, await cardToken(number));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const row = await paymentRow(paymentId);
    return { paymentId, intent: String(row!.stripe_payment_intent_id), total: Number(row!.total_cents) };
  }

  async function disputeEvents(intent: string, scenario: string) {
    const response = await emulator(`/_emulator/payment_intents/${intent}/dispute`, { method: "POST", body: new URLSearchParams({ scenario }) });
    expect(response.ok, await response.clone().text()).toBe(true);
    return (await eventsFor(intent)).filter((e) => e.type.startsWith("charge.dispute."));
  }

  it.each([
    ["inquiry", ["created", "updated", "closed"], false],
    ["inquiry_escalated", ["created", "updated", "funds_withdrawn"], true],
    ["chargeback", ["created", "funds_withdrawn"], true],
    ["won", ["created", "funds_withdrawn", "updated", "closed", "funds_reinstated"], false],
    ["lost", ["created", "funds_withdrawn", "updated", "closed"], true],
    ["prevented", ["created", "closed"], false],
  ] as const)("%s: Stripe's events %j, replayed shuffled and twice, give the same ledger", async (scenario, sequence, reversed) => {
    const { paymentId, intent, total } = await paidByCard();
    const events = await disputeEvents(intent, scenario);
    expect(events.map((e) => e.type.replace("charge.dispute.", ""))).toEqual(sequence);
    for (const event of [...shuffled(events, 7), ...shuffled(events, 11)]) expect((await deliverWebhook(event)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded", disputed_cents: reversed ? total : 0 });
    expect((await balances()).get("413018")!.balance).toBe(reversed ? 445_000 : 0);
  });

  it("a late charge.dispute.created after closed (won) does not dispute again", async () => {
    const { paymentId, intent } = await paidByCard();
    const events = await disputeEvents(intent, "won");
    const created = events.find((e) => e.type === "charge.dispute.created")!;
    // Everything else first, then the creation arrives late.
    for (const event of events.filter((e) => e !== created)) expect((await deliverWebhook(event)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ disputed_cents: 0 });
    expect((await deliverWebhook(created)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ disputed_cents: 0 });
    expect((await balances()).get("413018")!.balance).toBe(0);
  });

  it("a bank debit disputed is lost at once and stays reversed", async () => {
    const { BANK, bankToken, settleAch } = await import("./stripe-helpers");
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await settleAch(intent);
    const events = await disputeEvents(intent, "ach");
    expect(events.map((e) => e.type)).toEqual(["charge.dispute.created", "charge.dispute.funds_withdrawn"]);
    for (const event of [...(await eventsFor(intent)), ...[...events].reverse()]) await deliverWebhook(event);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded", disputed_cents: 445_000 });
  });
});

describe("refunds never lost, forward only", () => {
  async function paid(number: string = CARDS.visaCredit) {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "1,000.00" }, "card");
    await enterDetails(browser, await cardToken(number));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const row = await paymentRow(paymentId);
    return { paymentId, intent: String(row!.stripe_payment_intent_id), total: Number(row!.total_cents) };
  }

  it("a late refund.created after refund.failed leaves nothing refunded", async () => {
    const { paymentId, intent } = await paid("4000000000005126");
    const { id } = await refund(intent, 721);
    expect((await emulator(`/_emulator/refunds/${id}/fail`, { method: "POST" })).ok).toBe(true);
    const events = await eventsFor(intent);
    const failed = events.filter((e) => e.type === "refund.failed" || e.type === "charge.refund.updated");
    const earlier = events.filter((e) => e.type === "refund.created" || e.type === "charge.refunded");
    for (const event of [...failed, ...earlier, ...failed, ...earlier]) expect((await deliverWebhook(event)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ refunded_cents: 0 });
    expect((await balances()).get("413018")!.balance).toBe(445_000 - 100_000);
  });

  it("charge.refunded alone (no refunds.data on this API version) records the refund", async () => {
    const { paymentId, intent } = await paid();
    await refund(intent, 10_300);
    const charged = (await eventsFor(intent)).find((e) => e.type === "charge.refunded")!;
    expect((charged.data.object as { refunds?: unknown }).refunds).toBeUndefined();
    expect((await deliverWebhook(charged)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ refunded_cents: 10_300 });
  });

  it("the reconciliation job recovers refunds whose webhooks never came", async () => {
    const { paymentId, intent } = await paid();
    await refund(intent, 20_600);
    expect(await recoverRefunds(deps())).toMatchObject({ paymentsChecked: 1, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ refunded_cents: 20_600 });
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_received", "refund_issued"]);
    // Checked recently: not asked again on the next run.
    expect(await recoverRefunds(deps())).toMatchObject({ paymentsChecked: 0 });
  });

  it("refuses a refund above the payment or not positive, and tells staff", async () => {
    const { paymentId, total } = await paid();
    const payment = (await findPayment(openDatabase(env.DB), paymentId))!;
    const now = Date.now();
    await applyRefund(
      openDatabase(env.DB),
      payment,
      { id: "re_too_much", paymentIntentId: null, amountCents: total + 1, status: "succeeded", createdAt: now },
      now,
    );
    await applyRefund(openDatabase(env.DB), payment, { id: "re_negative", paymentIntentId: null, amountCents: -500, status: "succeeded", createdAt: now }, now);
    expect(await paymentRow(paymentId)).toMatchObject({ refunded_cents: 0 });
    const alerts = await env.DB.prepare("SELECT kind FROM payment_alerts ORDER BY id").all();
    expect(alerts.results).toEqual([{ kind: "refund_refused" }, { kind: "refund_refused" }]);
  });
});

describe("webhooks on another API version", () => {
  it("are refused with a clear log line without the payload, and shown to staff", async () => {
    await installAccessJwks();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const event = {
      id: "evt_old_version",
      object: "event",
      api_version: "2024-06-20",
      created: Math.floor(Date.now() / 1000),
      type: "payment_intent.succeeded",
      data: { object: { id: "pi_secretish", object: "payment_intent", metadata: { portal_payment_id: "x" }, receipt_email: "ap@brickellbay.example" } },
    };
    const body = JSON.stringify(event);
    const response = await deliverWebhook(event, await signedWebhook(body));
    expect(response.status).toBe(400);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM stripe_events").first<{ n: number }>()).toEqual({ n: 0 });
    const logged = errors.mock.calls.map((call) => call.join(" ")).join("\n");
    expect(logged).toContain("api_version");
    expect(logged).toContain("2024-06-20");
    expect(logged).not.toContain("pi_secretish");
    expect(logged).not.toContain("brickellbay");
    errors.mockRestore();
    const staff = textOf(await (await staffFetch("/staff")).text());
    expect(staff).toContain("Webhooks are refused: the Stripe endpoint sends API version 2024-06-20");
  });
});
