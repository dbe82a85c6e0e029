// The staff lists page newest first by (instant, id): a page is the rows in [fromMs, toMs) below
// the cursor, the cursor written as the row value `(instant, id) < (?, ?)`. Every list builds its
// range here, so every list pages the same way.
import { and, gte, lt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../domain/cursor";

/**
 * Rows with `instant` in [fromMs, toMs) and older than the cursor in (instant, id) order. Only one
 * upper bound is sent, the tighter: below a cursor from before toMs every row is before toMs too,
 * and below a toMs at or before the cursor every row is older than the cursor too (SQLite would
 * use only one of two). Through an index on (..., instant, id) the row value starts the walk at
 * the cursor itself, even among rows of one instant. An integer id is compared as a number (the
 * list's parseListQuery let through only digits).
 */
export function pageBelow(
  instant: SQLiteColumn,
  id: SQLiteColumn,
  range: { fromMs: number | null; toMs: number | null; cursor: Cursor | null },
): SQL | undefined {
  const { fromMs, toMs, cursor } = range;
  const below =
    cursor && (toMs === null || cursor.at < toMs)
      ? sql`(${instant}, ${id}) < (${cursor.at}, ${id.dataType === "number" ? Number(cursor.id) : cursor.id})`
      : toMs !== null
        ? lt(instant, toMs)
        : undefined;
  return and(fromMs !== null ? gte(instant, fromMs) : undefined, below);
}
