import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStripeGateway } from "../../worker/gateways/stripe";
import { reconcile } from "../../worker/services/reconcile";
import { openDatabase } from "../../worker/storage/db";
import { reservePayment } from "../../worker/storage/payments-repo";
import { seedDemoData } from "./helpers";
import { balances, confirmAndFollow, enterDetails, itemIds, openReview, paymentRow, resetLedger, selectAndChoose, signedInBrowser } from "./payment-flow";
import { BANK, bankToken, settleAch } from "./stripe-helpers";

const deps = () => ({
  db: openDatabase(env.DB),
  gateway: createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE }),
  now: () => Date.now(),
});

beforeAll(async () => {
  await seedDemoData();
});
beforeEach(resetLedger);

describe("reconciliation", () => {
  it("settles an ACH payment whose webhooks never arrived", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    await settleAch(String((await paymentRow(paymentId))!.stripe_payment_intent_id));
    // No webhook delivered. Too recent to ask about yet:
    expect((await reconcile(deps())).paymentsRefreshed).toBe(0);
    await env.DB.prepare("UPDATE payments SET updated_at = updated_at - 11 * 60000 WHERE id = ?").bind(paymentId).run();
    expect(await reconcile(deps())).toMatchObject({ paymentsRefreshed: 1, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect((await balances()).get("413018")!.balance).toBe(0);
  });

  it("releases an attempt that never reached the provider after a day, not before", async () => {
    const ids = await itemIds();
    const client = await env.DB.prepare("SELECT id FROM clients WHERE number = '20481736'").first<{ id: number }>();
    const now = Date.now();
    await reservePayment(
      openDatabase(env.DB),
      {
        id: "stuck-attempt",
        clientId: client!.id,
        method: "card",
        cardFunding: "credit",
        methodLabel: "VISA •••• 4242",
        subtotalCents: 10_000,
        feeCents: 300,
        totalCents: 10_300,
        receiptEmail: null,
        language: "en",
        now,
      },
      [{ itemId: ids.get("412690")!, cents: 10_000 }],
    );
    expect((await balances()).get("412690")!.reserved).toBe(10_000);
    await env.DB.prepare("UPDATE payments SET updated_at = ?, created_at = ? WHERE id = 'stuck-attempt'")
      .bind(now - 3_600_000, now - 3_600_000)
      .run();
    expect((await reconcile(deps())).attemptsAbandoned).toBe(0);
    await env.DB.prepare("UPDATE payments SET created_at = ? WHERE id = 'stuck-attempt'")
      .bind(now - 25 * 3_600_000)
      .run();
    expect((await reconcile(deps())).attemptsAbandoned).toBe(1);
    expect(await paymentRow("stuck-attempt")).toMatchObject({ status: "failed", failure_code: "abandoned" });
    expect((await balances()).get("412690")!.reserved).toBe(0);
  });

  it("applies stored events that failed to apply", async () => {
    await env.DB.prepare(
      "INSERT INTO stripe_events (id, type, object_id, payload, received_at, attempts) VALUES ('evt_unrelated', 'customer.created', 'cus_1', ?, ?, 1)",
    )
      .bind(JSON.stringify({ id: "evt_unrelated", type: "customer.created", data: { object: { id: "cus_1" } } }), Date.now())
      .run();
    expect((await reconcile(deps())).eventsApplied).toBe(1);
    const row = await env.DB.prepare("SELECT processed_at FROM stripe_events WHERE id = 'evt_unrelated'").first<{ processed_at: number | null }>();
    expect(row!.processed_at).not.toBeNull();
  });
});
