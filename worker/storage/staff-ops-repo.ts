// Reads behind staff search, the paged payments list, the client page and the payment page. Each
// page's data is one db.batch (one round trip); every query is an index lookup or range scan.
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Cursor, ListQuery } from "../domain/cursor";
import type { PaymentStatus } from "../domain/payment-status";
import { prefixUpperBound } from "../domain/name-fold";
import type { SearchLookup } from "../domain/staff-search";
import type { Database } from "./db";
import { clients, helpRequests, items, outbox, paymentAllocations, payLinks, payments, refunds, staffActions, stripeEvents } from "./schema";
import type { PaymentSummaryRow } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { PaymentSummaryRow };

/** Name matches shown per search; one more is fetched to say "more: refine the search". */
export const NAME_MATCHES = 20;

const DISPUTE_EVENTS = ["charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"];

const paymentSummary = {
  id: payments.id,
  status: payments.status,
  method: payments.method,
  cardFunding: payments.cardFunding,
  methodLabel: payments.methodLabel,
  subtotalCents: payments.subtotalCents,
  feeCents: payments.feeCents,
  totalCents: payments.totalCents,
  refundedCents: payments.refundedCents,
  createdAt: payments.createdAt,
  stripePaymentIntentId: payments.stripePaymentIntentId,
  clientNumber: clients.number,
  clientName: clients.name,
  invoiceNumbers: sql<string | null>`(SELECT group_concat(${items.invoiceNumber}, ', ') FROM ${paymentAllocations} JOIN ${items} ON ${items.id} = ${paymentAllocations.itemId} WHERE ${paymentAllocations.paymentId} = ${payments.id})`,
};

function paymentsWhere(db: Database, condition: SQL | undefined, limit: number) {
  return db
    .select(paymentSummary)
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .where(condition)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

/** Runs every lookup a query plans, in one batch. */
export async function runSearch(db: Database, lookups: SearchLookup[]) {
  const queries = lookups.map((lookup) => {
    switch (lookup.kind) {
      case "client_number":
        return db.select({ id: clients.id, number: clients.number, name: clients.name, email: clients.email }).from(clients).where(eq(clients.number, lookup.value)).limit(1);
      case "name_prefix":
        return db
          .select({ id: clients.id, number: clients.number, name: clients.name, email: clients.email })
          .from(clients)
          .where(and(gte(clients.nameFolded, lookup.value), lt(clients.nameFolded, prefixUpperBound(lookup.value))))
          .orderBy(asc(clients.nameFolded), asc(clients.id))
          .limit(NAME_MATCHES + 1);
      case "invoice_number":
        return db
          .select({ invoiceNumber: items.invoiceNumber, itemDate: items.itemDate, originalCents: items.originalCents, clientNumber: clients.number, clientName: clients.name })
          .from(items)
          .innerJoin(clients, eq(clients.id, items.clientId))
          .where(and(eq(items.kind, "invoice"), eq(items.invoiceNumber, lookup.value)))
          .limit(1);
      case "payment_id":
        return paymentsWhere(db, eq(payments.id, lookup.value), 1);
      case "payment_intent":
        return paymentsWhere(db, eq(payments.stripePaymentIntentId, lookup.value), 1);
      case "pay_link":
        return db
          .select({ code: payLinks.code, expiresAt: payLinks.expiresAt, revokedAt: payLinks.revokedAt, invoiceNumber: items.invoiceNumber, clientNumber: clients.number, clientName: clients.name })
          .from(payLinks)
          .innerJoin(items, eq(items.id, payLinks.itemId))
          .innerJoin(clients, eq(clients.id, items.clientId))
          .where(eq(payLinks.code, lookup.value))
          .limit(1);
      case "help_reference":
        return db
          .select({ id: helpRequests.id, reference: helpRequests.reference, name: helpRequests.name, company: helpRequests.company, status: helpRequests.status, submittedAt: helpRequests.submittedAt })
          .from(helpRequests)
          .where(eq(helpRequests.reference, lookup.value))
          .limit(1);
    }
  });
  if (queries.length === 0) return [];
  const [first, ...rest] = queries;
  const results = (await db.batch([first!, ...rest])) as unknown[][];
  return lookups.map((lookup, index) => ({ lookup, rows: results[index] ?? [] }));
}

function olderThan(cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  // The leading created_at <= bound lets SQLite start the index range at the cursor; the OR alone
  // would walk every newer payment first, so deep pages would get slower as the ledger grows.
  return and(lte(payments.createdAt, cursor.at), or(lt(payments.createdAt, cursor.at), and(eq(payments.createdAt, cursor.at), lt(payments.id, cursor.id))));
}

/** One page of payments, newest first (limit + 1 rows: the caller pages them). */
export async function listPaymentsPage(db: Database, query: ListQuery, clientNumber: string | null = null): Promise<PaymentSummaryRow[]> {
  const conditions = [
    // parseListQuery let through only PAYMENT_STATUSES for this list.
    query.status ? eq(payments.status, query.status as PaymentStatus) : undefined,
    query.fromMs !== null ? gte(payments.createdAt, query.fromMs) : undefined,
    query.toMs !== null ? lt(payments.createdAt, query.toMs) : undefined,
    olderThan(query.cursor),
    clientNumber ? eq(clients.number, clientNumber) : undefined,
  ];
  return paymentsWhere(db, and(...conditions), query.limit + 1);
}

/** Everything the client page shows, in one round trip. */
export async function loadClientPage(db: Database, clientNumber: string, paymentLimit: number) {
  const client = db.select({ id: clients.id }).from(clients).where(eq(clients.number, clientNumber));
  const [clientRows, itemRows, allocationRows, paymentRows, linkRows, helpRows] = await db.batch([
    db.select({ id: clients.id, number: clients.number, name: clients.name, email: clients.email, createdAt: clients.createdAt }).from(clients).where(eq(clients.number, clientNumber)),
    db.select().from(items).where(inArray(items.clientId, client)).orderBy(asc(items.itemDate), asc(items.id)),
    db
      .select({ itemId: paymentAllocations.itemId, amountCents: paymentAllocations.amountCents, reversedCents: paymentAllocations.reversedCents, status: payments.status })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(inArray(payments.clientId, client)),
    paymentsWhere(db, inArray(payments.clientId, client), paymentLimit + 1),
    db
      .select({ code: payLinks.code, invoiceNumber: items.invoiceNumber, expiresAt: payLinks.expiresAt, revokedAt: payLinks.revokedAt, createdAt: payLinks.createdAt, createdBy: payLinks.createdBy })
      .from(payLinks)
      .innerJoin(items, eq(items.id, payLinks.itemId))
      .where(inArray(items.clientId, client))
      .orderBy(desc(payLinks.createdAt), desc(payLinks.id)),
    db
      .select({ id: helpRequests.id, reference: helpRequests.reference, topic: helpRequests.topic, status: helpRequests.status, submittedAt: helpRequests.submittedAt, name: helpRequests.name })
      .from(helpRequests)
      .where(or(eq(helpRequests.sessionClientNumber, clientNumber), eq(helpRequests.typedNumber, clientNumber)))
      .orderBy(desc(helpRequests.submittedAt)),
  ]);
  return { client: clientRows[0] ?? null, items: itemRows, allocations: allocationRows, payments: paymentRows, links: linkRows, help: helpRows };
}

/** Everything the payment page shows, in one round trip. */
export async function loadPaymentPage(db: Database, paymentId: string) {
  const intentOf = db.select({ id: payments.stripePaymentIntentId }).from(payments).where(eq(payments.id, paymentId));
  const chargeOf = db.select({ id: payments.stripeChargeId }).from(payments).where(eq(payments.id, paymentId));
  const refundIds = db.select({ id: refunds.id }).from(refunds).where(eq(refunds.paymentId, paymentId));
  const [paymentRows, allocationRows, refundRows, emailRows, actionRows, eventRows] = await db.batch([
    db
      // Aliased: D1 batches return rows by column name, and payments.id would collide with clients.id.
      .select({
        payment: payments,
        client: {
          number: sql<string>`${clients.number}`.as("client_number"),
          name: sql<string>`${clients.name}`.as("client_name"),
          email: sql<string | null>`${clients.email}`.as("client_email"),
        },
      })
      .from(payments)
      .innerJoin(clients, eq(clients.id, payments.clientId))
      .where(eq(payments.id, paymentId)),
    db
      .select({ id: paymentAllocations.id, amountCents: paymentAllocations.amountCents, reversedCents: paymentAllocations.reversedCents, kind: items.kind, invoiceNumber: items.invoiceNumber, itemDate: items.itemDate })
      .from(paymentAllocations)
      .innerJoin(items, eq(items.id, paymentAllocations.itemId))
      .where(eq(paymentAllocations.paymentId, paymentId))
      .orderBy(asc(paymentAllocations.id)),
    db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(asc(refunds.createdAt)),
    db
      .select({ id: outbox.id, kind: outbox.kind, recipient: outbox.recipient, language: outbox.language, status: outbox.status, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
      .from(outbox)
      .where(eq(outbox.paymentId, paymentId))
      .orderBy(asc(outbox.id)),
    db.select().from(staffActions).where(eq(staffActions.target, paymentId)).orderBy(asc(staffActions.at), asc(staffActions.id)),
    db
      .select({ id: stripeEvents.id, type: stripeEvents.type, objectId: stripeEvents.objectId, receivedAt: stripeEvents.receivedAt, processedAt: stripeEvents.processedAt, lastError: stripeEvents.lastError })
      .from(stripeEvents)
      .where(
        or(
          inArray(stripeEvents.objectId, intentOf),
          inArray(stripeEvents.objectId, chargeOf),
          inArray(stripeEvents.objectId, refundIds),
          and(inArray(stripeEvents.type, DISPUTE_EVENTS), eq(sql`json_extract(${stripeEvents.payload}, '$.data.object.payment_intent')`, intentOf)),
        ),
      )
      .orderBy(asc(stripeEvents.receivedAt)),
  ]);
  const found = paymentRows[0];
  if (!found) return null;
  return { payment: found.payment, client: found.client, allocations: allocationRows, refunds: refundRows, emails: emailRows, actions: actionRows, events: eventRows };
}

/** Our payments and refunds behind a payout's Stripe charges and refunds, in one round trip. */
export async function matchPayoutSources(db: Database, chargeIds: string[], refundIds: string[]) {
  // D1 binds at most 100 parameters per statement: match in slices, all in one batch.
  const slices = <T,>(list: T[]) => Array.from({ length: Math.ceil(list.length / 90) }, (_, i) => list.slice(i * 90, i * 90 + 90));
  const columns = { chargeId: payments.stripeChargeId, ...paymentSummary };
  const queries = [
    ...slices(chargeIds).map((ids) => db.select(columns).from(payments).innerJoin(clients, eq(clients.id, payments.clientId)).where(inArray(payments.stripeChargeId, ids))),
    ...slices(refundIds).map((ids) =>
      db
        .select({ refundId: sql<string>`${refunds.id}`.as("refund_id"), ...columns })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .innerJoin(clients, eq(clients.id, payments.clientId))
        .where(inArray(refunds.id, ids)),
    ),
  ];
  if (queries.length === 0) return { byCharge: new Map<string, PaymentSummaryRow>(), byRefund: new Map<string, PaymentSummaryRow>() };
  const [first, ...rest] = queries;
  const results = (await db.batch([first!, ...rest])) as (PaymentSummaryRow & { chargeId: string | null; refundId?: string })[][];
  const byCharge = new Map<string, PaymentSummaryRow>();
  const byRefund = new Map<string, PaymentSummaryRow>();
  for (const row of results.flat()) {
    if (row.refundId) byRefund.set(row.refundId, row);
    else if (row.chargeId) byCharge.set(row.chargeId, row);
  }
  return { byCharge, byRefund };
}
