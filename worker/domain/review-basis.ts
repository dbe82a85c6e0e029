// The review's basis: what a review was built from, sent back by the confirm form so the confirm can
// record exactly that attempt in one batch. Pure; the SQL that matches it against the session row
// is in storage.
import type { PlannedAllocation } from "./amounts";

/**
 * What a review was built from: the confirm records exactly this attempt, in its session's batch,
 * only if the session still holds it (the SQL checks it), so it can reserve without a read first.
 * Nothing in it is taken as truth: it only names what the session row must match.
 */
export interface ReviewBasis {
  confirmationToken: string;
  amounts: PlannedAllocation[];
  receiptEmail: string;
  clientNumber: string;
}

export function reviewBasisText(basis: ReviewBasis): string {
  return JSON.stringify({ ...basis, amounts: basis.amounts.map((a) => ({ itemId: a.itemId, cents: a.cents })) });
}

export function parseReviewBasis(text: string): ReviewBasis | null {
  try {
    const value = JSON.parse(text) as Partial<ReviewBasis>;
    const amounts = Array.isArray(value.amounts) ? value.amounts : [];
    const valid =
      typeof value.confirmationToken === "string" &&
      typeof value.receiptEmail === "string" &&
      typeof value.clientNumber === "string" &&
      amounts.length > 0 &&
      amounts.every((a) => Number.isSafeInteger(a?.itemId) && Number.isSafeInteger(a?.cents) && a.cents > 0);
    return valid ? { confirmationToken: value.confirmationToken!, amounts, receiptEmail: value.receiptEmail!, clientNumber: value.clientNumber! } : null;
  } catch {
    return null;
  }
}

/** The session's amounts as stored, so the confirm can match them exactly. */
export function amountsJson(allocations: readonly PlannedAllocation[]): string {
  return JSON.stringify(allocations.map((a) => ({ itemId: a.itemId, cents: a.cents })));
}
