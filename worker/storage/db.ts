import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = DrizzleD1Database<typeof schema>;

export function openDatabase(d1: D1Database): Database {
  return drizzle(d1, { schema });
}

/** A statement to run inside another's db.batch: services pass writes along without touching SQL. */
export type BatchStatement = BatchItem<"sqlite">;

/**
 * What a request adds to its session's batch: its page's reads, or writes guarded by the session
 * row. Statements name the client through `clientOfSession` (a subquery on the session row), so a
 * missing or another browser's session reads nothing of anyone's.
 */
export interface SessionBatchPart<T> {
  statements(db: Database, clientOfSession: SQL<number>): BatchStatement[];
  decode(results: unknown[]): T;
}
