// Writes that load billing data: the demo seed now, the staff import later. Each is keyed on the
// billing system's natural keys (client number, invoice number, late fee date), so loading the
// same data twice changes nothing.
import { and, eq } from "drizzle-orm";
import type { Database } from "./db";
import { clients, items, paymentAllocations, payments } from "./schema";

export interface ClientInput {
  number: string;
  name: string;
  email?: string | null;
}

export interface ItemInput {
  kind: "invoice" | "late_fee";
  invoiceNumber: string;
  itemDate: string;
  originalCents: number;
  delivery: "electronic" | "paper" | null;
  pdfKey: string | null;
}

export async function insertClientIfAbsent(db: Database, client: ClientInput, now: number): Promise<number> {
  await db
    .insert(clients)
    .values({ number: client.number, name: client.name, email: client.email ?? null, createdAt: now })
    .onConflictDoNothing();
  const row = await db.select({ id: clients.id }).from(clients).where(eq(clients.number, client.number)).get();
  if (!row) throw new Error(`client ${client.number} missing after insert`);
  return row.id;
}

export async function insertItemIfAbsent(db: Database, clientId: number, item: ItemInput, now: number): Promise<number> {
  await db
    .insert(items)
    .values({ ...item, clientId, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const row = await db
    .select({ id: items.id })
    .from(items)
    .where(
      item.kind === "invoice"
        ? and(eq(items.kind, "invoice"), eq(items.invoiceNumber, item.invoiceNumber))
        : and(eq(items.kind, "late_fee"), eq(items.invoiceNumber, item.invoiceNumber), eq(items.itemDate, item.itemDate)),
    )
    .get();
  if (!row) throw new Error(`item ${item.kind} ${item.invoiceNumber} missing after insert`);
  return row.id;
}

/** A payment received outside the portal (a check, a wire) with its allocations, recorded once by id. */
export async function insertOfflinePaymentIfAbsent(
  db: Database,
  payment: {
    id: string;
    clientId: number;
    method: string;
    receivedAt: number;
    allocations: { itemId: number; amountCents: number }[];
  },
): Promise<void> {
  const total = payment.allocations.reduce((sum, a) => sum + a.amountCents, 0);
  // One atomic batch; both inserts are keyed, so a second run is a no-op.
  await db.batch([
    db
      .insert(payments)
      .values({
        id: payment.id,
        clientId: payment.clientId,
        status: "succeeded",
        method: payment.method,
        subtotalCents: total,
        feeCents: 0,
        totalCents: total,
        createdAt: payment.receivedAt,
        updatedAt: payment.receivedAt,
        settledAt: payment.receivedAt,
      })
      .onConflictDoNothing(),
    ...payment.allocations.map((a) =>
      db
        .insert(paymentAllocations)
        .values({ paymentId: payment.id, itemId: a.itemId, amountCents: a.amountCents })
        .onConflictDoNothing(),
    ),
  ]);
}
