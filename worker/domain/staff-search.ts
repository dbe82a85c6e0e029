// What a staff search box query can be. One box takes everything; the shape of the text says which
// lookups are worth running (each one an index lookup), so a search is a handful of point queries.
import { isHelpReference } from "./help";
import { parseAmount } from "./money";
import { foldName } from "./name-fold";
import { PAY_LINK_CODE_LENGTH } from "./pay-links";

export type SearchLookup =
  | { kind: "client_number"; value: string }
  | { kind: "invoice_number"; value: string }
  | { kind: "payment_id"; value: string }
  | { kind: "payment_intent"; value: string }
  | { kind: "pay_link"; value: string }
  | { kind: "help_reference"; value: string }
  | { kind: "name_prefix"; value: string }
  | { kind: "amount_charged" | "amount_on_items"; cents: number };

/** Shorter name prefixes would match thousands of clients and tell the staff nothing. */
export const MIN_NAME_PREFIX = 2;
export const MAX_QUERY_LENGTH = 100;

export function planSearch(raw: string): SearchLookup[] {
  const text = raw.trim().replace(/\s+/g, " ").slice(0, MAX_QUERY_LENGTH);
  if (!text) return [];
  const lookups: SearchLookup[] = [];
  const compact = text.replace(/[\s-]/g, "").replace(/^#/, "");
  if (/^2\d{7}$/.test(compact)) lookups.push({ kind: "client_number", value: compact });
  if (/^4\d{5}$/.test(compact)) lookups.push({ kind: "invoice_number", value: compact });
  if (/^pi_[A-Za-z0-9]{6,250}$/.test(text)) lookups.push({ kind: "payment_intent", value: text });
  if (isHelpReference(text.toUpperCase())) lookups.push({ kind: "help_reference", value: text.toUpperCase() });
  // A pay link code, alone or inside the whole link the client forwarded.
  const code = /(?:^|\/p\/)([A-Za-z0-9_-]{16})$/.exec(text)?.[1];
  if (code && code.length === PAY_LINK_CODE_LENGTH) lookups.push({ kind: "pay_link", value: code });
  // The portal's payment reference (its attempt id: 43 base64url characters).
  if (/^[A-Za-z0-9_-]{20,64}$/.test(text) && !text.startsWith("pi_")) lookups.push({ kind: "payment_id", value: text });
  // An amount as a client quotes it ("$1,030.00", "1030"): what was charged (with a card's fee),
  // or what the payment paid on items; one lookup each, so each reads its own index in order.
  // Not a client or invoice number, which have lookups of their own; and never a name.
  const amount = parseAmount(text);
  const numberLookup = lookups.some((l) => l.kind === "client_number" || l.kind === "invoice_number");
  if (amount.ok && amount.cents > 0 && !numberLookup) {
    lookups.push({ kind: "amount_charged", cents: amount.cents }, { kind: "amount_on_items", cents: amount.cents });
  }
  const folded = foldName(text);
  if (folded.length >= MIN_NAME_PREFIX && !/^\d+$/.test(compact) && !amount.ok) lookups.push({ kind: "name_prefix", value: folded });
  return lookups;
}

/**
 * Payments an amount's two lookups found (what was charged, what was paid on items): each once
 * (an ACH payment is found by both), newest first, at most `limit`, and whether there were more.
 */
export function mergeAmountMatches<T extends { id: string; createdAt: number }>(
  lists: readonly (readonly T[])[],
  limit: number,
): { shown: T[]; more: boolean } {
  const unique = new Map<string, T>();
  for (const row of lists.flat()) unique.set(row.id, row);
  const newestFirst = [...unique.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { shown: newestFirst.slice(0, limit), more: newestFirst.length > limit };
}
