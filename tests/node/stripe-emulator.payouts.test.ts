// The emulator's payouts, through the official SDK: a payout sweeps every settled charge (less
// Stripe's fee) and refund once; the list filters by status, arrival day and creation as Stripe does;
// list parameters outside Stripe's types, and statuses a payout cannot have, are refused.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { browserPost, cardParams, setup } from "./stripe-emulator.fixtures";

async function paidCard(emulator: ReturnType<typeof setup>["emulator"], stripe: ReturnType<typeof setup>["stripe"], amount: number) {
  const token = (await (await browserPost(emulator, "/v1/confirmation_tokens", cardParams("4242424242424242"))).json()) as { id: string };
  return stripe.paymentIntents.create({ amount, currency: "usd", confirm: true, confirmation_token: token.id, allowed_payment_method_types: ["card"] });
}

describe("emulator payouts", () => {
  it("pays out charges less fees and refunds, once, and lists what each payout carried", async () => {
    const { emulator, stripe } = setup();
    const intent = await paidCard(emulator, stripe, 100_000);
    expect(intent.status).toBe("succeeded");
    await stripe.refunds.create({ payment_intent: intent.id, amount: 20_000 });
    const payout = emulator.runPayouts()!;
    // 2.9% + 30¢ on $1,000.00 is $29.30.
    expect(payout.amount).toBe(100_000 - 2_930 - 20_000);
    expect(emulator.runPayouts()).toBeNull();

    const payouts = await stripe.payouts.list({ limit: 10 });
    expect(payouts.data.map((p) => p.id)).toEqual([payout.id]);
    const lines = await stripe.balanceTransactions.list({ payout: payout.id, limit: 100 });
    const byType = Object.fromEntries(lines.data.map((t) => [t.type, t]));
    expect(byType.charge).toMatchObject({ amount: 100_000, fee: 2_930, net: 97_070 });
    expect(byType.refund).toMatchObject({ amount: -20_000, fee: 0, net: -20_000 });
    expect(byType.payout).toMatchObject({ amount: -payout.amount });
  });

  it("lists payouts newest first, filtered by status, arrival_date and created, and pages within the filter", async () => {
    const DAY = 86_400;
    let clock = Date.UTC(2026, 10, 2, 15, 30);
    const { emulator, stripe } = setup({ now: () => clock });
    const payouts: Stripe.Payout[] = [];
    for (let i = 0; i < 3; i++) {
      await paidCard(emulator, stripe, 10_000 * (i + 1));
      payouts.push(emulator.runPayouts()!);
      clock += 3 * DAY * 1000;
    }
    const [first, second, third] = payouts as [Stripe.Payout, Stripe.Payout, Stripe.Payout];
    // Stripe gives the arrival as a day: midnight UTC, two days after the payout.
    expect(first.arrival_date).toBe(Date.UTC(2026, 10, 4) / 1000);
    const ids = async (params: Stripe.PayoutListParams) => (await stripe.payouts.list({ limit: 100, ...params })).data.map((p) => p.id);

    expect(await ids({})).toEqual([third.id, second.id, first.id]);
    expect(await ids({ status: "paid" })).toEqual([third.id, second.id, first.id]);
    expect(await ids({ status: "pending" })).toEqual([]);
    // [gte, lt): the second payout's arrival day alone; then from it on; then before it.
    expect(await ids({ arrival_date: { gte: second.arrival_date, lt: second.arrival_date + DAY } })).toEqual([second.id]);
    expect(await ids({ arrival_date: { gte: second.arrival_date } })).toEqual([third.id, second.id]);
    expect(await ids({ arrival_date: { lt: second.arrival_date } })).toEqual([first.id]);
    expect(await ids({ arrival_date: { gt: first.arrival_date, lte: third.arrival_date } })).toEqual([third.id, second.id]);
    expect(await ids({ arrival_date: first.arrival_date })).toEqual([first.id]);
    expect(await ids({ status: "paid", arrival_date: { lt: first.arrival_date } })).toEqual([]);
    expect(await ids({ created: { gte: second.created } })).toEqual([third.id, second.id]);
    // Pages within the filter, both ways.
    const page = await stripe.payouts.list({ limit: 1, arrival_date: { gte: second.arrival_date } });
    expect([page.data.map((p) => p.id), page.has_more]).toEqual([[third.id], true]);
    const older = await stripe.payouts.list({ limit: 1, arrival_date: { gte: second.arrival_date }, starting_after: third.id });
    expect([older.data.map((p) => p.id), older.has_more]).toEqual([[second.id], false]);
    expect(await ids({ ending_before: first.id })).toEqual([third.id, second.id]);
  });

  it("refuses a status a payout cannot have and a malformed date filter", async () => {
    const { stripe } = setup();
    await expect(stripe.payouts.list({ status: "settled" })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "status",
      message: "Invalid status: must be one of pending, paid, failed, or canceled",
    });
    // A payout can be in_transit, but Stripe's list filters on the four documented statuses only.
    await expect(stripe.payouts.list({ status: "in_transit" })).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "status" });
    await expect(stripe.payouts.list({ arrival_date: { gte: "tomorrow" as unknown as number } })).rejects.toMatchObject({ param: "arrival_date[gte]" });
    // @ts-expect-error: not a range operator
    await expect(stripe.payouts.list({ arrival_date: { after: 1 } })).rejects.toMatchObject({ type: "StripeInvalidRequestError" });
  });

  it("refuses parameters Stripe does not know and unknown payouts", async () => {
    const { stripe } = setup();
    await expect(stripe.balanceTransactions.list({ payout: "po_missing" })).rejects.toMatchObject({ code: "resource_missing" });
    await expect(stripe.payouts.list({ limit: 101 })).rejects.toMatchObject({ param: "limit" });
    // @ts-expect-error: not a parameter of balanceTransactions.list
    await expect(stripe.balanceTransactions.list({ payment_intent: "pi_x" })).rejects.toMatchObject({ code: "parameter_unknown" });
  });
});
