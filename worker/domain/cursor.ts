// Cursor paging for the staff lists: newest first, keyed on (instant, id) so rows that share an
// instant are neither skipped nor repeated, and filters by status and date range. Pure.
import type { PaymentStatus } from "./payment-status";
import { isIsoDate } from "./dates";

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.at, cursor.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const value = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value as unknown[];
    if (typeof at !== "number" || !Number.isSafeInteger(at) || (typeof id !== "string" && typeof id !== "number")) return null;
    return { at, id: String(id) };
  } catch {
    return null;
  }
}

export interface ListQuery {
  limit: number;
  cursor: Cursor | null;
  status: PaymentStatus | null;
  /** Inclusive UTC days as [startMs, endMs). */
  fromMs: number | null;
  toMs: number | null;
}

export type ListQueryCheck = { ok: true; query: ListQuery } | { ok: false; errors: Record<string, string> };

/** Parses ?limit=&cursor=&status=&from=&to=; anything malformed is an error, never silently ignored. */
export function parseListQuery(params: Record<string, string | undefined>, statuses: readonly PaymentStatus[]): ListQueryCheck {
  const errors: Record<string, string> = {};
  let limit = DEFAULT_PAGE_SIZE;
  if (params.limit) {
    const n = Number(params.limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) errors.limit = `an integer from 1 to ${MAX_PAGE_SIZE}`;
    else limit = n;
  }
  const cursor = params.cursor ? decodeCursor(params.cursor) : null;
  if (params.cursor && !cursor) errors.cursor = "not a cursor from this list";
  const status = statuses.find((s) => s === params.status) ?? null;
  if (params.status && !status) errors.status = `one of ${statuses.join(", ")}`;
  const from = params.from || null;
  const to = params.to || null;
  if (from && !isIsoDate(from)) errors.from = "YYYY-MM-DD";
  if (to && !isIsoDate(to)) errors.to = "YYYY-MM-DD";
  if (from && to && isIsoDate(from) && isIsoDate(to) && from > to) errors.to = "on or after from";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    query: {
      limit,
      cursor,
      status,
      fromMs: from ? Date.parse(`${from}T00:00:00Z`) : null,
      toMs: to ? Date.parse(`${to}T00:00:00Z`) + 86_400_000 : null,
    },
  };
}

/** Rows fetched with limit + 1: the extra one only says whether there is an older page. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Cursor): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(keyOf(page[page.length - 1]!)) };
}
