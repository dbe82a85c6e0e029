// The staff's payments list and the export page through payments by (created_at, id): every page
// continues exactly after the last row of the one before, also among payments of one instant,
// with status and date filters, and whatever instant a cursor names (a cursor is only a key).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../../worker/domain/cursor";
import { openDatabase } from "../../worker/storage/db";
import { listExportPage } from "../../worker/storage/payment-views-repo";
import { seedDemoData } from "./helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 2, 3, 12);
const PAYMENTS = 45;
const STATUSES = ["processing", "succeeded", "processing", "failed"] as const;
/** Three payments share each instant; three instants a day, for five days. */
const createdAt = (i: number) => BASE + Math.floor(i / 9) * DAY + (Math.floor(i / 3) % 3) * 3_600_000;
/** Ids in an order unrelated to their instants (nor to insertion: inserted backwards). */
const paymentId = (i: number) => `cur-${String((i * 17) % PAYMENTS).padStart(2, "0")}-${i % 3 === 0 ? "z" : i % 3 === 1 ? "a" : "m"}`;

interface ListBody {
  payments: { id: string }[];
  next_cursor: string | null;
}

async function walk(query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const response = await staffFetch(`/staff/api/payments/list?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status, query).toBe(200);
    const body = (await response.json()) as ListBody;
    ids.push(...body.payments.map((p) => p.id));
    cursor = body.next_cursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

async function expected(where: string, params: unknown[], direction: "ASC" | "DESC"): Promise<string[]> {
  const rows = await env.DB.prepare(`SELECT id FROM payments WHERE ${where} ORDER BY created_at ${direction}, id ${direction}`)
    .bind(...params)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
  const now = Date.now();
  const client = await env.DB.prepare("INSERT INTO clients (number, name, email, created_at) VALUES ('28000002', 'Cursor Client', NULL, ?) RETURNING id")
    .bind(now)
    .first<{ id: number }>();
  const item = await env.DB.prepare(
    "INSERT INTO items (client_id, kind, invoice_number, item_date, original_cents, delivery, created_at, updated_at) VALUES (?, 'invoice', '498101', '2025-03-01', 1000000, 'paper', ?, ?) RETURNING id",
  )
    .bind(client!.id, now, now)
    .first<{ id: number }>();
  await env.DB.batch(
    Array.from({ length: PAYMENTS }, (_, k) => PAYMENTS - 1 - k).map((i) =>
      env.DB.prepare(
        "INSERT INTO payments (id, client_id, status, method, subtotal_cents, total_cents, created_at, updated_at) VALUES (?, ?, ?, 'check', 1000, 1000, ?, ?)",
      ).bind(paymentId(i), client!.id, STATUSES[i % STATUSES.length], createdAt(i), createdAt(i)),
    ),
  );
  // Each needs an allocation to appear in the export, as every payment has.
  await env.DB.batch(
    Array.from({ length: PAYMENTS }, (_, i) =>
      env.DB.prepare("INSERT INTO payment_allocations (payment_id, item_id, amount_cents) VALUES (?, ?, 1)").bind(paymentId(i), item!.id),
    ),
  );
});

describe("the payments list by cursor", () => {
  it("walks every payment newest first, ties by id, each once, 4 a page", async () => {
    const { ids, pages } = await walk("limit=4");
    const all = await expected("1 = 1", [], "DESC");
    expect(ids).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 4));
  });

  it("walks one status's payments the same way", async () => {
    for (const status of ["processing", "succeeded", "failed"]) {
      expect((await walk(`status=${status}&limit=2`)).ids, status).toEqual(await expected("status = ?", [status], "DESC"));
    }
  });

  it("walks a date range (UTC days, inclusive), alone and with a status", async () => {
    const from = Date.UTC(2025, 2, 4);
    const to = Date.UTC(2025, 2, 6) + DAY;
    expect((await walk("from=2025-03-04&to=2025-03-06&limit=4")).ids).toEqual(await expected("created_at >= ? AND created_at < ?", [from, to], "DESC"));
    expect((await walk("status=processing&from=2025-03-04&to=2025-03-06&limit=3")).ids).toEqual(
      await expected("status = 'processing' AND created_at >= ? AND created_at < ?", [from, to], "DESC"),
    );
  });

  it("a cursor after the range reads from the range's newest; one before it reads nothing; one inside a tie continues after its id", async () => {
    const from = Date.UTC(2025, 2, 4);
    const to = Date.UTC(2025, 2, 5) + DAY;
    const inRange = await expected("created_at >= ? AND created_at < ?", [from, to], "DESC");
    const later = encodeCursor({ at: Date.UTC(2030, 0, 1), id: "" });
    const first = (await (await staffFetch(`/staff/api/payments/list?from=2025-03-04&to=2025-03-05&limit=100&cursor=${later}`)).json()) as ListBody;
    expect(first.payments.map((p) => p.id)).toEqual(inRange);
    const earlier = encodeCursor({ at: BASE - DAY, id: "zzz" });
    const none = (await (await staffFetch(`/staff/api/payments/list?from=2025-03-04&to=2025-03-05&cursor=${earlier}`)).json()) as ListBody;
    expect(none.payments).toEqual([]);
    // Inside the three payments of one instant: only those of that instant with a smaller id, then older ones.
    const tie = await expected("created_at = ?", [createdAt(9)], "DESC");
    const middle = encodeCursor({ at: createdAt(9), id: tie[1]! });
    const after = (await (await staffFetch(`/staff/api/payments/list?limit=2&cursor=${middle}`)).json()) as ListBody;
    expect(after.payments.map((p) => p.id)).toEqual((await expected("created_at <= ?", [createdAt(9)], "DESC")).slice(2, 4));
  });
});

describe("the export's pages", () => {
  it("continue after the last payment sent, oldest first, ties by id, each once", async () => {
    const db = openDatabase(env.DB);
    const range = { startMs: Date.UTC(2025, 2, 3), endMs: Date.UTC(2025, 2, 7) };
    const ids: string[] = [];
    let after: { at: number; id: string } | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listExportPage(db, range, after, 4);
      ids.push(...page.payments.map((p) => p.id));
      after = page.last;
      if (!after) break;
    }
    expect(ids).toEqual(await expected("created_at >= ? AND created_at < ?", [range.startMs, range.endMs], "ASC"));
    // A key from before the range starts at the range's start.
    const early = await listExportPage(db, range, { at: range.startMs - DAY, id: "zzz" }, 4);
    expect(early.payments.map((p) => p.id)).toEqual(ids.slice(0, 4));
  });
});
