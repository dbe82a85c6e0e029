// Payable items (invoices and late fees), and the client's ledger that derives their balances:
// the ledger is composed from each table's own statement (clients-repo, this file, payments-repo).
import { and, asc, eq, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Allocation, PayableItem } from "../domain/items";
import { clientQuery, toClientRecord, type ClientRecord, type ClientRow } from "./clients-repo";
import type { Database, SessionBatchPart } from "./db";
import { clientAllocationsQuery, toAllocation, type ClientAllocationRow } from "./payment-reads-repo";
import { items } from "./schema";

/** Every item of a client; the client is an id or an SQL expression (a subquery). */
export function clientItemsQuery(db: Database, clientId: number | SQL<number>) {
  return db.select().from(items).where(eq(items.clientId, clientId));
}

/** The same, oldest first (the staff's client page). */
export function clientItemsByDateQuery(db: Database, clientId: number | SQL<number>) {
  return clientItemsQuery(db, clientId).orderBy(asc(items.itemDate), asc(items.id));
}

/** The invoice a lookup names, with what the lookup is checked against (a query, for a batch). */
export function invoiceForLookupQuery(db: Database, invoiceNumber: string | SQLWrapper) {
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
export async function loadClientLedger(db: Database, clientId: number): Promise<{ items: PayableItem[]; allocations: Allocation[] }> {
  const [itemRows, allocationRows] = await db.batch([clientItemsQuery(db, clientId), clientAllocationsQuery(db, clientId)]);
  return { items: itemRows.map(toPayableItem), allocations: allocationRows.map(toAllocation) };
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

export type ClientLedgerRows = [ClientRow[], (typeof items.$inferSelect)[], ClientAllocationRow[]];

/** What the ledger's reads (clientQuery, clientItemsQuery, clientAllocationsQuery) return, as the balance rules take it. */
export function toClientLedger([clientRows, itemRows, allocationRows]: ClientLedgerRows): {
  client: ClientRecord | null;
  items: PayableItem[];
  allocations: Allocation[];
} {
  return { client: toClientRecord(clientRows[0]), items: itemRows.map(toPayableItem), allocations: allocationRows.map(toAllocation) };
}
