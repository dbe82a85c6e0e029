import { describe, expect, it } from "vitest";
import { centsToPlain, formatCents, parseAmount } from "../../worker/domain/money";

describe("parseAmount reads amounts as people type them", () => {
  it.each([
    ["15308.81", 1_530_881],
    ["15,308.81", 1_530_881],
    ["$15,308.81", 1_530_881],
    [" $ 15 308.81 ", 1_530_881],
    ["15308.8", 1_530_880],
    ["15308.", 1_530_800],
    ["15308", 1_530_800],
    [".81", 81],
    ["0.01", 1],
    ["1,000,000.00", 100_000_000],
    ["0", 0],
  ])("%j is %i cents", (input, cents) => {
    expect(parseAmount(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["-5.00", "negative"],
    ["$-5.00", "negative"],
    ["15308.812", "too_many_decimals"],
    ["1,5308.81", "format"],
    ["15.308,81", "format"],
    ["abc", "format"],
    ["1e5", "format"],
    ["$", "format"],
    [".", "format"],
    ["12.34.56", "format"],
    ["99999999999", "too_large"],
    ["10,000,000.01", "too_large"],
  ])("%j is refused as %s", (input, error) => {
    expect(parseAmount(input)).toEqual({ ok: false, error });
  });
});

describe("formatCents shows dollars the way the firm's guide does", () => {
  it.each([
    [8_235_057, "$82,350.57"],
    [4_544_176, "$45,441.76"],
    [0, "$0.00"],
    [5, "$0.05"],
    [100_000_000, "$1,000,000.00"],
    [-131_360, "-$1,313.60"],
  ])("%i cents is %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it("writes plain decimals for exports and prefilled fields", () => {
    expect(centsToPlain(1_248_000)).toBe("12480.00");
    expect(centsToPlain(7)).toBe("0.07");
  });
});
