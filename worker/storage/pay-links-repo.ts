// Pay links, their uses, and the invoices they open.
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { ListQuery } from "../domain/cursor";
import type { Database } from "./db";
import { pageBelow } from "./keyset";
import { clients, items, payLinks, payLinkUses, portalSessions } from "./schema";
import { staffActionInsert, type StaffAction } from "./staff-actions-repo";
import type { PayLinkListing } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { PayLinkListing };

export interface PayLinkRecord {
  id: number;
  code: string;
  itemId: number;
  clientId: number;
  invoiceNumber: string;
  expiresAt: number;
  revokedAt: number | null;
}

const recordColumns = {
  id: payLinks.id,
  code: payLinks.code,
  itemId: payLinks.itemId,
  clientId: items.clientId,
  invoiceNumber: items.invoiceNumber,
  expiresAt: payLinks.expiresAt,
  revokedAt: payLinks.revokedAt,
};

export async function findPayLinkByCode(db: Database, code: string): Promise<PayLinkRecord | null> {
  const row = await db.select(recordColumns).from(payLinks).innerJoin(items, eq(items.id, payLinks.itemId)).where(eq(payLinks.code, code)).get();
  return row ?? null;
}

/** An unrevoked, unexpired link for the invoice, if there is one (the seed reuses it). */
export async function findUsableLinkForItem(db: Database, itemId: number, now: number): Promise<PayLinkRecord | null> {
  const row = await db
    .select(recordColumns)
    .from(payLinks)
    .innerJoin(items, eq(items.id, payLinks.itemId))
    .where(and(eq(payLinks.itemId, itemId), isNull(payLinks.revokedAt), gt(payLinks.expiresAt, now)))
    .orderBy(desc(payLinks.id))
    .get();
  return row ?? null;
}

export interface InvoiceForLink {
  itemId: number;
  invoiceNumber: string;
  itemDate: string;
}

export async function findInvoicesForLinks(db: Database, invoiceNumbers: readonly string[]): Promise<Map<string, InvoiceForLink>> {
  if (invoiceNumbers.length === 0) return new Map();
  const rows = await db
    .select({ itemId: items.id, invoiceNumber: items.invoiceNumber, itemDate: items.itemDate })
    .from(items)
    .where(and(eq(items.kind, "invoice"), inArray(items.invoiceNumber, [...invoiceNumbers])));
  return new Map(rows.map((row) => [row.invoiceNumber, row]));
}

export interface NewPayLink {
  code: string;
  keyId: string;
  itemId: number;
  expiresAt: number;
  createdAt: number;
  createdBy: string;
}

/**
 * Inserts links (with the staff actions that record them) in one batch. "collision" when a code
 * is already taken (a random id drawn twice): nothing was written, and the caller draws again.
 */
export async function insertPayLinks(db: Database, links: readonly NewPayLink[], actions: readonly StaffAction[]): Promise<"inserted" | "collision"> {
  const [first, ...rest] = links;
  if (!first) return "inserted";
  try {
    await db.batch([
      db.insert(payLinks).values(first),
      ...rest.map((link) => db.insert(payLinks).values(link)),
      ...actions.map((action) => staffActionInsert(db, action)),
    ]);
    return "inserted";
  } catch (error) {
    if (String((error as Error)?.message ?? error).includes("UNIQUE constraint failed: pay_links.code")) return "collision";
    throw error;
  }
}

/** Revokes a link (once: a second revoke keeps the first time and person) with its staff action. */
export async function revokePayLink(db: Database, code: string, action: StaffAction): Promise<boolean> {
  const [rows] = await db.batch([
    db
      .update(payLinks)
      .set({ revokedAt: action.now, revokedBy: action.email })
      .where(and(eq(payLinks.code, code), isNull(payLinks.revokedAt)))
      .returning({ id: payLinks.id }),
    staffActionInsert(db, action),
  ]);
  return rows.length > 0;
}

/**
 * Opening a link, in one batch: a session for the link's client is started only if the link is
 * active (payLinkState's rule, in SQL: not revoked, not yet expired), the browser's previous
 * session ends only if it was, and the use is recorded with its outcome either way. Returns the
 * link (null for a code that names none) and whether the session was started.
 */
export async function openLinkSession(
  db: Database,
  open: { code: string; sessionId: string; previousSessionId: string | null; now: number; ipPrefix: string; browser: string },
): Promise<{ link: PayLinkRecord | null; opened: boolean }> {
  const active = and(eq(payLinks.code, open.code), isNull(payLinks.revokedAt), gt(payLinks.expiresAt, open.now));
  const started = sql`exists (select 1 from ${portalSessions} where ${portalSessions.id} = ${open.sessionId})`;
  const [, ...rest] = await db.batch([
    db.insert(portalSessions).select(
      db
        .select({
          id: sql<string>`${open.sessionId}`.as("id"),
          clientId: items.clientId,
          entry: sql<string>`'link'`.as("entry"),
          selection: sql`NULL`.as("selection"),
          payMethod: sql`NULL`.as("pay_method"),
          amounts: sql`NULL`.as("amounts"),
          receiptEmail: sql`NULL`.as("receipt_email"),
          confirmationToken: sql`NULL`.as("confirmation_token"),
          attemptId: sql`NULL`.as("attempt_id"),
          createdAt: sql<number>`${open.now}`.as("created_at"),
          lastSeenAt: sql<number>`${open.now}`.as("last_seen_at"),
          endedAt: sql`NULL`.as("ended_at"),
        })
        .from(payLinks)
        .innerJoin(items, eq(items.id, payLinks.itemId))
        .where(active),
    ),
    ...(open.previousSessionId
      ? [
          db
            .update(portalSessions)
            .set({ endedAt: open.now })
            .where(and(eq(portalSessions.id, open.previousSessionId), isNull(portalSessions.endedAt), started)),
        ]
      : []),
    db.insert(payLinkUses).select(
      db
        .select({
          id: sql`NULL`.as("id"),
          linkId: payLinks.id,
          usedAt: sql<number>`${open.now}`.as("used_at"),
          ipPrefix: sql<string>`${open.ipPrefix}`.as("ip_prefix"),
          browser: sql<string>`${open.browser}`.as("browser"),
          outcome: sql<string>`case when ${started} then 'opened' when ${payLinks.revokedAt} is not null then 'revoked' else 'expired' end`.as("outcome"),
        })
        .from(payLinks)
        .where(eq(payLinks.code, open.code)),
    ),
    db.select(recordColumns).from(payLinks).innerJoin(items, eq(items.id, payLinks.itemId)).where(eq(payLinks.code, open.code)).limit(1),
    db.select({ id: portalSessions.id }).from(portalSessions).where(eq(portalSessions.id, open.sessionId)).limit(1),
  ]);
  const [links, sessions] = rest.slice(-2) as [PayLinkRecord[], { id: string }[]];
  return { link: links[0] ?? null, opened: sessions.length > 0 };
}

function stateIs(state: string | null, now: number): SQL | undefined {
  if (state === "revoked") return isNotNull(payLinks.revokedAt);
  if (state === "expired") return and(isNull(payLinks.revokedAt), lte(payLinks.expiresAt, now));
  if (state === "active") return and(isNull(payLinks.revokedAt), gt(payLinks.expiresAt, now));
  return undefined;
}

/** Every link to a client's invoices, newest first (its staff page); the client may be a subquery. */
export function clientPayLinksQuery(db: Database, clientId: number | SQL<number>) {
  return db
    .select({
      code: payLinks.code,
      invoiceNumber: items.invoiceNumber,
      expiresAt: payLinks.expiresAt,
      revokedAt: payLinks.revokedAt,
      createdAt: payLinks.createdAt,
      createdBy: payLinks.createdBy,
    })
    .from(payLinks)
    .innerJoin(items, eq(items.id, payLinks.itemId))
    .where(eq(items.clientId, clientId))
    .orderBy(desc(payLinks.createdAt), desc(payLinks.id));
}

/**
 * One page of links, newest first (limit + 1 rows: the caller pages them), optionally for one
 * invoice, each with its latest uses: one statement, the uses read per link through its index.
 */
export function payLinksPageQuery(db: Database, query: ListQuery, options: { now: number; invoiceNumber?: string; usesPerLink?: number }) {
  const perLink = options.usesPerLink ?? 5;
  return db
    .select({
      id: payLinks.id,
      code: payLinks.code,
      invoiceNumber: items.invoiceNumber,
      clientNumber: clients.number,
      clientName: clients.name,
      expiresAt: payLinks.expiresAt,
      createdAt: payLinks.createdAt,
      createdBy: payLinks.createdBy,
      revokedAt: payLinks.revokedAt,
      revokedBy: payLinks.revokedBy,
      useCount: sql<number>`(SELECT count(*) FROM ${payLinkUses} WHERE ${payLinkUses.linkId} = ${payLinks.id})`.as("use_count"),
      uses: sql<string>`(SELECT json_group_array(json_array(u.used_at, u.ip_prefix, u.browser, u.outcome)) FROM
        (SELECT used_at, ip_prefix, browser, outcome FROM ${payLinkUses} WHERE ${payLinkUses.linkId} = ${payLinks.id} ORDER BY ${payLinkUses.id} DESC LIMIT ${perLink}) u)`.as(
        "uses",
      ),
    })
    .from(payLinks)
    .innerJoin(items, eq(items.id, payLinks.itemId))
    .innerJoin(clients, eq(clients.id, items.clientId))
    .where(
      and(
        // kind = 'invoice' lets SQLite find the invoice through its unique index, not scan every link.
        options.invoiceNumber ? and(eq(items.kind, "invoice"), eq(items.invoiceNumber, options.invoiceNumber)) : undefined,
        stateIs(query.status, options.now),
        pageBelow(payLinks.createdAt, payLinks.id, query),
      ),
    )
    .orderBy(desc(payLinks.createdAt), desc(payLinks.id))
    .limit(query.limit + 1);
}

/** The rows of payLinksPageQuery, each link's latest uses read out of their JSON. */
export function toPayLinkListings(rows: Awaited<ReturnType<typeof payLinksPageQuery>>): PayLinkListing[] {
  return rows.map(({ uses, ...row }) => ({
    ...row,
    uses: (JSON.parse(uses) as [number, string, string, string][]).map(([usedAt, ipPrefix, browser, outcome]) => ({ usedAt, ipPrefix, browser, outcome })),
  }));
}

export async function listPayLinks(
  db: Database,
  query: ListQuery,
  options: { now: number; invoiceNumber?: string; usesPerLink?: number },
): Promise<PayLinkListing[]> {
  return toPayLinkListings(await payLinksPageQuery(db, query, options));
}
