// Clients, payable items and the allocations that derive their balances.
import { and, eq, type SQL } from "drizzle-orm";
import type { Allocation, PayableItem } from "../domain/items";
import { allocationEffect } from "../domain/payment-status";
import type { Database, SessionBatchPart } from "./db";
import { clients, items, paymentAllocations, payments } from "./schema";

export interface ClientRecord {
  id: number;
  number: string;
  name: string;
  email: string | null;
}

export async function findClientById(db: Database, clientId: number): Promise<ClientRecord | null> {
  const row = await db.query.clients.findFirst({ where: eq(clients.id, clientId) });
  return row ? { id: row.id, number: row.number, name: row.name, email: row.email } : null;
}

/** The invoice a lookup names, with what the lookup is checked against (a query, for a batch). */
export function invoiceForLookupQuery(db: Database, invoiceNumber: string) {
  return db
    .select({ clientId: items.clientId, originalCents: items.originalCents })
    .from(items)
    .where(and(eq(items.kind, "invoice"), eq(items.invoiceNumber, invoiceNumber)))
    .limit(1);
}

/** An items row as the balance rules read it. */
export function toPayableItem(row: typeof items.$inferSelect): PayableItem {
  return {
    id: row.id,
    kind: row.kind,
    invoiceNumber: row.invoiceNumber,
    itemDate: row.itemDate,
    originalCents: row.originalCents,
    delivery: row.delivery,
    hasPdf: row.kind === "invoice" && row.delivery === "electronic" && row.pdfKey !== null,
  };
}

/** Every item of one client and every allocation against them: the input to balances. */
export async function loadClientLedger(
  db: Database,
  clientId: number,
): Promise<{ items: PayableItem[]; allocations: Allocation[] }> {
  const [itemRows, allocationRows] = await db.batch([
    db.select().from(items).where(eq(items.clientId, clientId)),
    db
      .select({
        itemId: paymentAllocations.itemId,
        amountCents: paymentAllocations.amountCents,
        reversedCents: paymentAllocations.reversedCents,
        status: payments.status,
      })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(eq(payments.clientId, clientId)),
  ]);
  return {
    items: itemRows.map(toPayableItem),
    allocations: allocationRows.map((row) => ({
      itemId: row.itemId,
      amountCents: row.amountCents,
      reversedCents: row.reversedCents,
      effect: allocationEffect(row.status),
    })),
  };
}

/** The R2 key of one of this client's invoice PDFs; null when missing, paper, or another client's. */
export function clientInvoicePdfKeyPart(invoiceNumber: string): SessionBatchPart<string | null> {
  return {
    statements: (db, { clientId }) => [
      db
        .select({ pdfKey: items.pdfKey, delivery: items.delivery })
        .from(items)
        .where(and(eq(items.clientId, clientId), eq(items.kind, "invoice"), eq(items.invoiceNumber, invoiceNumber)))
        .limit(1),
    ],
    decode([rows]) {
      const row = (rows as { pdfKey: string | null; delivery: string }[])[0];
      return row && row.delivery === "electronic" && row.pdfKey ? row.pdfKey : null;
    },
  };
}

/**
 * The ledger's two reads as queries, for a caller's own batch (the session's, say): the client is
 * named by an id or by an SQL expression (a subquery on the session row).
 */
export function clientLedgerQueries(db: Database, clientId: number | SQL<number>) {
  return [
    db.select().from(clients).where(eq(clients.id, clientId)).limit(1),
    db.select().from(items).where(eq(items.clientId, clientId)),
    db
      .select({
        itemId: paymentAllocations.itemId,
        amountCents: paymentAllocations.amountCents,
        reversedCents: paymentAllocations.reversedCents,
        status: payments.status,
      })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(eq(payments.clientId, clientId)),
  ] as const;
}

export type ClientLedgerRows = [
  (typeof clients.$inferSelect)[],
  (typeof items.$inferSelect)[],
  { itemId: number; amountCents: number; reversedCents: number; status: (typeof payments.$inferSelect)["status"] }[],
];

/** What clientLedgerQueries read, as the balance rules take it. */
export function toClientLedger([clientRows, itemRows, allocationRows]: ClientLedgerRows): {
  client: ClientRecord | null;
  items: PayableItem[];
  allocations: Allocation[];
} {
  const row = clientRows[0];
  return {
    client: row ? { id: row.id, number: row.number, name: row.name, email: row.email } : null,
    items: itemRows.map(toPayableItem),
    allocations: allocationRows.map((a) => ({ itemId: a.itemId, amountCents: a.amountCents, reversedCents: a.reversedCents, effect: allocationEffect(a.status) })),
  };
}
