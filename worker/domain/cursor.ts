// Cursor paging for the staff lists: newest first, keyed on (instant, id) so rows that share an
// instant are neither skipped nor repeated, and filters by status and date range. Pure.
import { isIsoDate } from "./dates";

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.at, cursor.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
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
  /** The list's one-of filter: a status, or what the list calls it instead (an alert's kind). */
  status: string | null;
  /** Inclusive UTC days as [startMs, endMs). */
  fromMs: number | null;
  toMs: number | null;
}

/** The first page of a list, unfiltered. */
export const FIRST_PAGE: ListQuery = { limit: DEFAULT_PAGE_SIZE, cursor: null, status: null, fromMs: null, toMs: null };

export type ListQueryCheck = { ok: true; query: ListQuery } | { ok: false; errors: Record<string, string> };

/**
 * Parses ?limit=&cursor=&status=&from=&to=; anything malformed is an error, never silently ignored.
 * `integerIds`: the list's rows are keyed by integer ids, so a cursor must carry one.
 * `statusParam`: the one-of filter's name where the list's rows have a kind rather than a status.
 */
export function parseListQuery(
  params: Record<string, string | undefined>,
  statuses: readonly string[],
  options: { integerIds?: boolean; statusParam?: string } = {},
): ListQueryCheck {
  const statusParam = options.statusParam ?? "status";
  const errors: Record<string, string> = {};
  let limit = DEFAULT_PAGE_SIZE;
  if (params.limit) {
    const n = Number(params.limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) errors.limit = `an integer from 1 to ${MAX_PAGE_SIZE}`;
    else limit = n;
  }
  const decoded = params.cursor ? decodeCursor(params.cursor) : null;
  const cursor = decoded && options.integerIds && !/^[0-9]{1,15}$/.test(decoded.id) ? null : decoded;
  if (params.cursor && !cursor) errors.cursor = "a next_cursor this list gave";
  const status = params[statusParam] || null;
  if (status && !statuses.includes(status)) errors[statusParam] = `one of ${statuses.join(", ")}`;
  const from = params.from || null;
  const to = params.to || null;
  if (from && !isIsoDate(from)) errors.from = "a date as YYYY-MM-DD";
  if (to && !isIsoDate(to)) errors.to = "a date as YYYY-MM-DD";
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

/** The errors of a refused list query as one sentence, for the JSON API. */
export function listQueryMessage(errors: Record<string, string>): string {
  return `bad list query: ${Object.entries(errors)
    .map(([field, hint]) => `${field} must be ${hint}`)
    .join("; ")}`;
}

/** The values a list page keeps in its filter form and its "Older" link. */
export function listFilterValues(
  params: Record<string, string | undefined>,
  names: readonly string[] = ["status", "from", "to", "limit"],
): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, params[name] ?? ""]));
}

/** Rows fetched with limit + 1: the extra one only says whether there is an older page. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Cursor): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(keyOf(page[page.length - 1]!)) };
}
