import { describe, expect, it } from "vitest";
import { paymentStaffAction } from "../../worker/domain/staff-timeline";

describe("paymentStaffAction reads a stored staff action back into words the timeline can say", () => {
  it.each([
    [
      "refund_payment",
      { refundId: "re_1", amountCents: 10_300, feePartCents: 300, reason: "requested_by_customer", key: "re_1" },
      { action: "refund_payment", amountCents: 10_300, feePartCents: 300, reason: "requested_by_customer", refundId: "re_1" },
    ],
    [
      "refund_payment",
      { refundId: "re_2", amountCents: 500, feePartCents: 0, reason: "duplicate" },
      { action: "refund_payment", amountCents: 500, feePartCents: 0, reason: "duplicate", refundId: "re_2" },
    ],
    ["resend_receipt", { to: "books@example.com", kind: "payment_received", key: "resend:k" }, { action: "resend_receipt", to: "books@example.com" }],
    ["cancel_payment", { paymentIntentId: "pi_1", from: "requires_action" }, { action: "cancel_payment", from: "requires_action" }],
  ])("%s %j", (action, details, expected) => {
    expect(paymentStaffAction(action, JSON.stringify(details))).toEqual(expected);
  });

  it.each([
    ["an action it has no words for", "export_payments", JSON.stringify({ format: "csv" })],
    ["a refund without its amount", "refund_payment", JSON.stringify({ refundId: "re_1", feePartCents: 0, reason: "duplicate" })],
    ["a refund in dollars, not cents", "refund_payment", JSON.stringify({ refundId: "re_1", amountCents: 10.5, feePartCents: 0, reason: "duplicate" })],
    ["a negative amount", "refund_payment", JSON.stringify({ refundId: "re_1", amountCents: -100, feePartCents: 0, reason: "duplicate" })],
    ["a resend without an address", "resend_receipt", JSON.stringify({ to: "" })],
    ["details that are not JSON", "cancel_payment", "from=processing"],
    ["details that are a list", "cancel_payment", "[]"],
    ["details that are null", "cancel_payment", "null"],
  ])("null for %s", (_why, action, details) => {
    expect(paymentStaffAction(action, details)).toBeNull();
  });
});
