import { describe, expect, it } from "vitest";
import { creditCardQuote, feeFor, parseFeePolicy, quote, surchargeOf } from "../../worker/domain/fees";
import type { MethodPreview } from "../../worker/domain/payment-methods";

const policy = { surchargeBps: 300, surchargeEnabled: true };
const card = (funding: "credit" | "debit" | "prepaid" | "unknown"): MethodPreview => ({ type: "card", funding, brand: "visa", last4: "4242" });
const bank: MethodPreview = { type: "us_bank_account", bankName: "STRIPE TEST BANK", last4: "6789" };

describe("surcharge arithmetic", () => {
  it.each([
    [4_378_676, 131_360], // the guide's worked example: 43,786.76 -> 1,313.60
    [100, 3],
    [1, 0], // 0.03 cents rounds down
    [17, 1], // 0.51 cents rounds up
    [50, 2], // 1.5 cents: half rounds up
    [16, 0], // 0.48 cents
    [0, 0],
    [1_000_000_000, 30_000_000],
  ])("3%% of %i cents is %i", (amount, fee) => {
    expect(surchargeOf(amount, 300)).toBe(fee);
  });
});

describe("only credit cards pay the fee", () => {
  it.each<[string, MethodPreview, number]>([
    ["credit card", card("credit"), 131_360],
    ["debit card", card("debit"), 0],
    ["prepaid card", card("prepaid"), 0],
    ["unknown funding", card("unknown"), 0],
    ["bank account", bank, 0],
  ])("%s", (_name, method, fee) => {
    expect(feeFor(method, 4_378_676, policy)).toBe(fee);
  });

  it("charges nothing to anyone when surcharging is off", () => {
    expect(feeFor(card("credit"), 4_378_676, { surchargeBps: 300, surchargeEnabled: false })).toBe(0);
  });

  it("gives the guide's totals: 45,100.36 by credit card, 43,786.76 otherwise", () => {
    expect(quote(4_378_676, card("credit"), policy)).toEqual({ subtotalCents: 4_378_676, feeCents: 131_360, totalCents: 4_510_036 });
    expect(quote(4_378_676, card("debit"), policy).totalCents).toBe(4_378_676);
    expect(quote(4_378_676, bank, policy).totalCents).toBe(4_378_676);
    expect(creditCardQuote(8_235_057, policy)).toEqual({ subtotalCents: 8_235_057, feeCents: 247_052, totalCents: 8_482_109 });
  });
});

describe("fee policy from configuration", () => {
  it.each<[string | undefined, string | undefined, { surchargeBps: number; surchargeEnabled: boolean }]>([
    [undefined, undefined, { surchargeBps: 300, surchargeEnabled: true }],
    ["250", "true", { surchargeBps: 250, surchargeEnabled: true }],
    ["300", "false", { surchargeBps: 300, surchargeEnabled: false }],
    ["0", "true", { surchargeBps: 0, surchargeEnabled: false }],
  ])("SURCHARGE_BPS=%s SURCHARGE_ENABLED=%s", (bps, enabled, expected) => {
    expect(parseFeePolicy(bps, enabled)).toEqual(expected);
  });

  it.each(["301", "400", "-1", "2.5", "abc"])("refuses %s at start-up", (bps) => {
    expect(() => parseFeePolicy(bps, "true")).toThrow(/SURCHARGE_BPS/);
  });
});
