// Keyset paging by (instant, id). The staff lists page newest first (pageBelow), the payments export
// oldest first (pageAbove); either way the cursor is the row value `(instant, id)` compared to the
// last row sent, so one range of an index on (..., instant, id) serves the page, starting at the
// cursor itself even among rows of one instant. Every paged read builds its range here.
import { and, gte, lt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../domain/cursor";

/** The cursor's id as the column holds it: an integer id is compared as a number (parseListQuery let through only digits). */
function idOf(id: SQLiteColumn, cursor: Cursor): string | number {
  return id.dataType === "number" ? Number(cursor.id) : cursor.id;
}

/**
 * Rows with `instant` in [fromMs, toMs) and older than the cursor in (instant, id) order. Only one
 * upper bound is sent, the tighter: below a cursor from before toMs every row is before toMs too,
 * and below a toMs at or before the cursor every row is older than the cursor too (SQLite would
 * use only one of two).
 */
export function pageBelow(
  instant: SQLiteColumn,
  id: SQLiteColumn,
  range: { fromMs: number | null; toMs: number | null; cursor: Cursor | null },
): SQL | undefined {
  const { fromMs, toMs, cursor } = range;
  const below =
    cursor && (toMs === null || cursor.at < toMs)
      ? sql`(${instant}, ${id}) < (${cursor.at}, ${idOf(id, cursor)})`
      : toMs !== null
        ? lt(instant, toMs)
        : undefined;
  return and(fromMs !== null ? gte(instant, fromMs) : undefined, below);
}

/**
 * pageBelow's twin, oldest first: rows with `instant` in [fromMs, toMs) and newer than `after` in
 * (instant, id) order. Only one lower bound is sent, the tighter, for the same reason.
 */
export function pageAbove(instant: SQLiteColumn, id: SQLiteColumn, range: { fromMs: number; toMs: number; after: Cursor | null }): SQL | undefined {
  const { fromMs, toMs, after } = range;
  return and(after && after.at >= fromMs ? sql`(${instant}, ${id}) > (${after.at}, ${idOf(id, after)})` : gte(instant, fromMs), lt(instant, toMs));
}
