// Sessions without accounts: a random id in a signed cookie, naming a D1 row scoped to one client.
import type { Database } from "../storage/db";
import { endSession, findSession, insertSession, touchSession, type SessionRecord } from "../storage/sessions-repo";

/** 256 random bits, base64url. */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function startSession(db: Database, clientId: number, entry: "lookup" | "link", now: number): Promise<string> {
  const id = newSessionId();
  await insertSession(db, { id, clientId, entry, now });
  return id;
}

export type SessionCheck = { state: "active"; session: SessionRecord } | { state: "expired"; reason: "idle" | "lifetime" } | { state: "none" };

export interface SessionLimits {
  idleMs: number;
  /** Absolute lifetime from sign-in, however active the session is. */
  maxAgeMs: number;
}

/** Touches the session at most once a minute: enough for a 30-minute idle limit, fewer writes. */
const TOUCH_INTERVAL_MS = 60_000;

export async function resumeSession(db: Database, id: string, now: number, limits: SessionLimits): Promise<SessionCheck> {
  const session = await findSession(db, id);
  if (!session || session.endedAt !== null) return { state: "none" };
  const reason = now - session.createdAt > limits.maxAgeMs ? "lifetime" : now - session.lastSeenAt > limits.idleMs ? "idle" : null;
  if (reason) {
    await endSession(db, id, now);
    return { state: "expired", reason };
  }
  if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) await touchSession(db, id, now);
  return { state: "active", session };
}

export async function finishSession(db: Database, id: string, now: number): Promise<void> {
  await endSession(db, id, now);
}
