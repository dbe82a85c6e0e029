// The statement of account: every open item with its due date and days past due, the aging
// buckets, and the payments of the last 90 days. Pure: the caller passes the ledger and "today"
// (a calendar date in the firm's time zone). The total is the summary's own totalOutstanding(),
// so the statement and the summary can never disagree.
import { openItems, sortForListing, totalOutstanding, type ItemWithBalance } from "./items";
import { sumCents, type Cents } from "./money";
import { PAYMENT_TERMS_DAYS } from "./pay-links";

export const AGING_BUCKETS = ["current", "days1to30", "days31to60", "days61to90", "over90"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Payments of this many days are listed on the statement. */
export const STATEMENT_PAYMENT_DAYS = 90;

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function addDays(isoDate: string, days: number): string {
  return new Date((dayNumber(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Invoices are due PAYMENT_TERMS_DAYS after their date; a late fee is due the day it is charged. */
export function itemDueDate(item: { kind: "invoice" | "late_fee"; itemDate: string }): string {
  return item.kind === "invoice" ? addDays(item.itemDate, PAYMENT_TERMS_DAYS) : item.itemDate;
}

/** Whole days after the due date (0 on the due date and before it). */
export function daysPastDue(dueDate: string, today: string): number {
  return Math.max(0, dayNumber(today) - dayNumber(dueDate));
}

export function agingBucket(days: number): AgingBucket {
  if (days <= 0) return "current";
  if (days <= 30) return "days1to30";
  if (days <= 60) return "days31to60";
  if (days <= 90) return "days61to90";
  return "over90";
}

export interface StatementLine extends ItemWithBalance {
  dueDate: string;
  daysPastDue: number;
  bucket: AgingBucket;
}

export interface StatementPaymentInput {
  id: string;
  createdAt: number;
  /** The calendar date of the payment in the same time zone as `today`. */
  date: string;
  status: string;
  methodLabel: string | null;
  method: string;
  reference: string | null;
  subtotalCents: Cents;
  feeCents: Cents;
  totalCents: Cents;
}

export interface StatementPayment extends StatementPaymentInput {
  /** What this payment took off the client's items: allocations less refunds and disputes. */
  appliedCents: Cents;
  pending: boolean;
}

export interface Statement {
  today: string;
  lines: StatementLine[];
  aging: Record<AgingBucket, Cents>;
  totalOutstandingCents: Cents;
  /** Part of the total in payments still being processed (ACH), as the summary says. */
  pendingCents: Cents;
  payments: StatementPayment[];
  paymentsTotalCents: Cents;
}

/** Payments that moved (or are moving) money: the ones a statement lists. */
export function isStatementPayment(status: string): boolean {
  return status === "succeeded" || status === "processing";
}

export function buildStatement(input: {
  items: readonly ItemWithBalance[];
  payments: readonly StatementPaymentInput[];
  /** Allocations of those payments (any others are ignored). */
  allocations: readonly { paymentId: string; amountCents: Cents; reversedCents: Cents }[];
  today: string;
}): Statement {
  const lines: StatementLine[] = sortForListing(openItems(input.items)).map((item) => {
    const dueDate = itemDueDate(item);
    const days = daysPastDue(dueDate, input.today);
    return { ...item, dueDate, daysPastDue: days, bucket: agingBucket(days) };
  });
  const aging = Object.fromEntries(
    AGING_BUCKETS.map((bucket) => [bucket, sumCents(lines.filter((line) => line.bucket === bucket).map((line) => line.balanceCents))]),
  ) as Record<AgingBucket, Cents>;
  const payments = input.payments
    .filter((payment) => isStatementPayment(payment.status))
    .map((payment) => ({
      ...payment,
      pending: payment.status === "processing",
      appliedCents: sumCents(input.allocations.filter((a) => a.paymentId === payment.id).map((a) => a.amountCents - a.reversedCents)),
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
  return {
    today: input.today,
    lines,
    aging,
    totalOutstandingCents: totalOutstanding(input.items),
    pendingCents: sumCents(lines.map((line) => line.pendingCents)),
    payments,
    paymentsTotalCents: sumCents(payments.map((payment) => payment.appliedCents)),
  };
}
