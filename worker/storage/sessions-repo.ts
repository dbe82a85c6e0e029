import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "./db";
import { portalSessions } from "./schema";

export interface SessionRecord {
  id: string;
  clientId: number;
  entry: "lookup" | "link";
  selection: number[] | null;
  payMethod: "ach" | "card" | null;
  amounts: { itemId: number; cents: number }[] | null;
  receiptEmail: string | null;
  confirmationToken: string | null;
  attemptId: string | null;
  createdAt: number;
  lastSeenAt: number;
  endedAt: number | null;
}

export async function insertSession(
  db: Database,
  session: { id: string; clientId: number; entry: "lookup" | "link"; now: number },
): Promise<void> {
  await db.insert(portalSessions).values({
    id: session.id,
    clientId: session.clientId,
    entry: session.entry,
    createdAt: session.now,
    lastSeenAt: session.now,
  });
}

export async function findSession(db: Database, id: string): Promise<SessionRecord | null> {
  const row = await db.query.portalSessions.findFirst({ where: eq(portalSessions.id, id) });
  if (!row) return null;
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

export async function saveSelection(db: Database, id: string, itemIds: readonly number[]): Promise<void> {
  // A new selection invalidates amounts and any payment details entered for the old one.
  await updateCheckout(db, id, { selection: JSON.stringify(itemIds), amounts: null, confirmationToken: null, attemptId: null });
}
