import { and, eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database, SessionBatchPart } from "./db";
import type { PayMethod } from "../domain/payment-methods";

export type { SessionBatchPart };
import { clientLedgerQueries, toClientLedger, type ClientLedgerRows } from "./items-repo";
import { strandedAttemptsQuery, type PaymentRecord } from "./payments-repo";
import { portalSessions } from "./schema";

export interface SessionRecord {
  id: string;
  clientId: number;
  entry: "lookup" | "link";
  selection: number[] | null;
  payMethod: PayMethod | null;
  amounts: { itemId: number; cents: number }[] | null;
  receiptEmail: string | null;
  confirmationToken: string | null;
  attemptId: string | null;
  createdAt: number;
  lastSeenAt: number;
  endedAt: number | null;
}

export async function insertSession(db: Database, session: { id: string; clientId: number; entry: "lookup" | "link"; now: number }): Promise<void> {
  await db.insert(portalSessions).values({
    id: session.id,
    clientId: session.clientId,
    entry: session.entry,
    createdAt: session.now,
    lastSeenAt: session.now,
  });
}

/** A new session, ending the browser's previous one (if any) in the same batch. */
export async function insertSessionReplacing(
  db: Database,
  previousId: string | null,
  session: { id: string; clientId: number; entry: "lookup" | "link"; now: number },
  also: BatchItem<"sqlite">[] = [],
): Promise<void> {
  const insert = db
    .insert(portalSessions)
    .values({ id: session.id, clientId: session.clientId, entry: session.entry, createdAt: session.now, lastSeenAt: session.now });
  const end = previousId
    ? [
        db
          .update(portalSessions)
          .set({ endedAt: session.now })
          .where(and(eq(portalSessions.id, previousId), isNull(portalSessions.endedAt))),
      ]
    : [];
  await db.batch([insert, ...end, ...also]);
}

export async function findSession(db: Database, id: string): Promise<SessionRecord | null> {
  const row = await db.select().from(portalSessions).where(eq(portalSessions.id, id)).limit(1).get();
  return row ? toSessionRecord(row) : null;
}

function toSessionRecord(row: typeof portalSessions.$inferSelect): SessionRecord {
  return {
    id: row.id,
    clientId: row.clientId,
    entry: row.entry,
    selection: row.selection ? (JSON.parse(row.selection) as number[]) : null,
    payMethod: row.payMethod,
    amounts: row.amounts ? (JSON.parse(row.amounts) as { itemId: number; cents: number }[]) : null,
    receiptEmail: row.receiptEmail,
    confirmationToken: row.confirmationToken,
    attemptId: row.attemptId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    endedAt: row.endedAt,
  };
}

/** The client's ledger and unanswered attempts, read in the session's own batch. */
export interface SessionLedger {
  client: ReturnType<typeof toClientLedger>["client"];
  items: ReturnType<typeof toClientLedger>["items"];
  allocations: ReturnType<typeof toClientLedger>["allocations"];
  stranded: PaymentRecord[];
}

/** The SQL condition "this session row is live at `now`": not ended, within its idle and absolute limits. */
export function liveSession(id: string, limits: { now: number; idleMs: number; maxAgeMs: number }): SQL {
  return and(
    eq(portalSessions.id, id),
    isNull(portalSessions.endedAt),
    gte(portalSessions.lastSeenAt, limits.now - limits.idleMs),
    gte(portalSessions.createdAt, limits.now - limits.maxAgeMs),
  )!;
}

/**
 * One round trip for a portal request: the session row and, when asked, its client's ledger and
 * stranded attempts, then the request's own part (its page's reads, or writes guarded by the
 * session row being live at `at.now`). `touch` moves the idle clock first, only while the session
 * is live; validity is the caller's to check on the row returned.
 */
export async function readSession<T = null>(
  db: Database,
  id: string,
  options: { at: { now: number; idleMs: number; maxAgeMs: number }; touch: boolean; ledger: boolean; part?: SessionBatchPart<T> | null },
): Promise<{ session: SessionRecord | null; ledger: SessionLedger | null; part: T | null }> {
  const clientOfSession = sql<number>`(select ${portalSessions.clientId} from ${portalSessions} where ${portalSessions.id} = ${id})`;
  const statements: BatchItem<"sqlite">[] = [];
  if (options.touch) statements.push(db.update(portalSessions).set({ lastSeenAt: options.at.now }).where(liveSession(id, options.at)));
  statements.push(db.select().from(portalSessions).where(eq(portalSessions.id, id)).limit(1));
  if (options.ledger) statements.push(...clientLedgerQueries(db, clientOfSession), strandedAttemptsQuery(db, clientOfSession, options.at.now));
  if (options.part) statements.push(...options.part.statements(db, { clientId: clientOfSession, live: liveSession(id, options.at) }));
  const results = (await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
  const rest = options.touch ? results.slice(1) : results;
  const [sessionRows, ...others] = rest as [(typeof portalSessions.$inferSelect)[], ...unknown[]];
  const ledgerCount = options.ledger ? 4 : 0;
  const ledgerRows = others.slice(0, ledgerCount);
  const row = sessionRows[0];
  if (!row) return { session: null, ledger: null, part: null };
  const part = options.part ? options.part.decode(others.slice(ledgerCount)) : null;
  if (!options.ledger) return { session: toSessionRecord(row), ledger: null, part };
  const ledger = toClientLedger(ledgerRows.slice(0, 3) as ClientLedgerRows);
  return { session: toSessionRecord(row), ledger: { ...ledger, stranded: ledgerRows[3] as PaymentRecord[] }, part };
}

export async function touchSession(db: Database, id: string, now: number): Promise<void> {
  await db
    .update(portalSessions)
    .set({ lastSeenAt: now })
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.endedAt)));
}

export async function endSession(db: Database, id: string, now: number): Promise<void> {
  await db
    .update(portalSessions)
    .set({ endedAt: now })
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.endedAt)));
}

type CheckoutFields = Partial<
  Pick<typeof portalSessions.$inferInsert, "selection" | "payMethod" | "amounts" | "receiptEmail" | "confirmationToken" | "attemptId">
>;

/** Saves the client's progress through the payment steps on its (live) session. */
export async function updateCheckout(db: Database, id: string, fields: CheckoutFields): Promise<void> {
  await db
    .update(portalSessions)
    .set(fields)
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.endedAt)));
}

/**
 * After an attempt: the session's payment details are dropped only if they are still the ones
 * that attempt used (not newer ones), and with them the attempt id when the attempt is over.
 */
export function forgetDetailsQuery(db: Database, id: string, confirmationToken: string, attemptOver: boolean) {
  return db
    .update(portalSessions)
    .set(attemptOver ? { confirmationToken: null, attemptId: null } : { confirmationToken: null })
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.endedAt), eq(portalSessions.confirmationToken, confirmationToken)));
}

export async function saveSelection(db: Database, id: string, itemIds: readonly number[]): Promise<void> {
  // A new selection invalidates amounts and any payment details entered for the old one.
  await updateCheckout(db, id, { selection: JSON.stringify(itemIds), amounts: null, confirmationToken: null, attemptId: null });
}

/** A request's session as its one batch read it: live (with the page's own part), ended, or absent. */
export type SessionLoad<T = null> =
  | { state: "active"; session: SessionRecord; ledger: SessionLedger | null; part: T; touchedAt: number }
  | { state: "expired"; reason: "idle" | "lifetime" }
  | { state: "none" };
