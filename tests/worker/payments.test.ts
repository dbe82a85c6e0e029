// Steps 5-8 end to end inside workerd, against real local D1 and the Stripe emulator over HTTP.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import {
  WORKED_EXAMPLE,
  balances,
  confirm,
  confirmAndFollow,
  enterDetails,
  openReview,
  outboxFor,
  paymentRow,
  resetLedger,
  reviewFields,
  selectAndChoose,
  signedInBrowser,
} from "./payment-flow";
import { BANK, CARDS, bankToken, cardToken, completeThreeDS, deliverWebhook, eventsFor, settleAch } from "./stripe-helpers";

beforeAll(async () => {
  await seedDemoData();
});
beforeEach(resetLedger);

describe("step 5: method", () => {
  it("shows the 3% fee and the card total beside cards, none for ACH", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, WORKED_EXAMPLE, "card");
    const text = textOf(await (await browser.get("/portal/pay")).text());
    // Step 5 quotes the selected balances in full: 12,480.00 + 786.76 + 9,475.00 + 18,250.00 + 4,450.00.
    expect(text).toContain("Transaction fees $1,363.25");
    expect(text).toContain("Total if paid by credit card $46,805.01");
    expect(text).toContain("Debit cards and ACH carry no fee");
    expect(text).toContain("No fee Total $45,441.76");
  });

  it("refuses an unknown method and keeps the page", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, WORKED_EXAMPLE, "card");
    const response = await browser.post("/portal/pay", { method: "bitcoin" });
    expect(response.status).toBe(422);
  });
});

describe("the guide's worked example", () => {
  it("by credit card: fee 1,313.60, total 45,100.36, paid, ledger and email recorded", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, WORKED_EXAMPLE, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    const text = textOf(review.html);
    expect(text).toContain("Subtotal $43,786.76");
    expect(text).toContain("Transaction fees $1,313.60");
    expect(text).toContain("Total $45,100.36");
    expect(text).toContain("Credit card · VISA •••• 4242");
    expect(review.expectedTotalCents).toBe("4510036");

    const { paymentId, page } = await confirmAndFollow(browser, review);
    const paid = textOf(page);
    expect(paid).toContain("Payment received");
    expect(paid).toContain("Transaction fees $1,313.60");
    expect(paid).toMatch(/Reference pi_\w+/);
    const row = await paymentRow(paymentId);
    expect(row).toMatchObject({
      status: "succeeded",
      method: "card",
      card_funding: "credit",
      subtotal_cents: 4_378_676,
      fee_cents: 131_360,
      total_cents: 4_510_036,
    });
    const after = await balances();
    expect(after.get("411872")!.balance).toBe(48_000);
    expect(after.get("fee:411872")!.balance).toBe(0);
    expect(after.get("413955")!.balance).toBe(1_530_881);
    expect(await outboxFor(paymentId)).toEqual([{ kind: "payment_received", recipient: "ap@brickellbay.example", language: "en" }]);
  });

  it.each([
    ["Visa debit", CARDS.visaDebit, "Debit card · VISA •••• 5556"],
    ["Mastercard debit", CARDS.mastercardDebit, "Debit card · MASTERCARD •••• 8210"],
    ["prepaid", CARDS.prepaid, "Prepaid card · MASTERCARD •••• 5100"],
  ])("by %s card: no fee, total 43,786.76", async (_name, number, label) => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, WORKED_EXAMPLE, "card");
    await enterDetails(browser, await cardToken(number));
    const review = await openReview(browser);
    expect(textOf(review.html)).toContain(label);
    expect(textOf(review.html)).toContain("Transaction fees $0.00");
    expect(review.expectedTotalCents).toBe("4378676");
    const { paymentId } = await confirmAndFollow(browser, review);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded", fee_cents: 0, total_cents: 4_378_676 });
  });
});

describe("ACH", () => {
  it("shows pending, reserves the items, then settles through the webhook", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413018": "4,450.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const review = await openReview(browser);
    expect(textOf(review.html)).toContain("Bank account (ACH) · STRIPE TEST BANK •••• 6789");
    expect(review.expectedTotalCents).toBe("445000");
    const { paymentId, page } = await confirmAndFollow(browser, review);
    expect(textOf(page)).toContain("Payment pending");
    expect(page).toContain('hx-trigger="every 4s"');
    expect((await balances()).get("413018")).toEqual({ balance: 445_000, reserved: 445_000 });
    // The item cannot be paid twice while the bank works.
    const items = await (await browser.get("/portal/items")).text();
    expect(textOf(items)).toContain("$4,450.00 pending");

    const row = await paymentRow(paymentId);
    await settleAch(String(row!.stripe_payment_intent_id));
    for (const event of await eventsFor(String(row!.stripe_payment_intent_id))) expect((await deliverWebhook(event)).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded" });
    expect((await balances()).get("413018")).toEqual({ balance: 0, reserved: 0 });
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_pending", "payment_received"]);
    expect(textOf(await (await browser.get(`/portal/payments/${paymentId}`)).text())).toContain("Payment received");
  });

  it("a failed debit releases the reservation and emails the client", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "412690": "1,000.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.noAccount));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await settleAch(intent);
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "failed", failure_code: "no_account" });
    expect((await balances()).get("412690")).toEqual({ balance: 1_825_000, reserved: 0 });
    expect((await outboxFor(paymentId)).map((e) => e.kind)).toEqual(["payment_pending", "payment_failed"]);
    expect(textOf(await (await browser.get(`/portal/payments/${paymentId}`)).text())).toContain("the bank account could not be found");
  });
});

describe("declines and 3D Secure", () => {
  it.each([
    [CARDS.declined, "your bank declined the payment"],
    [CARDS.insufficientFunds, "insufficient funds"],
  ])("card %s is declined with the reason and nothing is recorded as paid", async (number, reason) => {
    const browser = await signedInBrowser();
    const before = await balances();
    await selectAndChoose(browser, { "412305": "9,475.00" }, "card");
    await enterDetails(browser, await cardToken(number));
    const { paymentId, page } = await confirmAndFollow(browser, await openReview(browser));
    const text = textOf(page);
    expect(text).toContain("Payment not completed");
    expect(text).toContain(reason);
    expect(text).toContain("Try another payment method");
    expect(await paymentRow(paymentId)).toMatchObject({ status: "failed" });
    expect((await balances()).get("412305")).toEqual(before.get("412305"));
    expect(await outboxFor(paymentId)).toEqual([]);
    // The spent details are gone: the review sends the client back to enter new ones.
    const review = await browser.get("/portal/review");
    expect(review.headers.get("Location")).toBe("/portal/details?problem=details_missing");
  });

  it("3D Secure: the page hands the browser a client secret, then the approved payment succeeds", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413402": "2,000.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.threeDS));
    const { paymentId, page } = await confirmAndFollow(browser, await openReview(browser));
    expect(textOf(page)).toContain("Confirm with your bank");
    expect(page).toMatch(/data-client-secret="pi_\w+_secret_\w+"/);
    expect((await balances()).get("413402")!.reserved).toBe(200_000);
    await completeThreeDS(String((await paymentRow(paymentId))!.stripe_payment_intent_id), "approve");
    const refreshed = await browser.post(`/portal/payments/${paymentId}/refresh`, {});
    expect(refreshed.status).toBe(303);
    expect(await paymentRow(paymentId)).toMatchObject({ status: "succeeded", fee_cents: 6_000, total_cents: 206_000 });
  });

  it("3D Secure failed: nothing paid, reservation released", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413402": "1,000.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.threeDS));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    await completeThreeDS(String((await paymentRow(paymentId))!.stripe_payment_intent_id), "fail");
    await browser.post(`/portal/payments/${paymentId}/refresh`, {});
    expect(await paymentRow(paymentId)).toMatchObject({ status: "failed" });
    const page = textOf(await (await browser.get(`/portal/payments/${paymentId}`)).text());
    expect(page).toContain("authentication with your bank did not succeed");
  });
});

describe("never charged twice", () => {
  it("a double click confirms one payment with one PaymentIntent", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "100.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    const [a, b] = await Promise.all([confirm(browser, review), confirm(browser, review)]);
    expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
    const paymentId = a.headers.get("Location")!.split("/").pop()!;
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    expect((await eventsFor(intent)).filter((e) => e.type === "payment_intent.succeeded")).toHaveLength(1);
    // A reload of the confirm after success shows the same payment.
    const again = await confirm(browser, review);
    expect(again.headers.get("Location")).toBe(`/portal/payments/${paymentId}`);
  });

  it("two tabs paying the same balance at the same moment: exactly one succeeds", async () => {
    const tabA = await signedInBrowser();
    const tabB = await signedInBrowser("412690", "18,250.00");
    await selectAndChoose(tabA, { "fee:411872": "786.76" }, "card");
    await selectAndChoose(tabB, { "fee:411872": "786.76" }, "card");
    await enterDetails(tabA, await cardToken(CARDS.visaDebit));
    await enterDetails(tabB, await cardToken(CARDS.visaDebit));
    const [reviewA, reviewB] = [await openReview(tabA), await openReview(tabB)];
    const [a, b] = await Promise.all([confirm(tabA, reviewA), confirm(tabB, reviewB)]);
    const locations = [a.headers.get("Location"), b.headers.get("Location")];
    expect(locations.filter((l) => l?.startsWith("/portal/payments/"))).toHaveLength(1);
    expect(locations.filter((l) => l === "/portal/amounts?problem=already_paid")).toHaveLength(1);
    expect((await balances()).get("fee:411872")).toEqual({ balance: 0, reserved: 0 });
  });

  it("a tampered total in the form is not charged: the server shows its own figures", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "200.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    const response = await confirm(browser, { attemptId: review.attemptId, expectedTotalCents: "1" });
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain("The figures changed");
    expect(text).toContain("Total $206.00");
    expect(await paymentRow(review.attemptId)).toBeNull();
  });

  it("a confirm whose review basis names other amounts records nothing: the server shows its own figures", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "200.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    const basis = JSON.parse(review.basis) as { amounts: { itemId: number; cents: number }[] };
    // $1.00 instead of $200.00, and the total a 3% fee on it would make: priced, but never what the session holds.
    basis.amounts = basis.amounts.map((a) => ({ ...a, cents: 100 }));
    const response = await confirm(browser, { attemptId: review.attemptId, expectedTotalCents: "103", basis: JSON.stringify(basis) });
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain("The figures changed");
    expect(text).toContain("Total $206.00");
    expect(await paymentRow(review.attemptId)).toBeNull();
    expect((await balances()).get("413955")!.reserved).toBe(0);
  });

  it("a confirm without the review's basis records nothing and shows the review to confirm again", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "200.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const review = await openReview(browser);
    const response = await confirm(browser, { attemptId: review.attemptId, expectedTotalCents: review.expectedTotalCents });
    expect(response.status).toBe(200);
    expect(await paymentRow(review.attemptId)).toBeNull();
    const again = reviewFields(await response.text());
    expect(again).toEqual({ attemptId: review.attemptId, expectedTotalCents: "20600", basis: review.basis });
    const { paymentId } = await confirmAndFollow(browser, { html: "", ...again });
    expect(await paymentRow(paymentId)).toMatchObject({ id: review.attemptId, status: "succeeded", total_cents: 20_600 });
  });
});
