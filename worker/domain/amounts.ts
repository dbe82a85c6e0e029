// Step 6: the amount the client pays on each selected item. Each must be more than zero and at
// most what is payable now (balance less payments still in flight). The browser's figures are
// requests; these rules decide.
import type { ItemWithBalance } from "./items";
import { parseAmount, sumCents, type Cents } from "./money";

export type AmountError = "empty" | "format" | "too_many_decimals" | "negative" | "zero" | "above_balance";

export interface PlannedAllocation {
  itemId: number;
  cents: Cents;
}

export type AmountsCheck =
  | { ok: true; allocations: PlannedAllocation[]; subtotalCents: Cents }
  | { ok: false; errors: Map<number, AmountError>; subtotalCents: Cents };

/**
 * Checks one typed amount per selected item. Items not in the selection or not this client's are
 * never paid, whatever the form says; the subtotal counts the valid amounts only.
 */
export function checkAmounts(items: readonly ItemWithBalance[], selectedIds: readonly number[], typed: ReadonlyMap<number, string>): AmountsCheck {
  const byId = new Map(items.map((item) => [item.id, item]));
  const errors = new Map<number, AmountError>();
  const allocations: PlannedAllocation[] = [];
  for (const id of selectedIds) {
    const item = byId.get(id);
    if (!item) continue;
    const parsed = parseAmount(typed.get(id) ?? "");
    if (!parsed.ok) {
      errors.set(id, parsed.error === "too_large" ? "above_balance" : parsed.error);
      continue;
    }
    if (parsed.cents === 0) errors.set(id, "zero");
    else if (parsed.cents > item.payableCents) errors.set(id, "above_balance");
    else allocations.push({ itemId: id, cents: parsed.cents });
  }
  const subtotalCents = sumCents(allocations.map((a) => a.cents));
  if (errors.size > 0) return { ok: false, errors, subtotalCents };
  if (allocations.length === 0) return { ok: false, errors: new Map(selectedIds.map((id) => [id, "empty" as const])), subtotalCents: 0 };
  return { ok: true, allocations, subtotalCents };
}

/** Re-checks saved amounts against fresh balances (another tab or a webhook may have moved them). */
export function recheckAllocations(items: readonly ItemWithBalance[], planned: readonly PlannedAllocation[]): AmountsCheck {
  const typed = new Map(planned.map((a) => [a.itemId, (a.cents / 100).toFixed(2)]));
  return checkAmounts(
    items,
    planned.map((a) => a.itemId),
    typed,
  );
}
