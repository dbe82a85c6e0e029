// Payment state and reversals. Webhooks arrive late, twice and out of order; these rules make the
// ledger end the same whatever the order: statuses only move forward, and reversals are computed
// from cumulative totals rather than applied as increments.
import { portalMethod, type StoredMethod } from "./payment-methods";
import type { PaymentStatus } from "./payment-status";
import type { Cents } from "./money";

const RANK: Record<PaymentStatus, number> = {
  created: 0,
  requires_action: 1,
  processing: 2,
  succeeded: 3,
  failed: 3,
  canceled: 3,
};

export function isTerminal(status: PaymentStatus): boolean {
  return RANK[status] === 3;
}

/**
 * The status after an update, or null when the update is stale and must be ignored. Stripe's
 * "succeeded" wins over any failure: money Stripe took is money received, whatever we recorded.
 */
export function advanceStatus(current: PaymentStatus, incoming: PaymentStatus): PaymentStatus | null {
  if (current === incoming) return null;
  if (incoming === "succeeded") return current === "failed" || current === "canceled" || RANK[current] < 3 ? incoming : null;
  if (isTerminal(current)) return null;
  if (RANK[incoming] <= RANK[current]) return null;
  return incoming;
}

/** Statuses a payment may be in for an update to `incoming` to apply (for conditional UPDATEs). */
export function statusesBefore(incoming: PaymentStatus): PaymentStatus[] {
  return (Object.keys(RANK) as PaymentStatus[]).filter((status) => advanceStatus(status, incoming) === incoming);
}

export interface ReversalInput {
  totalCents: Cents;
  feeCents: Cents;
  allocations: { id: number; amountCents: Cents }[];
}

export interface Reversal {
  /** Part of the fee given back. */
  feeReversedCents: Cents;
  /** Part of each allocation given back (reopening that item's balance). */
  allocationReversals: Map<number, Cents>;
}

/**
 * Splits a cumulative amount given back (refunds plus disputes) between the fee and the items, pro
 * rata: refunding a tenth of a credit-card payment refunds a tenth of its fee. Integer cents, with
 * leftover cents assigned by largest remainder so the parts always add up to the amount.
 */
export function splitReversal(payment: ReversalInput, reversedCents: Cents): Reversal {
  const amount = Math.max(0, Math.min(reversedCents, payment.totalCents));
  if (amount === 0 || payment.totalCents === 0) {
    return { feeReversedCents: 0, allocationReversals: new Map(payment.allocations.map((a) => [a.id, 0])) };
  }
  const feeReversedCents = amount === payment.totalCents ? payment.feeCents : Math.floor((payment.feeCents * amount) / payment.totalCents);
  const itemsPart = amount - feeReversedCents;
  const itemsTotal = payment.totalCents - payment.feeCents;
  const shares = payment.allocations.map((a) => {
    const exact = (a.amountCents * itemsPart) / itemsTotal;
    return { id: a.id, cents: Math.floor(exact), remainder: exact - Math.floor(exact), cap: a.amountCents };
  });
  let left = itemsPart - shares.reduce((sum, s) => sum + s.cents, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || a.id - b.id)) {
    if (left === 0) break;
    if (share.cents < share.cap) {
      share.cents++;
      left--;
    }
  }
  return { feeReversedCents, allocationReversals: new Map(shares.map((s) => [s.id, s.cents])) };
}

/**
 * What a dispute has taken from the firm, from Stripe's current dispute object. Inquiries
 * (warning_*) and prevented disputes never move money; a won one has given it back; a lost one
 * keeps it; an open one has taken what its balance transactions show (charge.dispute.funds_withdrawn).
 */
export function disputeWithdrawnCents(dispute: { status: string; amountCents: Cents; balanceNetCents: Cents }): Cents {
  const shown = Math.max(0, Math.min(dispute.amountCents, -dispute.balanceNetCents));
  switch (dispute.status) {
    case "warning_needs_response":
    case "warning_under_review":
    case "warning_closed":
    case "prevented":
    case "won":
      return 0;
    case "lost":
      return dispute.amountCents;
    default:
      return shown;
  }
}

/** Email notifications a status change causes (one per payment and kind, enforced by dedupe keys). */
export function emailForStatus(
  status: PaymentStatus,
  method: StoredMethod,
  previous: PaymentStatus,
): "payment_received" | "payment_pending" | "payment_failed" | "payment_verify_bank" | null {
  if (status === "succeeded") return "payment_received";
  const later = portalMethod(method)?.settlesLater ?? false;
  // A bank account entered by hand waits for microdeposits: the client needs the verification link.
  if (status === "requires_action" && later) return "payment_verify_bank";
  if (status === "processing" && later) return "payment_pending";
  // A card decline is shown on screen at once; an ACH failure comes days later and needs an email.
  if (status === "failed" && later && previous === "processing") return "payment_failed";
  // Microdeposits never verified (expired, too many tries): the client was told to wait, so tell them.
  if ((status === "failed" || status === "canceled") && later && previous === "requires_action") return "payment_failed";
  return null;
}
