// ACH with bank details entered by hand: Stripe asks for microdeposits. The client is told what
// happens next in their language (never the 3D Secure text), gets the link by email, the items
// stay reserved meanwhile, and an account never verified is canceled with its reservation released.
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStripeGateway } from "../../worker/gateways/stripe";
import { renderOutboxEmail } from "../../worker/services/emails";
import { EMAIL_TEMPLATES } from "../../ui/emails/templates";
import { reconcile } from "../../worker/services/reconcile";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../worker/storage/db";
import { outbox } from "../../worker/storage/schema";
import { seedDemoData, textOf } from "./helpers";
import { balances, confirmAndFollow, enterDetails, openReview, outboxFor, paymentRow, resetLedger, selectAndChoose, signedInBrowser } from "./payment-flow";
import { BANK, bankToken, deliverWebhook, eventsFor, expireMicrodeposits, manualBankToken, settleAch, verifyMicrodeposits } from "./stripe-helpers";

const deps = () => ({
  db: openDatabase(env.DB),
  gateway: createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE }),
  now: () => Date.now(),
});

async function intentStatus(paymentIntentId: string): Promise<string> {
  return (await deps().gateway.retrievePayment(paymentIntentId)).providerStatus ?? "";
}

async function makeStale(paymentId: string) {
  await env.DB.prepare("UPDATE payments SET updated_at = updated_at - 11 * 60000 WHERE id = ?").bind(paymentId).run();
}

beforeAll(async () => {
  await seedDemoData();
});
beforeEach(resetLedger);

describe("ACH entered by hand: microdeposits", () => {
  it("tells the client when the deposits arrive and where to verify, in English and Spanish, never the 3D Secure text", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "ach");
    await enterDetails(browser, await manualBankToken(BANK.settles));
    const { paymentId, page } = await confirmAndFollow(browser, await openReview(browser));
    const row = (await paymentRow(paymentId))!;
    expect(row).toMatchObject({ status: "requires_action", verification_type: "descriptor_code" });
    expect(String(row.verification_url)).toMatch(/\/_emulator\/microdeposit\/pacs_test_/);

    const text = textOf(page);
    expect(text).toContain("Verify your bank account to finish this payment");
    expect(text).toContain("a deposit of $0.01 will appear in your account with a 6-character code starting with SM");
    const arrival = new Date(Number(row.verification_arrival_at));
    const shown = `${String(arrival.getUTCMonth() + 1).padStart(2, "0")}/${String(arrival.getUTCDate()).padStart(2, "0")}/${arrival.getUTCFullYear()}`;
    expect(text).toContain(`By ${shown}`);
    expect(text).toContain("We also emailed you this link");
    expect(page).toContain(`href="${String(row.verification_url)}"`);
    expect(text).not.toContain("card issuer");
    expect(page).not.toContain("data-client-secret");

    const spanish = textOf(await (await browser.get(`/portal/payments/${paymentId}?lang=es`)).text());
    expect(spanish).toContain("Verifique su cuenta bancaria para completar este pago");
    expect(spanish).toContain(`Para el ${shown}`);
    expect(spanish).not.toContain("emisor de su tarjeta");

    // Reserved while waiting; the verification link goes out by email.
    expect((await balances()).get("413018")!.reserved).toBe(445_000);
    expect(await outboxFor(paymentId)).toEqual([{ kind: "payment_verify_bank", recipient: "ap@brickellbay.example", language: "en" }]);

    // The email carries the link and the date, rendered from the ledger in the client's language.
    const db = deps().db;
    const [queued] = await db.select().from(outbox).where(eq(outbox.paymentId, paymentId));
    const config = {
      from: { name: "Alvarez & Whitman CPAs", email: "portal@alvarezwhitman.example" },
      firmName: "Alvarez & Whitman CPAs",
      arEmail: "ar@alvarezwhitman.example",
      timeZone: "America/New_York",
      templates: EMAIL_TEMPLATES,
    };
    const email = await renderOutboxEmail(db, queued!, config);
    expect(email.subject).toBe("Action needed: verify your bank account to finish your $4,450.00 payment");
    expect(email.text).toContain(`Verify it here once the deposits arrive: ${String(row.verification_url)}`);
    expect(email.text).toContain(`By ${shown}`);
    const spanishEmail = await renderOutboxEmail(db, { ...queued!, language: "es" }, config);
    expect(spanishEmail.subject).toContain("verifique su cuenta bancaria");
    expect(spanishEmail.text).toContain(`Verifíquela aquí cuando lleguen los depósitos: ${String(row.verification_url)}`);
  });

  it("after verification the payment processes, then settles like any ACH payment", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "1,000.00" }, "ach");
    await enterDetails(browser, await manualBankToken(BANK.settles, "company"));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const row = (await paymentRow(paymentId))!;
    expect(row.verification_type).toBe("amounts");
    const page = textOf(await (await browser.get(`/portal/payments/${paymentId}`)).text());
    expect(page).toContain("two small deposits will appear in your account, described as ACCTVERIFY");

    const intent = String(row.stripe_payment_intent_id);
    expect((await verifyMicrodeposits(intent, { amounts: [11, 22] })).status).toBe(400);
    expect((await verifyMicrodeposits(intent, { amounts: [32, 45] })).status).toBe(200);
    // The client comes back and presses "check": the portal asks Stripe.
    const refreshed = await browser.post(`/portal/payments/${paymentId}/refresh`, {});
    expect(refreshed.headers.get("Location")).toBe(`/portal/payments/${paymentId}`);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "processing" });
    await settleAch(intent);
    await browser.post(`/portal/payments/${paymentId}/refresh`, {});
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect((await balances()).get("413018")!.balance).toBe(345_000);
  });

  it("expires unverified as Stripe does: reconciliation cancels the PaymentIntent, releases the items and tells the client", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "2,000.00" }, "ach");
    await enterDetails(browser, await manualBankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);

    // Still waiting (well within 10 days) and stale for the cron: reconcile leaves it alone.
    await makeStale(paymentId);
    expect(await reconcile({ ...deps(), actionTimeoutMs: 1 })).toMatchObject({ attemptsCanceled: 0, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "requires_action" });

    await expireMicrodeposits(intent);
    await makeStale(paymentId);
    expect(await reconcile(deps())).toMatchObject({ attemptsCanceled: 1, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "canceled", failure_code: "payment_method_microdeposit_verification_timeout" });
    expect((await eventsFor(intent)).map((e) => e.type)).toContain("payment_intent.canceled");
    expect((await balances()).get("413018")!.reserved).toBe(0);
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_verify_bank", "payment_failed"]);

    const page = textOf(await (await browser.get(`/portal/payments/${paymentId}`)).text());
    expect(page).toContain("Payment canceled");
    expect(page).toContain("the bank account was not verified within 10 days");
    expect(page).toContain("Try another payment method");
  });

  it("expires unverified and the webhook comes first: the payment fails, the items are released and the PaymentIntent is canceled at Stripe", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "1,500.00" }, "ach");
    await enterDetails(browser, await manualBankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);

    await expireMicrodeposits(intent);
    const failed = (await eventsFor(intent)).find((e) => e.type === "payment_intent.payment_failed");
    expect(failed?.data.object).toMatchObject({ status: "requires_payment_method" });
    // Delivered twice, as Stripe may: the second is a no-op.
    for (let i = 0; i < 2; i++) expect((await deliverWebhook(failed)).status).toBe(200);

    expect(await paymentRow(paymentId)).toMatchObject({ status: "failed", failure_code: "payment_method_microdeposit_verification_timeout" });
    expect((await balances()).get("413018")!.reserved).toBe(0);
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_verify_bank", "payment_failed"]);
    // Canceled at Stripe once, so nobody can confirm it later with the client secret the browser had.
    expect((await eventsFor(intent)).filter((e) => e.type === "payment_intent.canceled")).toHaveLength(1);
    expect(await intentStatus(intent)).toBe("canceled");

    // The cancellation's own webhook changes nothing, and the cron finds nothing left to do.
    const canceled = (await eventsFor(intent)).find((e) => e.type === "payment_intent.canceled");
    expect((await deliverWebhook(canceled)).status).toBe(200);
    await makeStale(paymentId);
    expect(await reconcile(deps())).toMatchObject({ attemptsCanceled: 0, errors: 0 });
    expect(await paymentRow(paymentId)).toMatchObject({ status: "failed" });
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_verify_bank", "payment_failed"]);
  });

  it("instant verification at the test institution still goes straight to processing", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "500.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    expect(await paymentRow(paymentId)).toMatchObject({ status: "processing", verification_url: null });
  });
});
