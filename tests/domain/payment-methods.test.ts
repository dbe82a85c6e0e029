import { describe, expect, it } from "vitest";
import { highestQuote } from "../../worker/domain/fees";
import {
  fundingOf,
  isPayMethod,
  isRecordedMethod,
  LATER_SETTLING_METHODS,
  methodLabel,
  PAY_METHODS,
  PAYMENT_METHODS,
  payMethodFor,
  portalMethod,
  STORED_METHODS,
  type MethodPreview,
} from "../../worker/domain/payment-methods";

const card: MethodPreview = { type: "card", funding: "debit", brand: "visa", last4: "4242" };
const bank: MethodPreview = { type: "us_bank_account", bankName: "STRIPE TEST BANK", last4: "6789" };

describe("the payment method table", () => {
  it("offers ACH then card, as Stripe's us_bank_account and card", () => {
    expect(PAY_METHODS).toEqual(["ach", "card"]);
    expect(PAY_METHODS.map((method) => PAYMENT_METHODS[method].providerType)).toEqual(["us_bank_account", "card"]);
    expect(PAY_METHODS.map((method) => payMethodFor(PAYMENT_METHODS[method].providerType))).toEqual(PAY_METHODS);
  });

  it.each<[unknown, boolean]>([
    ["ach", true],
    ["card", true],
    ["check", false], // recorded from the books, never chosen in checkout
    ["us_bank_account", false],
    ["toString", false],
    ["", false],
    [undefined, false],
  ])("%s is a method the client may choose: %s", (value, expected) => {
    expect(isPayMethod(value)).toBe(expected);
  });

  it("stores checks beside the portal's methods, with no table entry of their own", () => {
    expect(STORED_METHODS).toEqual(["ach", "card", "check"]);
    expect(isRecordedMethod("check")).toBe(true);
    expect(isRecordedMethod("card")).toBe(false);
    expect(portalMethod("check")).toBeNull();
    expect(portalMethod("ach")).toBe(PAYMENT_METHODS.ach);
  });

  it("lets only the card carry the surcharge, and only ACH wait for the bank", () => {
    expect(PAY_METHODS.filter((method) => PAYMENT_METHODS[method].surchargeable)).toEqual(["card"]);
    expect(LATER_SETTLING_METHODS).toEqual(["ach"]);
  });

  it("quotes a card at the credit card's fee and ACH at no fee before the client picks", () => {
    const policy = { surchargeBps: 300, surchargeEnabled: true };
    expect(highestQuote("card", 4_378_676, policy)).toEqual({ subtotalCents: 4_378_676, feeCents: 131_360, totalCents: 4_510_036 });
    expect(highestQuote("ach", 4_378_676, policy)).toEqual({ subtotalCents: 4_378_676, feeCents: 0, totalCents: 4_378_676 });
    expect(highestQuote("card", 4_378_676, { surchargeBps: 300, surchargeEnabled: false }).feeCents).toBe(0);
  });

  it("reads a preview's funding and label", () => {
    expect([fundingOf(card), fundingOf(bank)]).toEqual(["debit", null]);
    expect([methodLabel(card), methodLabel(bank)]).toEqual(["VISA •••• 4242", "STRIPE TEST BANK •••• 6789"]);
  });
});
