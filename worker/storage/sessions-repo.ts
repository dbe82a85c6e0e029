import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "./db";
import { portalSessions } from "./schema";

export interface SessionRecord {
  id: string;
  clientId: number;
  entry: "lookup" | "link";
  selection: number[] | null;
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

export async function saveSelection(db: Database, id: string, itemIds: readonly number[]): Promise<void> {
  await db
    .update(portalSessions)
    .set({ selection: JSON.stringify(itemIds) })
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.endedAt)));
}
