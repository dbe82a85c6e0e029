import { describe, expect, it } from "vitest";
import { checkAmounts, recheckAllocations } from "../../worker/domain/amounts";
import type { ItemWithBalance } from "../../worker/domain/items";

const item = (id: number, payable: number, pending = 0): ItemWithBalance => ({
  id,
  kind: "invoice",
  invoiceNumber: String(410000 + id),
  itemDate: "2026-01-01",
  originalCents: payable + pending,
  delivery: "electronic",
  hasPdf: true,
  balanceCents: payable + pending,
  pendingCents: pending,
  payableCents: payable,
});

// The guide's worked example: each invoice rounded down to the thousand, late fee in full.
const demo = [item(1, 1_248_000), item(2, 78_676), item(3, 947_500), item(4, 1_825_000), item(5, 445_000)];

describe("checkAmounts", () => {
  it("adds the worked example up to 43,786.76", () => {
    const typed = new Map([
      [1, "12,000.00"],
      [2, "786.76"],
      [3, "9000"],
      [4, "$18,000"],
      [5, "4,000.00"],
    ]);
    const result = checkAmounts(demo, [1, 2, 3, 4, 5], typed);
    expect(result).toEqual({
      ok: true,
      subtotalCents: 4_378_676,
      allocations: [
        { itemId: 1, cents: 1_200_000 },
        { itemId: 2, cents: 78_676 },
        { itemId: 3, cents: 900_000 },
        { itemId: 4, cents: 1_800_000 },
        { itemId: 5, cents: 400_000 },
      ],
    });
  });

  it.each([
    ["-5", "negative"],
    ["0", "zero"],
    ["0.00", "zero"],
    ["12,480.01", "above_balance"],
    ["abc", "format"],
    ["", "empty"],
    ["10.005", "too_many_decimals"],
    ["99999999999", "above_balance"],
  ])("refuses %j as %s", (typed, error) => {
    const result = checkAmounts(demo, [1], new Map([[1, typed]]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.get(1)).toBe(error);
  });

  it("allows exactly the payable balance, and one cent", () => {
    expect(checkAmounts(demo, [1], new Map([[1, "12,480.00"]])).ok).toBe(true);
    expect(checkAmounts(demo, [1], new Map([[1, "0.01"]]))).toMatchObject({ ok: true, subtotalCents: 1 });
  });

  it("counts payments in flight against the balance", () => {
    const reserved = [item(7, 100_000, 345_000)];
    const result = checkAmounts(reserved, [7], new Map([[7, "1,000.01"]]));
    expect(result.ok).toBe(false);
  });

  it("ignores items outside the selection or not the client's", () => {
    const result = checkAmounts(
      demo,
      [1, 999],
      new Map([
        [1, "100"],
        [2, "786.76"],
        [999, "5"],
      ]),
    );
    expect(result).toEqual({ ok: true, subtotalCents: 10_000, allocations: [{ itemId: 1, cents: 10_000 }] });
  });

  it("keeps the valid part of the subtotal while showing errors", () => {
    const result = checkAmounts(
      demo,
      [1, 2],
      new Map([
        [1, "100"],
        [2, "9999"],
      ]),
    );
    expect(result).toMatchObject({ ok: false, subtotalCents: 10_000 });
  });

  it("rechecks saved amounts against balances that moved", () => {
    const planned = [{ itemId: 1, cents: 1_248_000 }];
    expect(recheckAllocations(demo, planned).ok).toBe(true);
    expect(recheckAllocations([item(1, 1_000_000, 248_000)], planned).ok).toBe(false);
  });
});
