// Sessions without accounts: a random id in a signed cookie, naming a D1 row scoped to one client.
import type { BatchStatement, Database } from "../storage/db";
import { findClientById } from "../storage/clients-repo";
import {
  endSession,
  insertSessionReplacing,
  readSession,
  touchSession,
  type SessionBatchPart,
  type SessionLedger,
  type SessionLoad,
  type SessionRecord,
} from "../storage/sessions-repo";

export type { SessionBatchPart, SessionRecord };

/** 256 random bits, base64url. */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A new session for this client; the browser's previous one ends in the same write. */
export async function startSession(
  db: Database,
  clientId: number,
  entry: "lookup" | "link",
  now: number,
  previousId: string | null = null,
  also: BatchStatement[] = [],
): Promise<string> {
  const id = newSessionId();
  await insertSessionReplacing(db, previousId, { id, clientId, entry, now }, also);
  return id;
}

export interface SessionLimits {
  idleMs: number;
  /** Absolute lifetime from sign-in, however active the session is. */
  maxAgeMs: number;
}

/** Touches the session at most once a minute: enough for a 30-minute idle limit, fewer writes. */
const TOUCH_INTERVAL_MS = 60_000;

export async function finishSession(db: Database, id: string, now: number): Promise<void> {
  await endSession(db, id, now);
}

export type { SessionLedger, SessionLoad } from "../storage/sessions-repo";

/**
 * A request's session in one D1 round trip, with its client's ledger when the page needs it and
 * the request's own part (its page's reads, or writes the session row guards). The idle clock
 * moves (in the same batch) on a write request, or when the cookie says the last move was over a
 * minute ago; otherwise the batch only reads, so a replica can answer it.
 */
export async function loadSessionFor<T = null>(
  db: Database,
  id: string,
  now: number,
  limits: SessionLimits,
  options: { touchedAt: number | null; write: boolean; ledger: boolean; part?: SessionBatchPart<T> | null },
): Promise<SessionLoad<T>> {
  const touch = options.write || options.touchedAt === null || now - options.touchedAt > TOUCH_INTERVAL_MS;
  const { session, ledger, part } = await readSession(db, id, {
    at: { now, idleMs: limits.idleMs, maxAgeMs: limits.maxAgeMs },
    touch,
    ledger: options.ledger,
    part: options.part ?? null,
  });
  if (!session || session.endedAt !== null) return { state: "none" };
  const reason = now - session.createdAt > limits.maxAgeMs ? "lifetime" : now - session.lastSeenAt > limits.idleMs ? "idle" : null;
  if (reason) {
    await endSession(db, id, now);
    return { state: "expired", reason };
  }
  // A session row was read, so the part was decoded (its T may itself say "not found").
  return { state: "active", session, ledger, part: part as T, touchedAt: touch ? now : (options.touchedAt ?? now) };
}

/** The idle warning's "Stay signed in": any authenticated request keeps the session alive. */
export async function keepSessionAlive(db: Database, id: string, now: number): Promise<void> {
  await touchSession(db, id, now);
}

/** The signed-in client's number (the help form attaches it; payment descriptions carry it). */
export async function clientNumberOf(db: Database, clientId: number): Promise<string | null> {
  return (await findClientById(db, clientId))?.number ?? null;
}
