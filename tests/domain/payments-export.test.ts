import { describe, expect, it } from "vitest";
import { exportCsv, exportRows, exportTotals, parseDateRange, type ExportPayment } from "../../worker/domain/payments-export";

const card: ExportPayment = {
  id: "pay_card",
  createdAt: Date.parse("2026-11-20T23:59:00Z"),
  settledAt: Date.parse("2026-11-21T00:01:00Z"),
  clientNumber: "20481736",
  clientName: "Brickell Bay Holdings LLC",
  method: "card",
  cardFunding: "credit",
  status: "succeeded",
  stripePaymentIntentId: "pi_123",
  feeCents: 15_710,
  feeRefundedCents: 1_456,
  allocations: [
    { invoiceNumber: "411872", kind: "late_fee", amountCents: 78_676, reversedCents: 7_298 },
    { invoiceNumber: "413018", kind: "invoice", amountCents: 445_000, reversedCents: 41_246 },
  ],
};
const ach: ExportPayment = {
  ...card,
  id: "pay_ach",
  method: "ach",
  cardFunding: null,
  status: "processing",
  settledAt: null,
  stripePaymentIntentId: "pi_456",
  feeCents: 0,
  feeRefundedCents: 0,
  allocations: [{ invoiceNumber: "414120", kind: "invoice", amountCents: 315_000, reversedCents: 0 }],
};

describe("export rows", () => {
  it("one row per allocation, dollars with two decimals, the fee on the payment's first row only", () => {
    const rows = exportRows([card, ach]);
    expect(rows.map((r) => [r.payment_id, r.invoice_number, r.item, r.amount_applied, r.amount_refunded, r.fee, r.fee_refunded])).toEqual([
      ["pay_card", "411872", "late_fee", "786.76", "72.98", "157.10", "14.56"],
      ["pay_card", "413018", "invoice", "4450.00", "412.46", "0.00", "0.00"],
      ["pay_ach", "414120", "invoice", "3150.00", "0.00", "0.00", "0.00"],
    ]);
    expect(rows[0]).toMatchObject({
      date: "2026-11-20",
      settled_date: "2026-11-21",
      method: "card",
      card_funding: "credit",
      status: "succeeded",
      stripe_reference: "pi_123",
    });
    expect(rows[2]).toMatchObject({ settled_date: "", card_funding: "", stripe_reference: "pi_456" });
  });

  it("totals are sums of cents, never of rounded dollars", () => {
    expect(exportTotals([card, ach])).toEqual({ amountAppliedCents: 838_676, amountRefundedCents: 48_544, feeCents: 15_710, feeRefundedCents: 1_456 });
  });

  it("has a header row in the documented order", () => {
    expect(exportCsv(exportRows([ach])).split("\r\n")[0]).toBe(
      "date,settled_date,payment_id,client_number,client_name,invoice_number,item,amount_applied,amount_refunded,fee,fee_refunded,method,card_funding,status,stripe_reference",
    );
  });
});

describe("date range", () => {
  it("is inclusive, in UTC days", () => {
    expect(parseDateRange("2026-11-01", "2026-11-30")).toEqual({
      ok: true,
      from: "2026-11-01",
      to: "2026-11-30",
      startMs: Date.parse("2026-11-01T00:00:00Z"),
      endMs: Date.parse("2026-12-01T00:00:00Z"),
    });
    expect(parseDateRange("2026-11-05", "2026-11-05")).toMatchObject({ ok: true });
  });

  it.each([
    [undefined, "2026-11-30"],
    ["2026-11-30", "2026-11-01"],
    ["2026-02-29", "2026-03-01"],
    ["11/01/2026", "11/30/2026"],
    ["2010-01-01", "2026-01-01"],
  ])("refuses %j to %j", (from, to) => {
    expect(parseDateRange(from, to)).toEqual({ ok: false });
  });
});
