// "Your payments": which payments a client sees, how each one's status reads, the pages of the
// list, and the limit on receipt copies. Pure rules; storage and pages call them.

/** The list covers this many months back. */
export const HISTORY_MONTHS = 24;
export const HISTORY_PAGE_SIZE = 20;
/** Receipt copies a client may ask for, per payment, per hour. */
export const RECEIPT_COPY_LIMIT = 3;
export const RECEIPT_COPY_WINDOW_MS = 60 * 60_000;

/**
 * The status in words. Money back wins over "paid": a refund or a dispute (how an ACH debit
 * reversed after success arrives) is what the client most needs to see.
 */
export type PaymentStatusWord =
  | "in_progress" // recorded, or waiting for 3D Secure / bank verification
  | "processing" // ACH at the bank
  | "paid"
  | "refunded_part"
  | "refunded_full"
  | "reversed" // taken back by the bank (dispute)
  | "failed"
  | "canceled";

export function paymentStatusWord(payment: { status: string; totalCents: number; refundedCents: number; disputedCents: number }): PaymentStatusWord {
  switch (payment.status) {
    case "created":
    case "requires_action":
      return "in_progress";
    case "processing":
      return "processing";
    case "succeeded":
      if (payment.disputedCents > 0) return "reversed";
      if (payment.refundedCents >= payment.totalCents) return "refunded_full";
      if (payment.refundedCents > 0) return "refunded_part";
      return "paid";
    case "canceled":
      return "canceled";
    default:
      return "failed";
  }
}

/** Only money received, or on its way by ACH, has a receipt (page figures, PDF, copies by email). */
export function hasReceipt(status: string): boolean {
  return status === "succeeded" || status === "processing";
}

/** Statuses the list shows: a "created" row is an attempt not yet sent to the payment provider. */
export const HISTORY_STATUSES = ["requires_action", "processing", "succeeded", "failed", "canceled"] as const;

/** The start of the history window: the same calendar day HISTORY_MONTHS ago (UTC), at midnight. */
export function historySince(now: number): number {
  const date = new Date(now);
  const since = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - HISTORY_MONTHS, 1);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - HISTORY_MONTHS + 1, 0)).getUTCDate();
  return since + (Math.min(date.getUTCDate(), lastDay) - 1) * 86_400_000;
}

/** "?page=" as typed: anything but a small positive whole number is page 1. */
export function parsePage(raw: string | undefined): number {
  if (!raw || !/^\d{1,4}$/.test(raw)) return 1;
  return Math.max(1, Number(raw));
}

export interface PageWindow {
  page: number;
  pages: number;
  offset: number;
  limit: number;
}

/** The page asked for, clamped to the pages there are (a list always has at least one). */
export function pageWindow(totalRows: number, requested: number, size = HISTORY_PAGE_SIZE): PageWindow {
  const pages = Math.max(1, Math.ceil(totalRows / size));
  const page = Math.min(Math.max(1, requested), pages);
  return { page, pages, offset: (page - 1) * size, limit: size };
}

/** Receipt copies still allowed this hour, from the copies already asked for in it. */
export function receiptCopiesLeft(copiesInWindow: number): number {
  return Math.max(0, RECEIPT_COPY_LIMIT - copiesInWindow);
}

/** A receipt-copy form's one-time id: makes a double click one email, not two. */
export function isCopyRequestId(value: string): boolean {
  return /^[A-Za-z0-9_-]{16,40}$/.test(value);
}
