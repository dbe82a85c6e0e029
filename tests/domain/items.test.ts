import { describe, expect, it } from "vitest";
import {
  openItems,
  resolveSelection,
  selectionTotal,
  sortForListing,
  totalOutstanding,
  withBalances,
  type Allocation,
  type PayableItem,
} from "../../worker/domain/items";

const invoice = (id: number, number: string, date: string, cents: number): PayableItem => ({
  id,
  kind: "invoice",
  invoiceNumber: number,
  itemDate: date,
  originalCents: cents,
  delivery: "electronic",
  hasPdf: true,
});
const fee = (id: number, number: string, date: string, cents: number): PayableItem => ({
  ...invoice(id, number, date, cents),
  kind: "late_fee",
  delivery: null,
  hasPdf: false,
});

// The firm's worked example.
const demo = [
  invoice(1, "410950", "2026-01-30", 630_000),
  invoice(2, "411872", "2026-03-31", 1_420_000),
  fee(3, "411872", "2026-09-30", 78_676),
  invoice(4, "412305", "2026-05-29", 947_500),
  invoice(5, "412690", "2026-06-30", 1_825_000),
  invoice(6, "413018", "2026-07-31", 445_000),
  invoice(7, "413402", "2026-09-30", 2_160_000),
  invoice(8, "413955", "2026-10-30", 1_530_881),
];
const paid = (itemId: number, amountCents: number, effect: Allocation["effect"] = "applied", reversedCents = 0): Allocation => ({
  itemId,
  amountCents,
  reversedCents,
  effect,
});
const demoLedger = [paid(1, 630_000), paid(2, 172_000)];

describe("balances derive from the ledger", () => {
  it("gives the guide's total outstanding of $82,350.57", () => {
    const items = withBalances(demo, demoLedger);
    expect(totalOutstanding(items)).toBe(8_235_057);
    expect(items.find((i) => i.id === 2)?.balanceCents).toBe(1_248_000);
  });

  it("leaves fully paid invoices out of the open list", () => {
    const open = openItems(withBalances(demo, demoLedger));
    expect(open.map((i) => i.invoiceNumber)).not.toContain("410950");
    expect(open).toHaveLength(7);
  });

  it("gives $45,441.76 with the two newest invoices unticked", () => {
    const items = openItems(withBalances(demo, demoLedger));
    const selected = new Set(items.filter((i) => !["413402", "413955"].includes(i.invoiceNumber)).map((i) => i.id));
    expect(selectionTotal(items, selected)).toBe(4_544_176);
  });

  it.each<[string, Allocation[], { balance: number; pending: number; payable: number }]>([
    ["nothing paid", [], { balance: 445_000, pending: 0, payable: 445_000 }],
    ["a partial payment", [paid(6, 45_000)], { balance: 400_000, pending: 0, payable: 400_000 }],
    ["a payment in flight", [paid(6, 100_000, "reserved")], { balance: 445_000, pending: 100_000, payable: 345_000 }],
    ["a failed payment", [paid(6, 100_000, "released")], { balance: 445_000, pending: 0, payable: 445_000 }],
    ["a partly refunded payment", [paid(6, 445_000, "applied", 5_000)], { balance: 5_000, pending: 0, payable: 5_000 }],
    ["paid in full", [paid(6, 445_000)], { balance: 0, pending: 0, payable: 0 }],
  ])("%s", (_name, allocations, expected) => {
    const [item] = withBalances([demo[5]!], allocations);
    expect({ balance: item!.balanceCents, pending: item!.pendingCents, payable: item!.payableCents }).toEqual(expected);
  });
});

describe("resolveSelection trusts only the client's own payable items", () => {
  const items = openItems(withBalances(demo, demoLedger));
  it("keeps known ids in listing order and drops the rest", () => {
    expect(resolveSelection(items, ["8", "2", "2", "999", "1", "abc", "-3", "2.5", ""])).toEqual([2, 8]);
  });
  it("drops items with nothing payable", () => {
    const reserved = withBalances(demo, [...demoLedger, paid(6, 445_000, "reserved")]);
    expect(resolveSelection(reserved, ["6", "5"])).toEqual([5]);
  });
});

describe("listing order", () => {
  it("puts each late fee right after its invoice", () => {
    const sorted = sortForListing(openItems(withBalances([...demo].reverse(), demoLedger)));
    expect(sorted.map((i) => `${i.kind}:${i.invoiceNumber}`)).toEqual([
      "invoice:411872",
      "late_fee:411872",
      "invoice:412305",
      "invoice:412690",
      "invoice:413018",
      "invoice:413402",
      "invoice:413955",
    ]);
  });
});
