// The reconciliation cron against the emulator: attempts abandoned in 3D Secure are canceled at
// Stripe and their items released (the client can pay again), payment_intent.canceled is applied,
// and one payment Stripe cannot answer for never blocks the others.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createStripeGateway } from "../../worker/gateways/stripe";
import { reconcile } from "../../worker/services/reconcile";
import { openDatabase } from "../../worker/storage/db";
import { reservePayment } from "../../worker/storage/payments-repo";
import { seedDemoData, textOf } from "./helpers";
import { balances, confirmAndFollow, enterDetails, itemIds, openReview, paymentRow, resetLedger, selectAndChoose, signedInBrowser } from "./payment-flow";
import { BANK, CARDS, bankToken, cardToken, deliverWebhook, eventsFor, settleAch } from "./stripe-helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const gateway = () => createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE });
const deps = (now = Date.now()) => ({ db: openDatabase(env.DB), gateway: gateway(), now: () => now });
const MINUTE = 60_000;

async function ageBy(paymentId: string, ms: number) {
  await env.DB.prepare("UPDATE payments SET updated_at = updated_at - ? WHERE id = ?").bind(ms, paymentId).run();
}

async function threeDSPayment(amount = "1,000.00") {
  const browser = await signedInBrowser();
  await selectAndChoose(browser, { "413402": amount }, "card");
  await enterDetails(browser, await cardToken(CARDS.threeDS));
  const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
  expect(await paymentRow(paymentId)).toMatchObject({ status: "requires_action" });
  return { browser, paymentId, intent: String((await paymentRow(paymentId))!.stripe_payment_intent_id) };
}

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
});
afterAll(() => {
  vi.restoreAllMocks();
});
beforeEach(resetLedger);

describe("abandoned 3D Secure", () => {
  it("is canceled at Stripe after an hour by default, not before, and the items are released", async () => {
    const { browser, paymentId, intent } = await threeDSPayment();
    expect((await balances()).get("413402")!.reserved).toBe(100_000);
    await ageBy(paymentId, 59 * MINUTE);
    expect(await reconcile(deps())).toMatchObject({ attemptsCanceled: 0, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "requires_action" });

    await ageBy(paymentId, 2 * MINUTE);
    expect(await reconcile(deps())).toMatchObject({ attemptsCanceled: 1, paymentsRefreshed: 1, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "canceled", failure_code: "abandoned" });
    expect((await eventsFor(intent)).map((e) => e.type)).toContain("payment_intent.canceled");
    expect((await balances()).get("413402")!.reserved).toBe(0);

    // The client comes back: told what happened, and can pay the same items again.
    const page = textOf(await (await browser.get(`/portal/payments/${paymentId}`)).text());
    expect(page).toContain("Payment canceled");
    expect(page).toContain("was not completed in time");
    expect(page).not.toContain("Confirm with your bank");
    await selectAndChoose(browser, { "413402": "1,000.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const again = await confirmAndFollow(browser, await openReview(browser));
    expect(await paymentRow(again.paymentId)).toMatchObject({ status: "succeeded" });
  });

  it("honours a configured timeout", async () => {
    const { paymentId } = await threeDSPayment();
    await ageBy(paymentId, 11 * MINUTE);
    expect(await reconcile(deps())).toMatchObject({ attemptsCanceled: 0 });
    expect(await reconcile({ ...deps(), actionTimeoutMs: 10 * MINUTE })).toMatchObject({ attemptsCanceled: 1 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "canceled" });
  });

  it("applies payment_intent.canceled from Stripe, once, and releases the reservation", async () => {
    const { paymentId, intent } = await threeDSPayment();
    await gateway().cancelPayment(intent, "abandoned", `portal-cancel-${intent}`);
    const canceled = (await eventsFor(intent)).find((e) => e.type === "payment_intent.canceled")!;
    expect((await deliverWebhook(canceled)).status).toBe(200);
    expect((await deliverWebhook(canceled)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "canceled" });
    expect((await balances()).get("413402")!.reserved).toBe(0);
  });

  it("takes Stripe's word when the client finished just before the cancel", async () => {
    const { paymentId, intent } = await threeDSPayment();
    await ageBy(paymentId, 2 * 60 * MINUTE);
    // The client approves between the cron's read and its cancel: Stripe refuses the cancel.
    const real = gateway();
    const racing = {
      ...real,
      async retrievePayment(id: string) {
        const seen = await real.retrievePayment(id);
        await fetch(`${env.STRIPE_API_BASE}/_emulator/3ds/${id}/complete`, {
          method: "POST",
          headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` },
          body: new URLSearchParams({ outcome: "approve" }),
        });
        return seen;
      },
    };
    expect(await reconcile({ db: openDatabase(env.DB), gateway: racing, now: () => Date.now() })).toMatchObject({ attemptsCanceled: 0, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect((await eventsFor(intent)).map((e) => e.type)).not.toContain("payment_intent.canceled");
  });
});

describe("one bad payment never blocks reconciliation", () => {
  it("skips a PaymentIntent Stripe answers 404 for, reconciles the rest, and shows it to staff", async () => {
    const ids = await itemIds();
    const client = await env.DB.prepare("SELECT id FROM clients WHERE number = '20481736'").first<{ id: number }>();
    await reservePayment(
      openDatabase(env.DB),
      {
        id: "ghost-payment",
        clientId: client!.id,
        method: "ach",
        cardFunding: null,
        methodLabel: "STRIPE TEST BANK •••• 6789",
        subtotalCents: 10_000,
        feeCents: 0,
        totalCents: 10_000,
        receiptEmail: null,
        language: "en",
        now: Date.now(),
      },
      [{ itemId: ids.get("412690")!, cents: 10_000 }],
    );
    await env.DB.prepare(
      "UPDATE payments SET status = 'processing', stripe_payment_intent_id = 'pi_doesnotexist0000', updated_at = ? WHERE id = 'ghost-payment'",
    )
      .bind(Date.now() - 60 * MINUTE)
      .run();

    // A real ACH payment whose settlement webhook was missed, updated after the ghost.
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    await settleAch(String((await paymentRow(paymentId))!.stripe_payment_intent_id));
    await ageBy(paymentId, 11 * MINUTE);

    const logs = vi.spyOn(console, "warn");
    expect(await reconcile(deps())).toMatchObject({ paymentsRefreshed: 1, errors: 1 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect(await paymentRow("ghost-payment")).toMatchObject({ status: "processing", reconcile_error: "GatewayRequestError:resource_missing" });
    const logged = logs.mock.calls.map((call) => String(call[0])).filter((line) => line.includes("reconcile failed"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("ghost-payment");
    expect(logged[0]).not.toContain("No such payment_intent");
    logs.mockRestore();

    const staff = textOf(await (await staffFetch("/staff")).text());
    expect(staff).toContain("Payments reconciliation could not check");
    expect(staff).toContain("pi_doesnotexist0000");
    expect(staff).toContain("GatewayRequestError:resource_missing");

    // The client's "check the payment" gets a clear message, not a 500, and nothing changes.
    const refresh = await browser.post("/portal/payments/ghost-payment/refresh", {});
    expect(refresh.status).toBe(303);
    expect(refresh.headers.get("Location")).toBe("/portal/payments/ghost-payment?problem=refresh_refused");
    const page = await browser.get(refresh.headers.get("Location")!);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain("We couldn't check this payment with our payment processor just now");
    expect(await paymentRow("ghost-payment")).toMatchObject({ status: "processing" });
    const spanish = await browser.get("/portal/payments/ghost-payment?problem=refresh_refused&lang=es");
    expect(textOf(await spanish.text())).toContain("No pudimos revisar este pago");
  });
});
