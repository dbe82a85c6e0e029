// Alerts, reconcile problems, dead letters, the help inbox and pay links page by (instant, id) as
// the payments list does: every page continues exactly after the last row of the one before, also
// among rows of one instant (three to an instant here, ids unrelated to their instants), with each
// list's filter and dates, and whatever instant and id a cursor names (a cursor is only a key).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../../worker/domain/cursor";
import { seedDemoData } from "./helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 2, 3, 12);
const NOW = Date.now();
const ROWS = 45;
/** Three rows share each instant; three instants a day, for five days. */
const instant = (i: number) => BASE + Math.floor(i / 9) * DAY + (Math.floor(i / 3) % 3) * 3_600_000;
/** Rows are inserted in this order, so integer ids follow neither the instants nor i. */
const insertionOrder = Array.from({ length: ROWS }, (_, k) => (k * 17) % ROWS);
/** Each list's filter: a tie of three rows holds two of one value, or three different ones. */
const pick = <T>(values: readonly [T, T, T, T], i: number): T => values[i % 4]!;
const FROM = Date.UTC(2025, 2, 4);
const TO = Date.UTC(2025, 2, 6) + DAY;
const INVOICE = "498102";

interface List {
  name: string;
  /** The JSON API's path and the key of its rows. */
  path: string;
  rowsKey: string;
  /** Each row's unique key, in the API's answer and as the SQL column `k`. */
  keyOf: (row: Record<string, unknown>) => string;
  table: string;
  keyColumn: string;
  instantColumn: string;
  idColumn: string;
  /** What the list holds at all (reconcile problems: payments with a problem). */
  base: string;
  /** The list's filter: its query string and the same rows in SQL. */
  filters: [string, string][];
}

const LISTS: List[] = [
  {
    name: "alerts",
    path: "/staff/api/alerts",
    rowsKey: "alerts",
    keyOf: (row) => String(row.id),
    table: "payment_alerts",
    keyColumn: "id",
    instantColumn: "at",
    idColumn: "id",
    base: "1 = 1",
    filters: [
      ["kind=refund_refused", "kind = 'refund_refused'"],
      ["kind=succeeded_after_failure", "kind = 'succeeded_after_failure'"],
    ],
  },
  {
    name: "reconcile problems",
    path: "/staff/api/reconcile-problems",
    rowsKey: "reconcile_problems",
    keyOf: (row) => String(row.id),
    table: "payments",
    keyColumn: "id",
    instantColumn: "reconcile_error_at",
    idColumn: "id",
    base: "reconcile_error IS NOT NULL",
    filters: [
      ["status=processing", "status = 'processing'"],
      ["status=failed", "status = 'failed'"],
    ],
  },
  {
    name: "dead letters",
    path: "/staff/api/dead-letters",
    rowsKey: "dead_letters",
    keyOf: (row) => String(row.id),
    table: "dead_letters",
    keyColumn: "id",
    instantColumn: "received_at",
    idColumn: "id",
    base: "1 = 1",
    filters: [
      ["status=open", "resolution IS NULL"],
      ["status=handled", "resolution = 'handled'"],
    ],
  },
  {
    name: "help requests",
    path: "/staff/api/help-requests",
    rowsKey: "help_requests",
    keyOf: (row) => String(row.reference),
    table: "help_requests",
    keyColumn: "reference",
    instantColumn: "submitted_at",
    idColumn: "id",
    base: "1 = 1",
    filters: [
      ["status=new", "status = 'new'"],
      ["status=answered", "status = 'answered'"],
    ],
  },
  {
    name: "pay links",
    path: "/staff/api/pay-links",
    rowsKey: "links",
    keyOf: (row) => String(row.code),
    table: "pay_links",
    keyColumn: "code",
    instantColumn: "created_at",
    idColumn: "id",
    base: "1 = 1",
    filters: [
      ["status=active", `revoked_at IS NULL AND expires_at > ${NOW}`],
      ["status=revoked", "revoked_at IS NOT NULL"],
      [`invoice=${INVOICE}`, `item_id = (SELECT id FROM items WHERE kind = 'invoice' AND invoice_number = '${INVOICE}')`],
    ],
  },
];

async function walk(list: List, query: string): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const response = await staffFetch(`${list.path}?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status, `${list.name}: ${query}`).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    keys.push(...(body[list.rowsKey] as Record<string, unknown>[]).map(list.keyOf));
    cursor = body.next_cursor as string | null;
    pages++;
  } while (cursor && pages < 200);
  return { keys, pages };
}

/** The list's rows, newest first, ties by id: what the pages must add up to. */
async function expected(list: List, where: string, params: unknown[] = []): Promise<string[]> {
  const rows = await env.DB.prepare(
    `SELECT ${list.keyColumn} AS k FROM ${list.table} WHERE ${list.base} AND (${where}) ORDER BY ${list.instantColumn} DESC, ${list.idColumn} DESC`,
  )
    .bind(...params)
    .all<{ k: string | number }>();
  return rows.results.map((r) => String(r.k));
}

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
  const client = await env.DB.prepare("INSERT INTO clients (number, name, email, created_at) VALUES ('28000003', 'List Cursor Client', NULL, ?) RETURNING id")
    .bind(NOW)
    .first<{ id: number }>();
  const item = await env.DB.prepare(
    "INSERT INTO items (client_id, kind, invoice_number, item_date, original_cents, delivery, created_at, updated_at) VALUES (?, 'invoice', ?, '2025-03-01', 1000000, 'paper', ?, ?) RETURNING id",
  )
    .bind(client!.id, INVOICE, NOW, NOW)
    .first<{ id: number }>();
  const kinds = ["refund_refused", "succeeded_after_failure", "refund_refused", "webhook_api_version"] as const;
  const statuses = ["processing", "succeeded", "processing", "failed"] as const;
  const resolutions = [null, "handled", null, "retried"] as const;
  const helpStatuses = ["new", "in_progress", "new", "answered"] as const;
  const linkStates = ["active", "revoked", "active", "expired"] as const;
  await env.DB.batch(
    insertionOrder.flatMap((i) => {
      const at = instant(i);
      const state = pick(linkStates, i);
      const resolution = pick(resolutions, i);
      return [
        env.DB.prepare("INSERT INTO payment_alerts (dedupe_key, at, kind, payment_id, details) VALUES (?, ?, ?, NULL, '{}')").bind(
          `lc-alert-${i}`,
          at,
          pick(kinds, i),
        ),
        env.DB.prepare(
          "INSERT INTO payments (id, client_id, status, method, subtotal_cents, total_cents, created_at, updated_at, reconcile_error, reconcile_error_at) VALUES (?, ?, ?, 'card', 1000, 1000, ?, ?, 'StripeConnectionError', ?)",
        ).bind(`lc-${String((i * 7) % ROWS).padStart(2, "0")}-${"zam"[i % 3]}`, client!.id, pick(statuses, i), BASE, BASE, at),
        env.DB.prepare(
          "INSERT INTO dead_letters (dedupe_key, source, body, reason, received_at, resolved_at, resolved_by, resolution) VALUES (?, 'unknown', '{}', 'retries', ?, ?, ?, ?)",
        ).bind(`lc-dead-${i}`, at, resolution ? at + 1 : null, resolution ? "cursors@test" : null, resolution),
        env.DB.prepare(
          "INSERT INTO help_requests (reference, submitted_at, language, name, email, company, topic, message, status, due_date, stored_at, updated_at) VALUES (?, ?, 'en', ?, 'client@example.com', 'Co', 'other', 'Hello', ?, '2025-03-05', ?, ?)",
        ).bind(`HR-LC${String(i).padStart(4, "0")}`, at, `Client ${i}`, pick(helpStatuses, i), at, at),
        env.DB.prepare(
          "INSERT INTO pay_links (code, key_id, item_id, expires_at, created_at, created_by, revoked_at, revoked_by) VALUES (?, 'a', ?, ?, ?, 'cursors@test', ?, ?)",
        ).bind(
          `lc${String(i).padStart(14, "0")}`,
          item!.id,
          state === "expired" ? NOW - DAY : NOW + 30 * DAY,
          at,
          state === "revoked" ? at + 1 : null,
          state === "revoked" ? "cursors@test" : null,
        ),
      ];
    }),
  );
});

describe.each(LISTS)("$name by cursor", (list) => {
  it("walks every row newest first, ties by id, each once, 4 a page", async () => {
    const { keys, pages } = await walk(list, "limit=4");
    const all = await expected(list, "1 = 1");
    expect(keys).toEqual(all);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pages).toBe(Math.max(1, Math.ceil(all.length / 4)));
  });

  it("walks each filter the same way, alone and with dates (UTC days, inclusive)", async () => {
    for (const [query, where] of list.filters) {
      expect((await walk(list, `${query}&limit=2`)).keys, query).toEqual(await expected(list, where));
      const inDates = await expected(list, `${where} AND ${list.instantColumn} >= ? AND ${list.instantColumn} < ?`, [FROM, TO]);
      expect(inDates.length, query).toBeGreaterThan(2);
      expect((await walk(list, `${query}&from=2025-03-04&to=2025-03-06&limit=2`)).keys, `${query} in dates`).toEqual(inDates);
    }
    expect((await walk(list, "from=2025-03-04&to=2025-03-06&limit=3")).keys).toEqual(
      await expected(list, `${list.instantColumn} >= ? AND ${list.instantColumn} < ?`, [FROM, TO]),
    );
  });

  it("a cursor inside a tie continues after its id; one after the dates reads from their newest; one before them reads nothing", async () => {
    const tieAt = instant(12);
    const tie = await env.DB.prepare(
      `SELECT ${list.idColumn} AS id FROM ${list.table} WHERE ${list.base} AND ${list.instantColumn} = ? ORDER BY ${list.idColumn} DESC`,
    )
      .bind(tieAt)
      .all<{ id: string | number }>();
    expect(tie.results).toHaveLength(3);
    const middle = encodeCursor({ at: tieAt, id: String(tie.results[1]!.id) });
    const after = (await (await staffFetch(`${list.path}?limit=3&cursor=${middle}`)).json()) as Record<string, Record<string, unknown>[]>;
    // The tie's last row, then the two next older rows.
    expect(after[list.rowsKey]!.map(list.keyOf)).toEqual((await expected(list, `${list.instantColumn} <= ?`, [tieAt])).slice(2, 5));
    const later = encodeCursor({ at: Date.UTC(2030, 0, 1), id: "1" });
    const fromNewest = (await (await staffFetch(`${list.path}?from=2025-03-04&to=2025-03-05&limit=100&cursor=${later}`)).json()) as Record<
      string,
      Record<string, unknown>[]
    >;
    expect(fromNewest[list.rowsKey]!.map(list.keyOf)).toEqual(
      await expected(list, `${list.instantColumn} >= ? AND ${list.instantColumn} < ?`, [FROM, Date.UTC(2025, 2, 5) + DAY]),
    );
    const earlier = encodeCursor({ at: BASE - DAY, id: "999999" });
    const none = (await (await staffFetch(`${list.path}?from=2025-03-04&to=2025-03-05&cursor=${earlier}`)).json()) as Record<string, unknown[]>;
    expect(none[list.rowsKey]).toEqual([]);
  });
});
