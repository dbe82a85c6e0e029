import { and, eq, gte, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database, SessionBatchPart } from "./db";
import type { PayMethod } from "../domain/payment-methods";

export type { SessionBatchPart };
import { clientQuery } from "./clients-repo";
import { clientItemsQuery, toClientLedger, type ClientLedgerRows } from "./items-repo";
import { clientAllocationsQuery } from "./payment-reads-repo";
import { preparedQuery, type Placeholders } from "./prepared";
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
  const values = { id: session.id, clientId: session.clientId, entry: session.entry, now: session.now };
  const end = previousId ? [endSessionStatement(db, { id: previousId, now: session.now })] : [];
  await db.batch([insertNew(db, values), ...end, ...also]);
}

const insertNew = preparedQuery((db, p: Placeholders<{ id: string; clientId: number; entry: "lookup" | "link"; now: number }>) =>
  db.insert(portalSessions).values({ id: p.id, clientId: p.clientId, entry: p.entry, createdAt: p.now, lastSeenAt: p.now }),
);

/** Ends a session (at sign-out, expiry, or a new sign-in in the same browser) if it is not ended yet. */
const endSessionStatement = preparedQuery((db, p: Placeholders<{ id: string; now: number }>) =>
  db
    .update(portalSessions)
    .set({ endedAt: sql`${p.now}` })
    .where(and(eq(portalSessions.id, p.id), isNull(portalSessions.endedAt))),
);

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
  return liveSessionWhere(id, limits.now - limits.idleMs, limits.now - limits.maxAgeMs);
}

function liveSessionWhere(id: string | SQLWrapper, seenSince: number | SQLWrapper, createdSince: number | SQLWrapper): SQL {
  return and(
    eq(portalSessions.id, id),
    isNull(portalSessions.endedAt),
    gte(portalSessions.lastSeenAt, seenSince),
    gte(portalSessions.createdAt, createdSince),
  )!;
}

/** The client of a session, as a subquery for other tables' statements (NULL if no such session). */
function clientOfSession(id: string | SQLWrapper): SQL<number> {
  return sql<number>`(select ${portalSessions.clientId} from ${portalSessions} where ${portalSessions.id} = ${id})`;
}

type SessionValues = { sessionId: string };

/** The statements every portal request runs, built once (see preparedQuery); values per request. */
const sessionStatements = {
  touch: preparedQuery((db, p: Placeholders<SessionValues & { now: number; seenSince: number; createdSince: number }>) =>
    db
      .update(portalSessions)
      .set({ lastSeenAt: sql`${p.now}` })
      .where(liveSessionWhere(p.sessionId, p.seenSince, p.createdSince)),
  ),
  row: preparedQuery((db, p: Placeholders<SessionValues>) => db.select().from(portalSessions).where(eq(portalSessions.id, p.sessionId)).limit(1)),
  client: preparedQuery((db, p: Placeholders<SessionValues>) => clientQuery(db, clientOfSession(p.sessionId))),
  items: preparedQuery((db, p: Placeholders<SessionValues>) => clientItemsQuery(db, clientOfSession(p.sessionId))),
  allocations: preparedQuery((db, p: Placeholders<SessionValues>) => clientAllocationsQuery(db, clientOfSession(p.sessionId))),
  stranded: preparedQuery((db, p: Placeholders<SessionValues & { now: number }>) => strandedAttemptsQuery(db, clientOfSession(p.sessionId), p.now)),
};

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
  const { now, idleMs, maxAgeMs } = options.at;
  const sessionId = { sessionId: id };
  const statements: BatchItem<"sqlite">[] = [];
  if (options.touch) statements.push(sessionStatements.touch(db, { sessionId: id, now, seenSince: now - idleMs, createdSince: now - maxAgeMs }));
  statements.push(sessionStatements.row(db, sessionId));
  if (options.ledger) {
    const { client, items, allocations, stranded } = sessionStatements;
    statements.push(client(db, sessionId), items(db, sessionId), allocations(db, sessionId), stranded(db, { sessionId: id, now }));
  }
  if (options.part) statements.push(...options.part.statements(db, { clientId: clientOfSession(id), live: liveSession(id, options.at) }));
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
  await db.batch([endSessionStatement(db, { id, now })]);
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
