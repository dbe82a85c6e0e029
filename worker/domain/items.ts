// Payable items (invoices and late fees) and their balances. A balance is never stored: it is
// derived from the item's original total and the ledger's allocations, so the ledger is the
// single source of truth.
import { sumCents, type Cents } from "./money";

export type ItemKind = "invoice" | "late_fee";
export type Delivery = "electronic" | "paper";

export interface PayableItem {
  id: number;
  kind: ItemKind;
  /** For an invoice its own number; for a late fee, the invoice it was charged on. */
  invoiceNumber: string;
  /** ISO date: the invoice date, or the date the late fee was charged. */
  itemDate: string;
  originalCents: Cents;
  delivery: Delivery | null;
  hasPdf: boolean;
}

/**
 * How a payment's allocation to an item counts against its balance:
 * - applied: money received (less anything refunded or disputed away)
 * - reserved: a payment in flight (ACH processing, 3D Secure, or just created): not yet money,
 *   but the amount cannot be paid a second time meanwhile
 * - released: the payment failed or was cancelled: it counts for nothing
 */
export type AllocationEffect = "applied" | "reserved" | "released";

export interface Allocation {
  itemId: number;
  amountCents: Cents;
  /** Part of an applied amount given back by a refund or lost to a dispute. */
  reversedCents: Cents;
  effect: AllocationEffect;
}

export interface ItemWithBalance extends PayableItem {
  /** Original total less money received. */
  balanceCents: Cents;
  /** Amount in payments still in flight. */
  pendingCents: Cents;
  /** What can be paid now: balance less pending. */
  payableCents: Cents;
}

export function withBalances(items: readonly PayableItem[], allocations: readonly Allocation[]): ItemWithBalance[] {
  return items.map((item) => {
    const mine = allocations.filter((a) => a.itemId === item.id);
    const received = sumCents(mine.filter((a) => a.effect === "applied").map((a) => a.amountCents - a.reversedCents));
    const pending = sumCents(mine.filter((a) => a.effect === "reserved").map((a) => a.amountCents));
    const balanceCents = item.originalCents - received;
    return { ...item, balanceCents, pendingCents: pending, payableCents: Math.max(0, balanceCents - pending) };
  });
}

/** Items the client still owes on (paid ones are kept for lookup but not listed as due). */
export function openItems(items: readonly ItemWithBalance[]): ItemWithBalance[] {
  return items.filter((item) => item.balanceCents > 0);
}

/** The total outstanding: every open invoice and late fee, pending payments not deducted. */
export function totalOutstanding(items: readonly ItemWithBalance[]): Cents {
  return sumCents(openItems(items).map((item) => item.balanceCents));
}

/** The total to pay for a selection: what is payable now on each selected item. */
export function selectionTotal(items: readonly ItemWithBalance[], selectedIds: ReadonlySet<number>): Cents {
  return sumCents(items.filter((item) => selectedIds.has(item.id)).map((item) => item.payableCents));
}

/**
 * Turns the ids a browser sent into a selection of this client's payable items. Ids that are
 * not this client's, not numbers, or fully paid or reserved are dropped: the browser asks, the
 * server decides.
 */
export function resolveSelection(items: readonly ItemWithBalance[], requested: readonly string[]): number[] {
  const payable = new Set(items.filter((item) => item.payableCents > 0).map((item) => item.id));
  const chosen = new Set<number>();
  for (const raw of requested) {
    if (!/^\d{1,12}$/.test(raw)) continue;
    const id = Number(raw);
    if (payable.has(id)) chosen.add(id);
  }
  return items.filter((item) => chosen.has(item.id)).map((item) => item.id);
}

/** Listing order: invoices by date, each late fee right after the invoice it was charged on. */
export function sortForListing<T extends PayableItem>(items: readonly T[]): T[] {
  const invoiceDate = new Map(items.filter((i) => i.kind === "invoice").map((i) => [i.invoiceNumber, i.itemDate]));
  const key = (item: T) => `${invoiceDate.get(item.invoiceNumber) ?? item.itemDate}|${item.invoiceNumber}|${item.kind === "invoice" ? 0 : 1}|${item.itemDate}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
