// Writes that load billing data: the demo seed and the staff import (CLI and API). Each is keyed
// on the billing system's natural keys (client number, invoice number, late fee date), so loading
// the same data twice changes nothing.
import type { StoredMethod } from "../domain/payment-methods";
import { allocationEffect, PAYMENT_STATUSES } from "../domain/payment-status";
import { and, eq, inArray, isNull, ne, not, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { lateFeeKey, type ExistingItem, type ImportContext, type ImportPlan } from "../domain/import";
import type { Database } from "./db";
import { clients, items, paymentAllocations, payments } from "./schema";
import { staffActionInsert, type StaffAction } from "./staff-actions-repo";

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
    method: StoredMethod;
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

/** Payments that count against an item: received or in flight (see worker/domain/payment-status.ts). */
const COUNTING_STATUSES = PAYMENT_STATUSES.filter((status) => allocationEffect(status) !== "released");

function hasPaymentsSql() {
  return sql<number>`EXISTS (SELECT 1 FROM ${paymentAllocations} JOIN ${payments} ON ${payments.id} = ${paymentAllocations.paymentId}
    WHERE ${paymentAllocations.itemId} = ${items.id} AND ${inArray(payments.status, COUNTING_STATUSES)})`;
}

/** D1 binds at most 100 parameters per statement: long IN lists go in slices. */
function slices<T>(values: readonly T[], size = 90): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** What D1 holds for the clients and invoices an import names (late fees by their invoice). */
export async function loadImportContext(db: Database, clientNumbers: readonly string[], invoiceNumbers: readonly string[]): Promise<ImportContext> {
  const clientMap = new Map<string, { name: string; email: string | null }>();
  for (const slice of slices([...new Set(clientNumbers)])) {
    const rows = await db.select({ number: clients.number, name: clients.name, email: clients.email }).from(clients).where(inArray(clients.number, slice));
    for (const row of rows) clientMap.set(row.number, { name: row.name, email: row.email });
  }
  const invoices: Map<string, ExistingItem & { delivery: "electronic" | "paper" | null; pdfKey: string | null }> = new Map();
  const lateFees = new Map<string, ExistingItem>();
  for (const slice of slices([...new Set(invoiceNumbers)])) {
    const rows = await db
      .select({
        kind: items.kind,
        invoiceNumber: items.invoiceNumber,
        itemDate: items.itemDate,
        originalCents: items.originalCents,
        delivery: items.delivery,
        pdfKey: items.pdfKey,
        clientNumber: clients.number,
        hasPayments: hasPaymentsSql(),
      })
      .from(items)
      .innerJoin(clients, eq(clients.id, items.clientId))
      .where(inArray(items.invoiceNumber, slice));
    for (const row of rows) {
      const existing = { clientNumber: row.clientNumber, itemDate: row.itemDate, originalCents: row.originalCents, hasPayments: Boolean(row.hasPayments) };
      if (row.kind === "invoice") invoices.set(row.invoiceNumber, { ...existing, delivery: row.delivery, pdfKey: row.pdfKey });
      else lateFees.set(lateFeeKey(row.invoiceNumber, row.itemDate), existing);
    }
  }
  return { clients: clientMap, invoices, lateFees };
}

/**
 * Writes an import plan and its staff action in one D1 batch: all of it or none. Items are
 * matched on their natural keys and never deleted; a total is only changed while no payment
 * counts against the item (checked again here, in case one arrived since the plan was made).
 */
export async function applyImportPlan(db: Database, plan: ImportPlan, now: number, action: StaffAction): Promise<void> {
  const clientId = (number: string) => sql<number>`(SELECT ${clients.id} FROM ${clients} WHERE ${clients.number} = ${number})`;
  const statements: BatchItem<"sqlite">[] = [];
  for (const client of plan.clients) {
    if (client.change === "create") {
      statements.push(
        db
          .insert(clients)
          .values({ number: client.number, name: client.name, email: client.email, createdAt: now })
          .onConflictDoUpdate({ target: clients.number, set: { name: client.name, email: client.email } }),
      );
    } else if (client.change === "update") {
      statements.push(db.update(clients).set({ name: client.name, email: client.email }).where(eq(clients.number, client.number)));
    }
  }
  for (const item of plan.items) {
    const key =
      item.kind === "invoice"
        ? and(eq(items.kind, "invoice"), eq(items.invoiceNumber, item.invoiceNumber))
        : and(eq(items.kind, "late_fee"), eq(items.invoiceNumber, item.invoiceNumber), eq(items.itemDate, item.itemDate));
    if (item.change === "create") {
      statements.push(
        db
          .insert(items)
          .values({
            clientId: clientId(item.clientNumber),
            kind: item.kind,
            invoiceNumber: item.invoiceNumber,
            itemDate: item.itemDate,
            originalCents: item.originalCents,
            delivery: item.delivery,
            pdfKey: item.pdfKey,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing(),
      );
    } else if (item.change === "update") {
      statements.push(
        db
          .update(items)
          .set({
            itemDate: item.itemDate,
            originalCents: item.originalCents,
            delivery: item.delivery,
            ...(item.pdfKey ? { pdfKey: item.pdfKey } : {}),
            updatedAt: now,
          })
          .where(and(key, eq(items.clientId, clientId(item.clientNumber)), or(eq(items.originalCents, item.originalCents), not(hasPaymentsSql())))),
      );
    }
  }
  await db.batch([staffActionInsert(db, action), ...statements]);
}

/** Records an uploaded PDF's key on its invoice, with the staff action, in one batch. */
export async function setInvoicePdfKey(db: Database, invoiceNumber: string, pdfKey: string, now: number, action: StaffAction): Promise<void> {
  await db.batch([
    db
      .update(items)
      .set({ pdfKey, updatedAt: now })
      .where(and(eq(items.kind, "invoice"), eq(items.invoiceNumber, invoiceNumber), or(isNull(items.pdfKey), ne(items.pdfKey, pdfKey)))),
    staffActionInsert(db, action),
  ]);
}

export async function findInvoiceForPdf(db: Database, invoiceNumber: string): Promise<{ delivery: "electronic" | "paper" | null; pdfKey: string | null } | null> {
  const row = await db
    .select({ delivery: items.delivery, pdfKey: items.pdfKey })
    .from(items)
    .where(and(eq(items.kind, "invoice"), eq(items.invoiceNumber, invoiceNumber)))
    .get();
  return row ?? null;
}
