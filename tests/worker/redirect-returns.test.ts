// Stripe's redirect back to the return URL (payment_intent, payment_intent_client_secret,
// redirect_status) lands on that payment's status page, for the session's own client only.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import { confirmAndFollow, enterDetails, openReview, paymentRow, resetLedger, selectAndChoose, signedInBrowser } from "./payment-flow";
import { CARDS, cardToken, completeThreeDS } from "./stripe-helpers";

beforeAll(async () => {
  await seedDemoData();
});
beforeEach(resetLedger);

function returnUrl(intent: string, status = "succeeded") {
  return `/portal/review?payment_intent=${intent}&payment_intent_client_secret=${intent}_secret_abc&redirect_status=${status}`;
}

describe("redirect returns from Stripe", () => {
  it("lands on the payment's page, brought up to date with Stripe, not on 'payment details missing'", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413402": "1,500.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.threeDS));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await completeThreeDS(intent, "approve");

    const back = await browser.get(returnUrl(intent));
    expect(back.status).toBe(303);
    expect(back.headers.get("Location")).toBe(`/portal/payments/${paymentId}`);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    const page = textOf(await (await browser.get(back.headers.get("Location")!)).text());
    expect(page).toContain("Payment received");
    expect(page).not.toContain("payment details");
  });

  it("answers 404, like a missing payment, for another client's PaymentIntent or an unknown one", async () => {
    const owner = await signedInBrowser();
    await selectAndChoose(owner, { "413402": "500.00" }, "card");
    await enterDetails(owner, await cardToken(CARDS.threeDS));
    const { paymentId } = await confirmAndFollow(owner, await openReview(owner));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);

    const other = await signedInBrowser("414120", "3,150.00");
    const stolen = await other.get(returnUrl(intent));
    const missing = await other.get(returnUrl("pi_doesnotexist0000"));
    expect(stolen.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(textOf(await stolen.text())).toBe(textOf(await missing.text()));
    expect(await paymentRow(paymentId)).toMatchObject({ status: "requires_action" });
  });
});
