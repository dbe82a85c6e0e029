import { Column, getTableColumns, is, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

export type Database = DrizzleD1Database & { $client: D1Database };

/**
 * Every request opens its own (a D1 session per request). Queries are built from the tables in
 * ./schema by the repositories, never through drizzle's relational API (db.query): given the
 * schema, drizzle() would rebuild its relational config on every call (a few per cent of a page's
 * CPU) and refer to every table, so a Worker could not leave out the tables it does not use
 * (schema.ts marks each definition free of side effects).
 */
export function openDatabase(d1: D1Database): Database {
  return drizzle(d1);
}

/** A statement to run inside another's db.batch: services pass writes along without touching SQL. */
export type BatchStatement = BatchItem<"sqlite">;

/**
 * The rows a repository's statement builder reads, for decoding a batch's results. Repositories
 * return unexecuted queries (one table's or aggregate's SQL each); a service composes a page's
 * queries into one db.batch, typed, or into a SessionBatchPart, whose results come back untyped.
 */
export type Rows<Builder extends (...args: never[]) => unknown> = Awaited<ReturnType<Builder>>;

/**
 * What a request adds to its session's batch: its page's reads, or writes guarded by the session
 * row. Statements name the client through `clientId` (a subquery on the session row), so a missing
 * or another browser's session reads nothing of anyone's; `live` is the SQL condition, on
 * portal_sessions, that the session row is live now, for writes that must not outlive it.
 */
export interface SessionBatchPart<T> {
  statements(db: Database, session: { clientId: SQL<number>; live: SQL }): BatchStatement[];
  decode(results: unknown[]): T;
}

/**
 * The select list of an INSERT ... SELECT into `table`, which fills every column in table order:
 * each column gets its given value (a value, or a column of the row the SELECT reads) or NULL.
 */
export function rowFrom<T extends SQLiteTable>(table: T, given: { [K in keyof T["$inferSelect"]]?: unknown }) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const value = (given as Record<string, unknown>)[key] ?? null;
      if (is(value, Column)) return [key, value];
      return [key, (value === null ? sql`NULL` : sql`${value}`).as(column.name)];
    }),
  ) as Record<keyof T["$inferSelect"], SQL.Aliased | AnySQLiteColumn>;
}
