// What the client's own pages read ("Your payments", a receipt, the statement) and the one write
// (a receipt copy). Each request's reads are one D1 batch: one round trip. Every query is scoped
// to the session's client, so another client's payment reads exactly like a missing one.
import type { Language } from "../domain/language";
import type { PaymentStatus } from "../domain/payment-status";
import { and, asc, count, desc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import type { Allocation, PayableItem } from "../domain/items";
import { allocationEffect } from "../domain/payment-status";
import type { Database } from "./db";
import { toPayableItem, type ClientRecord } from "./items-repo";
import type { AllocationRecord, PaymentRecord } from "./payments-repo";
import { insertOutboxFrom } from "./outbox-repo";
import { clients, items, outbox, paymentAllocations, payments } from "./schema";

export const RECEIPT_COPY_KIND = "receipt_copy";

function clientRecord(row: typeof clients.$inferSelect | undefined): ClientRecord | null {
  return row ? { id: row.id, number: row.number, name: row.name, email: row.email } : null;
}

/** The client and one page of its payments since `since`, newest first, with the count of all of them. */
export async function loadPaymentHistory(
  db: Database,
  clientId: number,
  query: { since: number; statuses: readonly PaymentStatus[]; offset: number; limit: number },
): Promise<{ client: ClientRecord | null; total: number; rows: PaymentRecord[] }> {
  const where = and(eq(payments.clientId, clientId), gte(payments.createdAt, query.since), inArray(payments.status, [...query.statuses]));
  const [clientRows, counted, rows] = await db.batch([
    db.select().from(clients).where(eq(clients.id, clientId)).limit(1),
    db.select({ n: count() }).from(payments).where(where),
    db.select().from(payments).where(where).orderBy(desc(payments.createdAt), desc(payments.id)).limit(query.limit).offset(query.offset),
  ]);
  return { client: clientRecord(clientRows[0]), total: counted[0]?.n ?? 0, rows };
}

export interface ReceiptData {
  payment: PaymentRecord;
  allocations: AllocationRecord[];
  client: ClientRecord | null;
  /** Receipt copies asked for since `copiesSince`. */
  copiesInWindow: number;
}

function allocationsOfClientPayment(db: Database, clientId: number, paymentId: string) {
  return db
    .select({
      id: paymentAllocations.id,
      itemId: paymentAllocations.itemId,
      amountCents: paymentAllocations.amountCents,
      reversedCents: paymentAllocations.reversedCents,
      kind: items.kind,
      invoiceNumber: items.invoiceNumber,
    })
    .from(paymentAllocations)
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
    .where(and(eq(paymentAllocations.paymentId, paymentId), eq(payments.clientId, clientId)))
    .orderBy(asc(paymentAllocations.id));
}

function copiesSinceQuery(db: Database, paymentId: string, since: number) {
  return db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.paymentId, paymentId), eq(outbox.kind, RECEIPT_COPY_KIND), gt(outbox.createdAt, since)));
}

/** A payment of this client with its items, the client and its recent receipt copies; null if not theirs. */
export async function loadReceipt(db: Database, clientId: number, paymentId: string, copiesSince: number): Promise<ReceiptData | null> {
  const [paymentRows, allocations, clientRows, copies] = await db.batch([
    db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.clientId, clientId))).limit(1),
    allocationsOfClientPayment(db, clientId, paymentId),
    db.select().from(clients).where(eq(clients.id, clientId)).limit(1),
    copiesSinceQuery(db, paymentId, copiesSince),
  ]);
  const payment = paymentRows[0];
  if (!payment) return null;
  return { payment, allocations, client: clientRecord(clientRows[0]), copiesInWindow: copies[0]?.n ?? 0 };
}

export type ReceiptCopyResult = "queued" | "duplicate" | "limited" | "not_found" | "no_receipt" | "no_email";

/**
 * Writes a receipt copy to the outbox if the payment is this client's, has a receipt and an
 * address, and fewer than `limit` copies were asked for since `windowStart`. The check and the
 * insert are one statement (D1 runs statements one at a time), so concurrent clicks can never
 * exceed the limit; the dedupe key makes a repeated form post one email. One batch: one round trip.
 */
export async function queueReceiptCopy(
  db: Database,
  copy: { clientId: number; paymentId: string; requestId: string; language: Language; now: number; windowStart: number; limit: number; receiptStatuses: readonly PaymentStatus[] },
): Promise<ReceiptCopyResult> {
  const dedupeKey = `${RECEIPT_COPY_KIND}:${copy.paymentId}:${copy.requestId}`;
  const eligible = and(
    eq(payments.id, copy.paymentId),
    eq(payments.clientId, copy.clientId),
    inArray(payments.status, [...copy.receiptStatuses]),
    sql`${payments.receiptEmail} IS NOT NULL`,
    sql`(SELECT count(*) FROM ${outbox} WHERE ${outbox.paymentId} = ${copy.paymentId} AND ${outbox.kind} = ${RECEIPT_COPY_KIND} AND ${outbox.createdAt} > ${copy.windowStart}) < ${copy.limit}`,
  );
  const [inserted, paymentRows, existing] = await db.batch([
    insertOutboxFrom(
      db,
      payments,
      { dedupeKey, kind: RECEIPT_COPY_KIND, paymentId: payments.id, recipient: payments.receiptEmail, language: copy.language, createdAt: copy.now },
      eligible,
    )
      .returning({ id: outbox.id, createdAt: outbox.createdAt }),
    db
      .select({ status: payments.status, receiptEmail: payments.receiptEmail })
      .from(payments)
      .where(and(eq(payments.id, copy.paymentId), eq(payments.clientId, copy.clientId)))
      .limit(1),
    db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).limit(1),
  ]);
  if (inserted.length > 0) return "queued";
  const payment = paymentRows[0];
  if (!payment) return "not_found";
  if (!copy.receiptStatuses.includes(payment.status)) return "no_receipt";
  if (!payment.receiptEmail) return "no_email";
  return existing.length > 0 ? "duplicate" : "limited";
}

export interface StatementData {
  client: ClientRecord | null;
  items: PayableItem[];
  allocations: (Allocation & { paymentId: string })[];
  payments: PaymentRecord[];
}

/** The client, every item and allocation (for balances) and the payments since `paymentsSince`. */
export async function loadStatementData(db: Database, clientId: number, paymentsSince: number): Promise<StatementData> {
  const [clientRows, itemRows, allocationRows, paymentRows] = await db.batch([
    db.select().from(clients).where(eq(clients.id, clientId)).limit(1),
    db.select().from(items).where(eq(items.clientId, clientId)),
    db
      .select({
        paymentId: paymentAllocations.paymentId,
        itemId: paymentAllocations.itemId,
        amountCents: paymentAllocations.amountCents,
        reversedCents: paymentAllocations.reversedCents,
        status: payments.status,
      })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(eq(payments.clientId, clientId)),
    db
      .select()
      .from(payments)
      .where(and(eq(payments.clientId, clientId), gte(payments.createdAt, paymentsSince)))
      .orderBy(desc(payments.createdAt)),
  ]);
  return {
    client: clientRecord(clientRows[0]),
    // The same mapping as loadClientLedger, so statement and summary balances are one computation.
    items: itemRows.map(toPayableItem),
    allocations: allocationRows.map((row) => ({
      paymentId: row.paymentId,
      itemId: row.itemId,
      amountCents: row.amountCents,
      reversedCents: row.reversedCents,
      effect: allocationEffect(row.status),
    })),
    payments: paymentRows,
  };
}
