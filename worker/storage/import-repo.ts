// Writes that load billing data: the demo seed and the staff import (CLI and API). Each is keyed
// on the billing system's natural keys (client number, invoice number, late fee date), so loading
// the same data twice changes nothing.
import type { StoredMethod } from "../domain/payment-methods";
import { allocationEffect, PAYMENT_STATUSES } from "../domain/payment-status";
import { and, eq, inArray, isNull, lt, ne, not, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { lateFeeKey, type ExistingItem, type ImportContext, type ImportPlan } from "../domain/import";
import type { Database } from "./db";
import { clients, importStaging, items, paymentAllocations, payments } from "./schema";
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
      db.insert(paymentAllocations).values({ paymentId: payment.id, itemId: a.itemId, amountCents: a.amountCents }).onConflictDoNothing(),
    ),
  ]);
}

/** Payments that count against an item: received or in flight (see worker/domain/payment-status.ts). */
const COUNTING_STATUSES = PAYMENT_STATUSES.filter((status) => allocationEffect(status) !== "released");

function hasPaymentsSql() {
  return sql<number>`EXISTS (SELECT 1 FROM ${paymentAllocations} JOIN ${payments} ON ${payments.id} = ${paymentAllocations.paymentId}
    WHERE ${paymentAllocations.itemId} = ${items.id} AND ${inArray(payments.status, COUNTING_STATUSES)})`;
}

/**
 * D1 binds at most 100 parameters per statement, so long lists travel as one JSON text read with
 * json_each; each text holds this many values, so a statement stays small whatever the file's size.
 */
export const JSON_LIST_SIZE = 2_000;

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

function jsonList(values: readonly unknown[]) {
  return sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** What D1 holds for the clients and invoices an import names (late fees by their invoice), in one round trip. */
export async function loadImportContext(db: Database, clientNumbers: readonly string[], invoiceNumbers: readonly string[]): Promise<ImportContext> {
  const clientChunks = chunks([...new Set(clientNumbers)], JSON_LIST_SIZE);
  const invoiceChunks = chunks([...new Set(invoiceNumbers)], JSON_LIST_SIZE);
  const itemColumns = {
    kind: items.kind,
    invoiceNumber: items.invoiceNumber,
    itemDate: items.itemDate,
    originalCents: items.originalCents,
    delivery: items.delivery,
    pdfKey: items.pdfKey,
    clientNumber: clients.number,
    hasPayments: hasPaymentsSql(),
  };
  // kind = ... lets SQLite reach each item through its partial unique index.
  const itemsOf = (kind: "invoice" | "late_fee", list: string[]) =>
    db
      .select(itemColumns)
      .from(items)
      .innerJoin(clients, eq(clients.id, items.clientId))
      .where(and(eq(items.kind, kind), sql`${items.invoiceNumber} IN ${jsonList(list)}`));
  const queries = [
    ...clientChunks.map((list) =>
      db
        .select({ number: clients.number, name: clients.name, email: clients.email })
        .from(clients)
        .where(sql`${clients.number} IN ${jsonList(list)}`),
    ),
    ...invoiceChunks.flatMap((list) => [itemsOf("invoice", list), itemsOf("late_fee", list)]),
  ];
  const results = queries.length ? ((await db.batch(queries as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[][]) : [];
  const clientMap = new Map<string, { name: string; email: string | null }>();
  for (const rows of results.slice(0, clientChunks.length) as { number: string; name: string; email: string | null }[][]) {
    for (const row of rows) clientMap.set(row.number, { name: row.name, email: row.email });
  }
  const invoices: Map<string, ExistingItem & { delivery: "electronic" | "paper" | null; pdfKey: string | null }> = new Map();
  const lateFees = new Map<string, ExistingItem>();
  type ItemRow = {
    kind: string;
    invoiceNumber: string;
    itemDate: string;
    originalCents: number;
    delivery: "electronic" | "paper" | null;
    pdfKey: string | null;
    clientNumber: string;
    hasPayments: number;
  };
  for (const rows of results.slice(clientChunks.length) as ItemRow[][]) {
    for (const row of rows) {
      const existing = { clientNumber: row.clientNumber, itemDate: row.itemDate, originalCents: row.originalCents, hasPayments: Boolean(row.hasPayments) };
      if (row.kind === "invoice") invoices.set(row.invoiceNumber, { ...existing, delivery: row.delivery, pdfKey: row.pdfKey });
      else lateFees.set(lateFeeKey(row.invoiceNumber, row.itemDate), existing);
    }
  }
  return { clients: clientMap, invoices, lateFees };
}

/** A plan as staging rows: the clients first (items name them), then the items; unchanged rows need no write. */
function stagingRows(plan: ImportPlan): unknown[][] {
  const rows: unknown[][] = [];
  for (const client of plan.clients) {
    if (client.change !== "none") rows.push(["client", client.change, client.number, client.name, client.email, null, null, null, null, null]);
  }
  for (const item of plan.items) {
    if (item.change !== "none")
      rows.push([item.kind, item.change, item.clientNumber, null, null, item.invoiceNumber, item.itemDate, item.originalCents, item.delivery, item.pdfKey]);
  }
  return rows;
}

/** Staging rows written per statement, and statements per D1 batch (one round trip each). */
export const STAGE_ROWS_PER_STATEMENT = 1_000;
export const STAGE_STATEMENTS_PER_BATCH = 10;
/** Staged rows each apply statement covers: every statement's work stays bounded. */
export const APPLY_ROWS_PER_STATEMENT = 10_000;

export interface StagedImport {
  importId: string;
  rows: number;
}

/** Deletes what interrupted imports left in staging (never applied: the apply deletes its own rows). */
export async function purgeStaleStaging(db: Database, olderThan: number): Promise<void> {
  await db.delete(importStaging).where(lt(importStaging.stagedAt, olderThan));
}

export async function discardStaging(db: Database, importId: string): Promise<void> {
  await db.delete(importStaging).where(eq(importStaging.importId, importId));
}

/**
 * Writes a checked plan's changes to the staging table in batches (nothing the portal reads
 * changes), calling `progress` after each batch.
 */
export async function stageImportPlan(
  db: Database,
  importId: string,
  plan: ImportPlan,
  now: number,
  progress: (staged: number, total: number) => void,
): Promise<StagedImport> {
  const rows = stagingRows(plan);
  let seq = 0;
  const statements = chunks(rows, STAGE_ROWS_PER_STATEMENT).map((chunk) => {
    const first = seq;
    seq += chunk.length;
    return {
      size: chunk.length,
      // drizzle batches raw statements with parameters badly (db.run), so these are builders over SQL.
      query: db
        .insert(importStaging)
        .select(sql`SELECT ${importId}, ${first} + key, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, ${now}
        FROM json_each(${JSON.stringify(chunk)})`),
    };
  });
  let staged = 0;
  for (const batch of chunks(statements, STAGE_STATEMENTS_PER_BATCH)) {
    await db.batch(batch.map((s) => s.query) as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    staged += batch.reduce((sum, s) => sum + s.size, 0);
    progress(staged, rows.length);
  }
  return { importId, rows: rows.length };
}

/**
 * Applies a staged import and records its staff action in ONE D1 batch, which is atomic: all of
 * it or none of it, then deletes the staged rows. Each statement covers a slice of the staged rows.
 * Items are matched on their natural keys and never deleted; a total is only changed while no
 * payment counts against the item (checked again here, in case one arrived since the check).
 */
export async function applyStagedImport(db: Database, staged: StagedImport, now: number, action: StaffAction): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [staffActionInsert(db, action)];
  const id = staged.importId;
  for (let low = 0; low < staged.rows; low += APPLY_ROWS_PER_STATEMENT) {
    const high = low + APPLY_ROWS_PER_STATEMENT;
    const slice = sql`s.import_id = ${id} AND s.seq >= ${low} AND s.seq < ${high}`;
    const staging = sql`${importStaging} s JOIN ${clients} c ON c.number = s.client_number`;
    const guard = sql`(${items.originalCents} = s.original_cents OR NOT ${hasPaymentsSql()})`;
    statements.push(
      // Column lists follow the tables' order (id first, left to SQLite).
      db
        .insert(clients)
        .select(sql`SELECT NULL, s.client_number, s.client_name, s.client_email, ${now} FROM ${importStaging} s WHERE ${slice} AND s.record = 'client'`)
        .onConflictDoUpdate({ target: clients.number, set: { name: sql`excluded.name`, email: sql`excluded.email` } }),
      db
        .insert(items)
        .select(
          sql`SELECT NULL, c.id, s.record, s.invoice_number, s.item_date, s.original_cents, s.delivery, s.pdf_key, ${now}, ${now} FROM ${staging}
            WHERE ${slice} AND s.record IN ('invoice', 'late_fee') AND s.change = 'create'`,
        )
        .onConflictDoNothing(),
      db
        .update(items)
        .set({
          itemDate: sql`s.item_date`,
          originalCents: sql`s.original_cents`,
          delivery: sql`s.delivery`,
          pdfKey: sql`coalesce(s.pdf_key, ${items.pdfKey})`,
          updatedAt: now,
        })
        .from(staging)
        .where(
          sql`${slice} AND s.record = 'invoice' AND s.change = 'update' AND ${items.kind} = 'invoice' AND ${items.invoiceNumber} = s.invoice_number AND ${items.clientId} = c.id AND ${guard}`,
        ),
      db
        .update(items)
        .set({ originalCents: sql`s.original_cents`, updatedAt: now })
        .from(staging)
        .where(
          sql`${slice} AND s.record = 'late_fee' AND s.change = 'update' AND ${items.kind} = 'late_fee' AND ${items.invoiceNumber} = s.invoice_number AND ${items.itemDate} = s.item_date AND ${items.clientId} = c.id AND ${guard}`,
        ),
    );
  }
  statements.push(db.delete(importStaging).where(eq(importStaging.importId, id)));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
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

export async function findInvoiceForPdf(
  db: Database,
  invoiceNumber: string,
): Promise<{ delivery: "electronic" | "paper" | null; pdfKey: string | null } | null> {
  const row = await db
    .select({ delivery: items.delivery, pdfKey: items.pdfKey })
    .from(items)
    .where(and(eq(items.kind, "invoice"), eq(items.invoiceNumber, invoiceNumber)))
    .get();
  return row ?? null;
}
