// What the client's own pages read ("Your payments", a receipt, the statement) and the one write
// (a receipt copy). Each page's reads go in its session's batch: one round trip. Every query is scoped
// to the session's client, so another client's payment reads exactly like a missing one.
import type { Language } from "../domain/language";
import type { PaymentStatus } from "../domain/payment-status";
import { and, asc, count, desc, eq, gt, gte, inArray, sql, type SQL } from "drizzle-orm";
import type { Allocation, PayableItem } from "../domain/items";
import { allocationEffect } from "../domain/payment-status";
import type { Database, SessionBatchPart } from "./db";
import { toPayableItem, type ClientRecord } from "./items-repo";
import type { AllocationRecord, PaymentRecord } from "./payments-repo";
import { insertOutboxFrom } from "./outbox-repo";
import { clients, items, outbox, paymentAllocations, payments } from "./schema";

export const RECEIPT_COPY_KIND = "receipt_copy";

function clientRecord(row: typeof clients.$inferSelect | undefined): ClientRecord | null {
  return row ? { id: row.id, number: row.number, name: row.name, email: row.email } : null;
}

export interface PaymentHistoryRows {
  client: ClientRecord | null;
  total: number;
  rows: PaymentRecord[];
}

/**
 * The client and one page of its payments since `since`, newest first, with the count of all of
 * them, for the session's batch. A page past the end reads as the last page: the offset clamps
 * `page` to the pages there are in SQL (the rule of domain pageWindow), so one read is enough.
 */
export function paymentHistoryPart(query: { since: number; statuses: readonly PaymentStatus[]; page: number; size: number }): SessionBatchPart<PaymentHistoryRows> {
  return {
    statements(db, { clientId }) {
      const where = and(eq(payments.clientId, clientId), gte(payments.createdAt, query.since), inArray(payments.status, [...query.statuses]));
      const counted = db.select({ n: count() }).from(payments).where(where);
      const page = sql<number>`min(${query.page}, max(1, ((${counted}) + ${query.size - 1}) / ${query.size}))`;
      return [
        db.select().from(clients).where(eq(clients.id, clientId)).limit(1),
        counted,
        db
          .select()
          .from(payments)
          .where(where)
          .orderBy(desc(payments.createdAt), desc(payments.id))
          .limit(query.size)
          // drizzle types OFFSET as a number; SQLite takes any integer expression there.
          .offset(sql<number>`(${page} - 1) * ${query.size}` as unknown as number),
      ];
    },
    decode([clientRows, counted, rows]) {
      return {
        client: clientRecord((clientRows as (typeof clients.$inferSelect)[])[0]),
        total: (counted as { n: number }[])[0]?.n ?? 0,
        rows: rows as PaymentRecord[],
      };
    },
  };
}

export interface ReceiptData {
  payment: PaymentRecord;
  allocations: AllocationRecord[];
  client: ClientRecord | null;
  /** Receipt copies asked for since `copiesSince`. */
  copiesInWindow: number;
}

function allocationsOfClientPayment(db: Database, clientId: number | SQL<number>, paymentId: string) {
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

/**
 * A payment of this client with its items, the client and its recent receipt copies (null if
 * not theirs); the client is an id or the session's subquery.
 */
export function receiptPart(paymentId: string, copiesSince: number): SessionBatchPart<ReceiptData | null> {
  return {
    statements: (db, { clientId }) => [
      db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.clientId, clientId))).limit(1),
      allocationsOfClientPayment(db, clientId, paymentId),
      db.select().from(clients).where(eq(clients.id, clientId)).limit(1),
      copiesSinceQuery(db, paymentId, copiesSince),
    ],
    decode([paymentRows, allocations, clientRows, copies]) {
      const payment = (paymentRows as PaymentRecord[])[0];
      if (!payment) return null;
      return {
        payment,
        allocations: allocations as AllocationRecord[],
        client: clientRecord((clientRows as (typeof clients.$inferSelect)[])[0]),
        copiesInWindow: (copies as { n: number }[])[0]?.n ?? 0,
      };
    },
  };
}

/** receiptPart on its own (one batch), for a client known by id. */
export async function loadReceipt(db: Database, clientId: number, paymentId: string, copiesSince: number): Promise<ReceiptData | null> {
  const part = receiptPart(paymentId, copiesSince);
  // No session here: `live` is false, so nothing guarded by it could run.
  const [first, ...rest] = part.statements(db, { clientId: sql<number>`${clientId}`, live: sql`0` });
  return part.decode(await db.batch([first!, ...rest]));
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

/** The client, every item and allocation (for balances) and the payments since `paymentsSince`, for the session's batch. */
export function statementPart(paymentsSince: number): SessionBatchPart<StatementData> {
  return {
    statements: (db, { clientId }) => [
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
    ],
    decode([clientRows, itemRows, allocationRows, paymentRows]) {
      return {
        client: clientRecord((clientRows as (typeof clients.$inferSelect)[])[0]),
        // The same mapping as loadClientLedger, so statement and summary balances are one computation.
        items: (itemRows as (typeof items.$inferSelect)[]).map(toPayableItem),
        allocations: (allocationRows as { paymentId: string; itemId: number; amountCents: number; reversedCents: number; status: string }[]).map((row) => ({
          paymentId: row.paymentId,
          itemId: row.itemId,
          amountCents: row.amountCents,
          reversedCents: row.reversedCents,
          effect: allocationEffect(row.status),
        })),
        payments: paymentRows as PaymentRecord[],
      };
    },
  };
}
