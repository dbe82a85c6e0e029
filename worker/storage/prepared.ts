import { fillPlaceholders, sql, type Placeholder } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "./db";

/** What drizzle's db.batch asks of each item: its built query, a D1 statement, and its row mapping. */
interface BatchPreparedQuery {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
}

interface Preparable {
  _prepare(): BatchPreparedQuery;
}

/** The placeholders a prepared query is built with, one per named value. */
export type Placeholders<Values> = { readonly [K in keyof Values]: Placeholder<K & string, Values[K]> };

const placeholders = new Proxy({} as Record<string, Placeholder>, { get: (_, name) => sql.placeholder(String(name)) });

/**
 * A query of every request's batch (the session's), built once per isolate: drizzle builds a
 * query's SQL text anew on each call, which was a third of a portal page's CPU. `build` writes the
 * query as usual, with `p.name` where a value goes; each call binds this request's values. The
 * result is an item for drizzle's db.batch, typed as the query `build` returns.
 */
export function preparedQuery<Values extends Record<string, unknown>, Query extends BatchItem<"sqlite">>(
  build: (db: Database, p: Placeholders<Values>) => Query,
): (db: Database, values: Values) => Query {
  let built: { text: string; params: unknown[]; mapResult: BatchPreparedQuery["mapResult"] } | undefined;
  return (db, values) => {
    if (!built) {
      // _prepare is drizzle's own (internal) step before a batch: it builds the SQL text.
      const prepared = (build(db, placeholders as Placeholders<Values>) as unknown as Preparable)._prepare();
      const { sql: text, params } = prepared.getQuery();
      built = { text, params, mapResult: prepared.mapResult.bind(prepared) };
    }
    const { text, params, mapResult } = built;
    const bound = fillPlaceholders(params, values);
    // What drizzle's D1 batch reads of an item (drizzle-orm/d1/session.js, batch): nothing is rebuilt.
    const item: Preparable = {
      _prepare: () => ({ getQuery: () => ({ sql: text, params: bound }), stmt: db.$client.prepare(text), mapResult }) as BatchPreparedQuery,
    };
    return item as unknown as Query;
  };
}
