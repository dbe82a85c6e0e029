import { describe, expect, it } from "vitest";
import { advanceStatus, disputeWithdrawnCents, emailForStatus, splitReversal, statusesBefore } from "../../worker/domain/payments";
import type { PaymentStatus } from "../../worker/domain/payment-status";
import type { StoredMethod } from "../../worker/domain/payment-methods";

describe("statuses only move forward", () => {
  it.each<[PaymentStatus, PaymentStatus, PaymentStatus | null]>([
    ["created", "processing", "processing"],
    ["created", "succeeded", "succeeded"],
    ["processing", "succeeded", "succeeded"],
    ["processing", "failed", "failed"],
    ["requires_action", "succeeded", "succeeded"],
    ["requires_action", "failed", "failed"],
    ["succeeded", "processing", null], // a late "processing" after "succeeded"
    ["succeeded", "failed", null],
    // Stripe's success wins over a local failure (an answer lost, an attempt released too early).
    ["failed", "succeeded", "succeeded"],
    ["canceled", "succeeded", "succeeded"],
    ["failed", "processing", null],
    ["processing", "requires_action", null],
    ["processing", "processing", null],
  ])("%s + %s -> %s", (current, incoming, expected) => {
    expect(advanceStatus(current, incoming)).toBe(expected);
  });

  it("gives every event order the same end state", () => {
    const events: PaymentStatus[] = ["processing", "succeeded"];
    for (const order of [events, [...events].reverse(), [...events, ...events]]) {
      let status: PaymentStatus = "created";
      for (const incoming of order) status = advanceStatus(status, incoming) ?? status;
      expect(status).toBe("succeeded");
    }
  });

  it("lists the states an update may come from", () => {
    expect(statusesBefore("succeeded").sort()).toEqual(["canceled", "created", "failed", "processing", "requires_action"]);
    expect(statusesBefore("processing").sort()).toEqual(["created", "requires_action"]);
  });
});

describe("what a dispute takes, from Stripe's current dispute", () => {
  it.each<[string, number, number]>([
    ["warning_needs_response", 0, 0], // an inquiry: no money moves
    ["warning_under_review", 0, 0],
    ["warning_closed", 0, 0],
    ["needs_response", 0, 0], // created, funds not withdrawn yet
    ["needs_response", -5_000, 5_000], // charge.dispute.funds_withdrawn
    ["under_review", -5_000, 5_000],
    ["under_review", 0, 0], // withdrawn, then reinstated
    ["won", 0, 0],
    ["won", -5_000, 0],
    ["lost", -5_000, 5_000],
    ["lost", 0, 5_000],
    ["prevented", 0, 0],
    ["needs_response", -9_000, 5_000], // never more than the dispute
  ])("%s with balance %i takes %i", (status, balanceNetCents, expected) => {
    expect(disputeWithdrawnCents({ status, amountCents: 5_000, balanceNetCents })).toBe(expected);
  });
});

describe("reversals split pro rata between fee and items", () => {
  // The worked example by credit card: 43,786.76 + 1,313.60 fee = 45,100.36.
  const payment = {
    totalCents: 4_510_036,
    feeCents: 131_360,
    allocations: [
      { id: 1, amountCents: 1_200_000 },
      { id: 2, amountCents: 78_676 },
      { id: 3, amountCents: 900_000 },
      { id: 4, amountCents: 1_800_000 },
      { id: 5, amountCents: 400_000 },
    ],
  };
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  it("gives everything back on a full refund", () => {
    const r = splitReversal(payment, 4_510_036);
    expect(r.feeReversedCents).toBe(131_360);
    expect([...r.allocationReversals.values()]).toEqual([1_200_000, 78_676, 900_000, 1_800_000, 400_000]);
  });

  it("refunds the fee pro rata on a partial refund, adding up to the cent", () => {
    const r = splitReversal(payment, 451_004); // about a tenth
    expect(r.feeReversedCents).toBe(13_136);
    expect(r.feeReversedCents + sum(r.allocationReversals)).toBe(451_004);
    expect(r.allocationReversals.get(1)).toBe(120_000);
  });

  it.each([1, 2, 3, 7, 99, 12_345, 4_510_035])("adds up exactly for %i cents", (amount) => {
    const r = splitReversal(payment, amount);
    expect(r.feeReversedCents + sum(r.allocationReversals)).toBe(amount);
    for (const a of payment.allocations) expect(r.allocationReversals.get(a.id)!).toBeLessThanOrEqual(a.amountCents);
  });

  it("never reverses more than the payment", () => {
    const r = splitReversal(payment, 9_999_999);
    expect(r.feeReversedCents + sum(r.allocationReversals)).toBe(4_510_036);
  });

  it("handles a payment without fee", () => {
    const r = splitReversal(
      {
        totalCents: 10_000,
        feeCents: 0,
        allocations: [
          { id: 1, amountCents: 3_333 },
          { id: 2, amountCents: 6_667 },
        ],
      },
      5_000,
    );
    expect(r.feeReversedCents).toBe(0);
    expect(sum(r.allocationReversals)).toBe(5_000);
  });
});

describe("which changes send an email", () => {
  it.each<[PaymentStatus, StoredMethod, PaymentStatus, string | null]>([
    ["succeeded", "card", "created", "payment_received"],
    ["succeeded", "ach", "processing", "payment_received"],
    ["processing", "ach", "created", "payment_pending"],
    ["failed", "ach", "processing", "payment_failed"],
    ["failed", "card", "created", null],
    ["requires_action", "card", "created", null],
    // ACH waiting for microdeposits: the client needs the verification link; if it expires, they are told.
    ["requires_action", "ach", "created", "payment_verify_bank"],
    ["canceled", "ach", "requires_action", "payment_failed"],
    ["failed", "ach", "requires_action", "payment_failed"],
    ["canceled", "card", "requires_action", null],
  ])("%s by %s after %s -> %s", (status, method, previous, email) => {
    expect(emailForStatus(status, method, previous)).toBe(email);
  });
});
