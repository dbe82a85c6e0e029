// The email outbox: the one way a row is written (inside the batch of the change that causes
// it), handing rows to the queue, one consumer's claim on a row, the record of what was sent, and
// the sweeps that keep nothing stuck. Each state change is a conditional UPDATE (or one batch),
// so two consumers can never both own a row.
import type { Language } from "../domain/language";
import { and, asc, Column, count, desc, eq, getTableColumns, gt, inArray, is, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "./db";
import { deadLetters, outbox, sentEmails } from "./schema";

export type OutboxRecord = typeof outbox.$inferSelect;
export type SentEmailRecord = typeof sentEmails.$inferSelect;

/** An email a payment change causes, written with that change. */
export interface OutboxEmail {
  kind: string;
  dedupeKey: string;
  recipient: string | null;
  language: Language;
}

/** What a new outbox row says; every other column starts empty (status pending, no attempts). */
export interface NewOutboxRow {
  dedupeKey: string;
  kind: string;
  recipient: string | null;
  language: Language;
  createdAt: number;
  paymentId?: string | null;
  helpRequestId?: number | null;
}

/** A new outbox row whose values may also be columns of the row an INSERT ... SELECT reads. */
export type NewOutboxRowFrom = { [K in keyof NewOutboxRow]: NewOutboxRow[K] | AnySQLiteColumn };

const NEW_ROW_DEFAULTS = { status: "pending", attempts: 0 } satisfies Partial<OutboxRecord>;

/**
 * Inserts an outbox row for each `source` row matching `condition`, at most once per dedupe key
 * (INSERT ... SELECT ... ON CONFLICT DO NOTHING, batchable): the email then exists exactly when the
 * change it reports landed. INSERT ... SELECT fills every column in table order, so the selection
 * is built from the table's own column list and cannot drift from the schema.
 */
export function insertOutboxFrom(db: Database, source: SQLiteTable, row: NewOutboxRowFrom, condition: SQL | undefined) {
  const given: Partial<Record<string, unknown>> = { ...NEW_ROW_DEFAULTS, ...row };
  const fields = Object.fromEntries(
    Object.entries(getTableColumns(outbox)).map(([key, column]) => {
      const value = given[key] ?? null;
      if (is(value, Column)) return [key, value];
      return [key, (value === null ? sql`NULL` : sql`${value}`).as(column.name)];
    }),
  ) as Record<keyof OutboxRecord, SQL.Aliased | AnySQLiteColumn>;
  return db.insert(outbox).select(db.select(fields).from(source).where(condition)).onConflictDoNothing();
}

/** The kind of the copy of a receipt a client asks for (payments-repo receiptCopyInsert writes it). */
export const RECEIPT_COPY_KIND = "receipt_copy";

/** How many receipt copies of a payment were asked for since `since`. */
export function receiptCopiesSinceQuery(db: Database, paymentId: string, since: number) {
  return db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.paymentId, paymentId), eq(outbox.kind, RECEIPT_COPY_KIND), gt(outbox.createdAt, since)));
}

/** The row of a dedupe key, if one was written. */
export function outboxByDedupeKeyQuery(db: Database, dedupeKey: string) {
  return db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).limit(1);
}

/** Every email about a payment, oldest first (its staff timeline). */
export function paymentEmailsQuery(db: Database, paymentId: string) {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      language: outbox.language,
      status: outbox.status,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(eq(outbox.paymentId, paymentId))
    .orderBy(asc(outbox.id));
}

/** Inserts an outbox row unconditionally, at most once per dedupe key (batchable). */
export function insertOutbox(db: Database, row: NewOutboxRow) {
  return db.insert(outbox).values(row).onConflictDoNothing();
}

/** Pending rows never handed to the queue, marked as handed now (so one request takes each). */
export async function takeUnenqueued(db: Database, now: number, limit: number): Promise<number[]> {
  const waiting = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), isNull(outbox.enqueuedAt)))
    .orderBy(asc(outbox.id))
    .limit(limit);
  const rows = await db
    .update(outbox)
    .set({ enqueuedAt: now })
    .where(and(inArray(outbox.id, waiting), isNull(outbox.enqueuedAt)))
    .returning({ id: outbox.id });
  return rows.map((row) => row.id);
}

export async function setEnqueuedAt(db: Database, ids: number[], at: number | null): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ enqueuedAt: at })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, "pending")));
}

/** Pending rows whose message is overdue by now (lost, or the queue refused it). */
export async function listRequeueable(db: Database, before: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), or(and(isNull(outbox.enqueuedAt), lt(outbox.createdAt, before)), lt(outbox.enqueuedAt, before))))
    .orderBy(asc(outbox.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function findOutbox(db: Database, id: number): Promise<OutboxRecord | null> {
  return (await db.select().from(outbox).where(eq(outbox.id, id)).get()) ?? null;
}

/** pending -> sending, for exactly one caller; null when someone else has it (or it is done). */
export async function claimOutbox(db: Database, id: number, now: number): Promise<OutboxRecord | null> {
  const rows = await db
    .update(outbox)
    .set({ status: "sending", claimedAt: now, attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
    .returning();
  return rows[0] ?? null;
}

/** The provider refused or rendering failed: back to pending, due again at `retryAt`. */
export async function releaseOutbox(db: Database, id: number, claimedAt: number, error: string, retryAt: number): Promise<void> {
  await db
    .update(outbox)
    .set({ status: "pending", claimedAt: null, lastError: error.slice(0, 300), enqueuedAt: retryAt })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending"), eq(outbox.claimedAt, claimedAt)));
}

export interface SentEmailInput {
  fromAddress: string;
  toAddresses: string;
  ccAddresses: string | null;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
}

export function unconfirmedKey(id: number, claimedAt: number): string {
  return `email-unconfirmed:${id}:${claimedAt}`;
}

/**
 * Records a send by the claim's owner, with exactly what went out, in one batch. A row flagged
 * unconfirmed meanwhile (this send was slower than the lease) is settled as sent, and its dead
 * letter closed. Returns false when the claim was no longer this caller's.
 */
export async function recordSent(db: Database, id: number, claimedAt: number, email: SentEmailInput, now: number): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(outbox)
      .set({ status: "sent", sentAt: now, lastError: null })
      .where(and(eq(outbox.id, id), eq(outbox.claimedAt, claimedAt), inArray(outbox.status, ["sending", "unconfirmed"])))
      .returning({ id: outbox.id }),
    db
      .insert(sentEmails)
      .select(
        db
          .select({
            outboxId: outbox.id,
            fromAddress: sql<string>`${email.fromAddress}`.as("from_address"),
            toAddresses: sql<string>`${email.toAddresses}`.as("to_addresses"),
            ccAddresses: sql<string | null>`${email.ccAddresses}`.as("cc_addresses"),
            replyTo: sql<string | null>`${email.replyTo}`.as("reply_to"),
            subject: sql<string>`${email.subject}`.as("subject"),
            text: sql<string>`${email.text}`.as("text"),
            html: sql<string>`${email.html}`.as("html"),
            sentAt: sql<number>`${now}`.as("sent_at"),
          })
          .from(outbox)
          .where(and(eq(outbox.id, id), eq(outbox.status, "sent"), eq(outbox.sentAt, now), eq(outbox.claimedAt, claimedAt))),
      )
      .onConflictDoNothing(),
    db
      .update(deadLetters)
      .set({ resolvedAt: now, resolvedBy: "system", resolution: "sent" })
      .where(and(eq(deadLetters.dedupeKey, unconfirmedKey(id, claimedAt)), isNull(deadLetters.resolvedAt))),
  ]);
  return updated.length > 0;
}

/** A dead letter row built from an outbox row, inside the batch that changes the row. */
function deadLetterFromOutbox(db: Database, id: number, dedupeKey: SQL | string, reason: string, condition: SQL | undefined, now: number) {
  return db
    .insert(deadLetters)
    .select(
      db
        .select({
          id: sql<number>`NULL`.as("id"),
          dedupeKey: sql<string>`${dedupeKey}`.as("dedupe_key"),
          source: sql<string>`'email'`.as("source"),
          body: sql<string>`${JSON.stringify({ type: "email", outboxId: id })}`.as("body"),
          reason: sql<string>`${reason}`.as("reason"),
          receivedAt: sql<number>`${now}`.as("received_at"),
          resolvedAt: sql<number | null>`NULL`.as("resolved_at"),
          resolvedBy: sql<string | null>`NULL`.as("resolved_by"),
          resolution: sql<string | null>`NULL`.as("resolution"),
        })
        .from(outbox)
        .where(condition),
    )
    .onConflictDoNothing();
}

/**
 * A claim older than the lease: its consumer stopped between sending and recording, so the email
 * may or may not have gone out. It is not sent again on a guess; the staff decide.
 */
export async function markUnconfirmed(db: Database, id: number, claimedAt: number, now: number): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(outbox)
      .set({ status: "unconfirmed", lastError: "stopped between sending and recording" })
      .where(and(eq(outbox.id, id), eq(outbox.status, "sending"), eq(outbox.claimedAt, claimedAt)))
      .returning({ id: outbox.id }),
    deadLetterFromOutbox(
      db,
      id,
      unconfirmedKey(id, claimedAt),
      "unconfirmed",
      and(eq(outbox.id, id), eq(outbox.status, "unconfirmed"), eq(outbox.claimedAt, claimedAt)),
      now,
    ),
  ]);
  return updated.length > 0;
}

export async function listStaleClaims(db: Database, claimedBefore: number, limit: number): Promise<{ id: number; claimedAt: number }[]> {
  const rows = await db
    .select({ id: outbox.id, claimedAt: outbox.claimedAt })
    .from(outbox)
    .where(and(eq(outbox.status, "sending"), lt(outbox.claimedAt, claimedBefore)))
    .limit(limit);
  return rows.filter((row): row is { id: number; claimedAt: number } => row.claimedAt !== null);
}

/**
 * Every retry failed (the message reached the dead-letter queue): pending -> failed with a dead
 * letter for the staff. Keyed on the row's attempt count, so duplicate messages record it once.
 */
export async function failIfPending(db: Database, id: number, now: number): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(outbox)
      .set({ status: "failed" })
      .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
      .returning({ id: outbox.id }),
    deadLetterFromOutbox(
      db,
      id,
      sql`'email-failed:' || ${outbox.id} || ':' || ${outbox.attempts}`,
      "retries",
      and(eq(outbox.id, id), eq(outbox.status, "failed")),
      now,
    ),
  ]);
  return updated.length > 0;
}

/** A staff retry: failed or unconfirmed -> pending, to be enqueued again. */
export async function requeueOutbox(db: Database, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: "pending", claimedAt: null, enqueuedAt: null })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ["failed", "unconfirmed"])))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export async function listMailbox(db: Database, limit: number): Promise<{ row: OutboxRecord; sent: SentEmailRecord | null }[]> {
  const rows = await db.select().from(outbox).leftJoin(sentEmails, eq(sentEmails.outboxId, outbox.id)).orderBy(desc(outbox.id)).limit(limit);
  return rows.map((r) => ({ row: r.outbox, sent: r.sent_emails }));
}

export async function findSentEmail(db: Database, outboxId: number): Promise<SentEmailRecord | null> {
  return (await db.select().from(sentEmails).where(eq(sentEmails.outboxId, outboxId)).get()) ?? null;
}
