// The payment aggregate's reads (payments and their allocations), as statement builders for the
// batch of the page that composes them; its changes are in payments-repo.ts. A client is an id or
// an SQL expression (a subquery on the session row, or on the client's number), so another
// client's payment reads exactly like a missing one. An allocation is read with its item's
// invoice number: that join is part of reading an allocation.
import { and, asc, count, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import type { Allocation } from "../domain/items";
import { allocationEffect, type PaymentStatus } from "../domain/payment-status";
import type { Database } from "./db";
import { allocationColumns } from "./payments-repo";
import { items, paymentAllocations, payments } from "./schema";

/** A payment of this client (none if another client's). */
export function clientPaymentQuery(db: Database, clientId: number | SQL<number>, paymentId: string) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.clientId, clientId)))
    .limit(1);
}

/** A payment's allocations with their items' invoice numbers, if the payment is this client's. */
export function clientPaymentAllocationsQuery(db: Database, clientId: number | SQL<number>, paymentId: string) {
  return db
    .select(allocationColumns)
    .from(paymentAllocations)
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(and(eq(paymentAllocations.paymentId, paymentId), eq(payments.clientId, clientId)))
    .orderBy(asc(paymentAllocations.id));
}

/** A payment's allocations as its staff page lists them (with each item's date). */
export function allocationLinesQuery(db: Database, paymentId: string) {
  return db
    .select({
      id: paymentAllocations.id,
      amountCents: paymentAllocations.amountCents,
      reversedCents: paymentAllocations.reversedCents,
      kind: items.kind,
      invoiceNumber: items.invoiceNumber,
      itemDate: items.itemDate,
    })
    .from(paymentAllocations)
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(asc(paymentAllocations.id));
}

/** Every allocation against a client's items, with its payment's status (what balances count). */
export function clientAllocationsQuery(db: Database, clientId: number | SQL<number>) {
  return db
    .select({
      paymentId: paymentAllocations.paymentId,
      itemId: paymentAllocations.itemId,
      amountCents: paymentAllocations.amountCents,
      reversedCents: paymentAllocations.reversedCents,
      status: payments.status,
    })
    .from(paymentAllocations)
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(eq(payments.clientId, clientId));
}

export type ClientAllocationRow = { paymentId: string; itemId: number; amountCents: number; reversedCents: number; status: PaymentStatus };

/** A clientAllocationsQuery row as the balance rules read it. */
export function toAllocation(row: ClientAllocationRow): Allocation {
  return { itemId: row.itemId, amountCents: row.amountCents, reversedCents: row.reversedCents, effect: allocationEffect(row.status) };
}

/** A client's payments since `since`, newest first. */
export function clientPaymentsSinceQuery(db: Database, clientId: number | SQL<number>, since: number) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.clientId, clientId), gte(payments.createdAt, since)))
    .orderBy(desc(payments.createdAt));
}

/**
 * How many of a client's payments since `since` have one of `statuses`, and one page of them,
 * newest first. A page past the end reads as the last page: the offset clamps `page` to the
 * pages there are in SQL (the rule of domain pageWindow), so one read is enough.
 */
export function clientPaymentsPageQueries(
  db: Database,
  clientId: number | SQL<number>,
  query: { since: number; statuses: readonly PaymentStatus[]; page: number; size: number },
) {
  const where = and(eq(payments.clientId, clientId), gte(payments.createdAt, query.since), inArray(payments.status, [...query.statuses]));
  const counted = db.select({ n: count() }).from(payments).where(where);
  // D1 binds JavaScript numbers as REAL: cast them, or the division is not an integer division and
  // OFFSET gets a fraction ("datatype mismatch") whenever the count is not a multiple of the size.
  const size = sql<number>`CAST(${query.size} AS INTEGER)`;
  const page = sql<number>`min(CAST(${query.page} AS INTEGER), max(1, ((${counted}) + ${size} - 1) / ${size}))`;
  return [
    counted,
    db
      .select()
      .from(payments)
      .where(where)
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(query.size)
      // drizzle types OFFSET as a number; SQLite takes any integer expression there.
      .offset(sql<number>`(${page} - 1) * ${size}` as unknown as number),
  ] as const;
}

/** The PaymentIntent and charge of a payment, as subqueries for statements about it (its events). */
export function paymentStripeIds(db: Database, paymentId: string) {
  return {
    intent: db.select({ id: payments.stripePaymentIntentId }).from(payments).where(eq(payments.id, paymentId)),
    charge: db.select({ id: payments.stripeChargeId }).from(payments).where(eq(payments.id, paymentId)),
  };
}

/** What a refused receipt copy is explained by: the payment's status and address, if it is this client's. */
export function receiptCopyStateQuery(db: Database, clientId: number, paymentId: string) {
  return db
    .select({ status: payments.status, receiptEmail: payments.receiptEmail })
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.clientId, clientId)))
    .limit(1);
}
