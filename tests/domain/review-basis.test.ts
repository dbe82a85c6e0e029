import { describe, expect, it } from "vitest";
import { amountsJson, parseReviewBasis, reviewBasisText } from "../../worker/domain/review-basis";

const basis = { confirmationToken: "ctoken_1", amounts: [{ itemId: 7, cents: 12_345 }], receiptEmail: "ap@example.com", clientNumber: "20481736" };

describe("the review's basis", () => {
  it("reads back what it wrote", () => {
    expect(parseReviewBasis(reviewBasisText(basis))).toEqual(basis);
  });

  it.each([
    ["not JSON", "{"],
    ["no amounts", JSON.stringify({ ...basis, amounts: [] })],
    ["a zero amount", JSON.stringify({ ...basis, amounts: [{ itemId: 7, cents: 0 }] })],
    ["a fractional cent", JSON.stringify({ ...basis, amounts: [{ itemId: 7, cents: 1.5 }] })],
    ["a negative amount", JSON.stringify({ ...basis, amounts: [{ itemId: 7, cents: -100 }] })],
    ["an item id as text", JSON.stringify({ ...basis, amounts: [{ itemId: "7", cents: 100 }] })],
    ["no token", JSON.stringify({ ...basis, confirmationToken: undefined })],
    ["no email", JSON.stringify({ ...basis, receiptEmail: 5 })],
    ["no client", JSON.stringify({ ...basis, clientNumber: null })],
  ])("refuses %s", (_case, text) => {
    expect(parseReviewBasis(text)).toBeNull();
  });

  it("stores amounts with only the item and the cents, in order", () => {
    expect(amountsJson([{ itemId: 2, cents: 5 }, { itemId: 1, cents: 9, extra: true } as never])).toBe('[{"itemId":2,"cents":5},{"itemId":1,"cents":9}]');
  });
});
