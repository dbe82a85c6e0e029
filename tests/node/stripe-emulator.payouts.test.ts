// The emulator's payouts, through the official SDK: a payout sweeps every settled charge (less
// Stripe's fee) and refund once; list parameters outside Stripe's types are refused.
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

  it("refuses parameters Stripe does not know and unknown payouts", async () => {
    const { stripe } = setup();
    await expect(stripe.balanceTransactions.list({ payout: "po_missing" })).rejects.toMatchObject({ code: "resource_missing" });
    await expect(stripe.payouts.list({ limit: 101 })).rejects.toMatchObject({ param: "limit" });
    // @ts-expect-error: not a parameter of balanceTransactions.list
    await expect(stripe.balanceTransactions.list({ payment_intent: "pi_x" })).rejects.toMatchObject({ code: "parameter_unknown" });
  });
});
