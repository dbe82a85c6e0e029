import { describe, expect, it } from "vitest";
import { totalOutstanding, withBalances, type Allocation, type PayableItem } from "../../worker/domain/items";
import { agingBucket, buildStatement, daysPastDue, itemDueDate, type StatementPaymentInput } from "../../worker/domain/statement";

const invoice = (id: number, number: string, date: string, cents: number): PayableItem => ({
  id,
  kind: "invoice",
  invoiceNumber: number,
  itemDate: date,
  originalCents: cents,
  delivery: "electronic",
  hasPdf: true,
});
const lateFee = (id: number, number: string, date: string, cents: number): PayableItem => ({
  id,
  kind: "late_fee",
  invoiceNumber: number,
  itemDate: date,
  originalCents: cents,
  delivery: null,
  hasPdf: false,
});
const payment = (id: string, status: string, createdAt: number, subtotalCents: number): StatementPaymentInput => ({
  id,
  status,
  createdAt,
  date: new Date(createdAt).toISOString().slice(0, 10),
  method: "ach",
  methodLabel: "STRIPE TEST BANK •••• 6789",
  reference: `pi_${id}`,
  subtotalCents,
  feeCents: 0,
  totalCents: subtotalCents,
});

describe("due dates and days past due", () => {
  it.each([
    [{ kind: "invoice" as const, itemDate: "2026-01-15" }, "2026-02-14"],
    [{ kind: "invoice" as const, itemDate: "2024-02-10" }, "2024-03-11"], // leap year
    [{ kind: "invoice" as const, itemDate: "2026-12-15" }, "2027-01-14"],
    [{ kind: "late_fee" as const, itemDate: "2026-03-01" }, "2026-03-01"], // due when charged
  ])("%o is due %s", (item, due) => {
    expect(itemDueDate(item)).toBe(due);
  });

  it.each([
    ["2026-02-14", "2026-02-13", 0],
    ["2026-02-14", "2026-02-14", 0],
    ["2026-02-14", "2026-02-15", 1],
    ["2026-02-14", "2026-03-16", 30],
    ["2026-02-14", "2026-03-17", 31],
    ["2026-03-07", "2026-03-09", 2], // across the daylight-saving change: calendar days, not hours
    ["2025-12-31", "2026-12-31", 365],
  ])("due %s, today %s: %i days past due", (due, today, days) => {
    expect(daysPastDue(due, today)).toBe(days);
  });

  it.each([
    [0, "current"],
    [1, "days1to30"],
    [30, "days1to30"],
    [31, "days31to60"],
    [60, "days31to60"],
    [61, "days61to90"],
    [90, "days61to90"],
    [91, "over90"],
    [1000, "over90"],
  ])("%i days past due is %s", (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });
});

describe("buildStatement", () => {
  const items = [
    invoice(1, "411872", "2026-01-02", 1_500_000), // due 02-01: 120 days past due on 06-01
    lateFee(2, "411872", "2026-02-15", 78_676), // due 02-15: 106 days
    invoice(3, "412305", "2026-03-10", 900_001), // due 04-09: 53 days
    invoice(4, "412690", "2026-04-01", 1_800_050), // due 05-01: 31 days
    invoice(5, "413018", "2026-04-20", 400_000), // due 05-20: 12 days
    invoice(6, "413955", "2026-05-15", 1_530_881), // due 06-14: current
    invoice(7, "410001", "2026-01-05", 250_000), // paid in full: not on the statement
    invoice(8, "413500", "2026-03-15", 100_000), // due 04-14: 48 days, partly refunded payment
  ];
  const allocations: (Allocation & { paymentId: string })[] = [
    { paymentId: "p1", itemId: 7, amountCents: 250_000, reversedCents: 0, effect: "applied" },
    { paymentId: "p2", itemId: 1, amountCents: 300_000, reversedCents: 0, effect: "applied" },
    { paymentId: "p3", itemId: 3, amountCents: 100_000, reversedCents: 0, effect: "reserved" }, // ACH at the bank
    { paymentId: "p4", itemId: 8, amountCents: 60_000, reversedCents: 10_000, effect: "applied" },
    { paymentId: "p5", itemId: 4, amountCents: 5_000, reversedCents: 0, effect: "released" }, // failed
  ];
  const DAY = 86_400_000;
  const now = Date.parse("2026-06-01T15:00:00Z");
  const payments = [
    payment("p1", "succeeded", now - 200 * DAY, 250_000), // older than 90 days: the caller filters by date
    payment("p2", "succeeded", now - 10 * DAY, 300_000),
    payment("p3", "processing", now - 1 * DAY, 100_000),
    payment("p4", "succeeded", now - 30 * DAY, 60_000),
    payment("p5", "failed", now - 5 * DAY, 5_000),
  ];
  const balances = withBalances(items, allocations);
  const statement = buildStatement({ items: balances, payments: payments.slice(1), allocations, today: "2026-06-01" });

  it("lists open items in listing order with due dates and days past due", () => {
    expect(statement.lines.map((l) => [l.invoiceNumber, l.kind, l.dueDate, l.daysPastDue, l.bucket, l.balanceCents])).toEqual([
      ["411872", "invoice", "2026-02-01", 120, "over90", 1_200_000],
      ["411872", "late_fee", "2026-02-15", 106, "over90", 78_676],
      ["412305", "invoice", "2026-04-09", 53, "days31to60", 900_001],
      ["413500", "invoice", "2026-04-14", 48, "days31to60", 50_000],
      ["412690", "invoice", "2026-05-01", 31, "days31to60", 1_800_050],
      ["413018", "invoice", "2026-05-20", 12, "days1to30", 400_000],
      ["413955", "invoice", "2026-06-14", 0, "current", 1_530_881],
    ]);
  });

  it("ages balances into buckets that add up to the summary's total to the cent", () => {
    expect(statement.aging).toEqual({ current: 1_530_881, days1to30: 400_000, days31to60: 2_750_051, days61to90: 0, over90: 1_278_676 });
    const bucketSum = Object.values(statement.aging).reduce((a, b) => a + b, 0);
    expect(statement.totalOutstandingCents).toBe(totalOutstanding(balances));
    expect(bucketSum).toBe(statement.totalOutstandingCents);
    expect(statement.totalOutstandingCents).toBe(5_959_608);
    expect(statement.pendingCents).toBe(100_000);
  });

  it("lists received and pending payments newest first, with what each took off the items", () => {
    expect(statement.payments.map((p) => [p.id, p.pending, p.appliedCents])).toEqual([
      ["p3", true, 100_000],
      ["p2", false, 300_000],
      ["p4", false, 50_000],
    ]);
    expect(statement.paymentsTotalCents).toBe(450_000);
  });

  it("an account with nothing open has empty buckets and a zero total", () => {
    const paid = withBalances([invoice(1, "411872", "2026-01-02", 100)], [{ itemId: 1, amountCents: 100, reversedCents: 0, effect: "applied" }]);
    const empty = buildStatement({ items: paid, payments: [], allocations: [], today: "2026-06-01" });
    expect(empty.lines).toEqual([]);
    expect(empty.totalOutstandingCents).toBe(0);
    expect(Object.values(empty.aging)).toEqual([0, 0, 0, 0, 0]);
  });
});
