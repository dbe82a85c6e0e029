// Every staff list pages with a cursor: pay links and the help inbox, on the page ("Older") and
// through /staff/api, newest first, filtered by status and dates, none cut short at a fixed size.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 5, 1, 12);
const NOW = Date.now();
const LINKS = 130;
const REQUESTS = 530;

/** Link i: two share each instant (the cursor must break ties by id); every 5th revoked, every 7th expired. */
function linkFixture(i: number, itemId: number) {
  const createdAt = BASE + Math.floor(i / 2) * DAY;
  const revokedAt = i % 5 === 0 ? createdAt + 1 : null;
  const expiresAt = i % 7 === 0 ? NOW - DAY : NOW + 30 * DAY;
  return { code: `pg${String(i).padStart(14, "0")}`, itemId, createdAt, revokedAt, expiresAt };
}

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
function reference(i: number): string {
  let n = i;
  let out = "";
  for (let k = 0; k < 6; k++) {
    out = ALPHABET[n % ALPHABET.length] + out;
    n = Math.floor(n / ALPHABET.length);
  }
  return `HR-${out}`;
}

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
  await env.DB.exec("DELETE FROM pay_link_uses; DELETE FROM pay_links;");
  const item = await env.DB.prepare("SELECT id FROM items WHERE kind = 'invoice' ORDER BY id LIMIT 1").first<{ id: number }>();
  const links = Array.from({ length: LINKS }, (_, i) => linkFixture(i, item!.id));
  await env.DB.batch(
    links.map((l) =>
      env.DB.prepare("INSERT INTO pay_links (code, key_id, item_id, expires_at, created_at, created_by, revoked_at, revoked_by) VALUES (?, 'a', ?, ?, ?, 'paging@test', ?, ?)").bind(
        l.code,
        l.itemId,
        l.expiresAt,
        l.createdAt,
        l.revokedAt,
        l.revokedAt === null ? null : "paging@test",
      ),
    ),
  );
  const statuses = ["new", "in_progress", "answered"];
  const requests = Array.from({ length: REQUESTS }, (_, i) => i);
  for (let start = 0; start < REQUESTS; start += 100) {
    await env.DB.batch(
      requests.slice(start, start + 100).map((i) =>
        env.DB.prepare(
          "INSERT INTO help_requests (reference, submitted_at, language, name, email, company, topic, message, status, due_date, stored_at, updated_at) VALUES (?, ?, 'en', ?, 'client@example.com', 'Co', 'other', 'Hello', ?, '2026-06-03', ?, ?)",
        ).bind(reference(i), BASE + Math.floor(i / 3) * 3_600_000, `Client ${i}`, statuses[i % 3], BASE, BASE),
      ),
    );
  }
});

async function walk<T>(path: string, key: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const response = await staffFetch(`${path}${cursor ? `${separator}cursor=${cursor}` : ""}`);
    expect(response.status, path).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    items.push(...(body[key] as T[]));
    cursor = body.next_cursor as string | null;
    pages++;
  } while (cursor);
  return { items, pages };
}

describe("pay links", () => {
  it("the API walks every link newest first, each once, ties broken by id, then stops", async () => {
    const { items, pages } = await walk<{ code: string }>("/staff/api/pay-links?limit=7", "links");
    const all = await env.DB.prepare("SELECT code FROM pay_links ORDER BY created_at DESC, id DESC").all<{ code: string }>();
    expect(items.map((l) => l.code)).toEqual(all.results.map((r) => r.code));
    expect(items).toHaveLength(LINKS);
    expect(pages).toBe(Math.ceil(LINKS / 7));
  });

  it("filters by state and by creation dates, across pages", async () => {
    const revoked = await walk<{ code: string; state: string }>("/staff/api/pay-links?status=revoked&limit=10", "links");
    expect(revoked.items).toHaveLength(LINKS / 5);
    expect(new Set(revoked.items.map((l) => l.state))).toEqual(new Set(["revoked"]));
    const expired = await walk<{ state: string }>("/staff/api/pay-links?status=expired&limit=100", "links");
    expect(expired.items.length).toBe(Array.from({ length: LINKS }, (_, i) => i).filter((i) => i % 7 === 0 && i % 5 !== 0).length);
    const active = await walk<{ state: string }>("/staff/api/pay-links?status=active", "links");
    expect(active.items.length + expired.items.length + revoked.items.length).toBe(LINKS);
    // Days 0 and 1 of the fixtures: links 0 to 3.
    const range = await walk<{ code: string }>("/staff/api/pay-links?from=2026-06-01&to=2026-06-02", "links");
    expect(range.items.map((l) => l.code)).toEqual([3, 2, 1, 0].map((i) => linkFixture(i, 0).code));
  });

  it("refuses a bad limit, cursor, state or date with 400 and what is wrong", async () => {
    const textId = btoa(JSON.stringify([BASE, "abc"]));
    for (const [query, field] of [
      ["limit=101", "limit"],
      ["limit=0", "limit"],
      ["cursor=nope", "cursor"],
      [`cursor=${textId}`, "cursor"],
      ["status=lost", "status"],
      ["from=2026-13-01", "from"],
      ["from=2026-06-02&to=2026-06-01", "to"],
    ] as const) {
      const response = await staffFetch(`/staff/api/pay-links?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: string; message: string; details: Record<string, string> };
      expect(body.error).toBe("validation");
      expect(Object.keys(body.details), query).toEqual([field]);
      expect(body.message, query).toContain(`${field} must be`);
    }
  });

  it("the staff page shows a page of links and an Older link that keeps the filters and reaches the next page", async () => {
    const first = await (await staffFetch("/staff?status=revoked&limit=5")).text();
    const older = /<a href="(\/staff\?[^"]+#links)" rel="next"/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(older).toBeTruthy();
    expect(older).toContain("status=revoked");
    expect(older).toContain("limit=5");
    const firstCodes = [...first.matchAll(/id="link-([^"]+)"/g)].map((m) => m[1]);
    expect(firstCodes).toHaveLength(5);
    const second = await (await staffFetch(older!)).text();
    const secondCodes = [...second.matchAll(/id="link-([^"]+)"/g)].map((m) => m[1]);
    expect(secondCodes).toHaveLength(5);
    expect(secondCodes.some((code) => firstCodes.includes(code))).toBe(false);
    const all = await env.DB.prepare("SELECT code FROM pay_links WHERE revoked_at IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 10").all<{ code: string }>();
    expect([...firstCodes, ...secondCodes]).toEqual(all.results.map((r) => r.code));
  });

  it("the staff page says which filter it cannot read", async () => {
    const response = await staffFetch("/staff?status=lost&limit=500");
    expect(response.status).toBe(422);
    expect(textOf(await response.text())).toContain("These filters are not valid: limit, status.");
  });
});

describe("help inbox", () => {
  it("the API walks all 530 requests (the old inbox stopped at 500), newest first, each once", async () => {
    const { items, pages } = await walk<{ reference: string }>("/staff/api/help-requests?limit=100", "help_requests");
    const all = await env.DB.prepare("SELECT reference FROM help_requests ORDER BY submitted_at DESC, id DESC").all<{ reference: string }>();
    expect(items.map((r) => r.reference)).toEqual(all.results.map((r) => r.reference));
    expect(items).toHaveLength(REQUESTS);
    expect(pages).toBe(6);
  });

  it("filters by status, topic and dates, and refuses bad input with 400", async () => {
    const answered = await walk<{ status: string }>("/staff/api/help-requests?status=answered&limit=100", "help_requests");
    expect(answered.items).toHaveLength(Math.floor(REQUESTS / 3));
    expect(new Set(answered.items.map((r) => r.status))).toEqual(new Set(["answered"]));
    const day = await walk<{ reference: string }>("/staff/api/help-requests?from=2026-06-01&to=2026-06-01&limit=100", "help_requests");
    expect(day.items).toHaveLength(36); // 3 an hour from 12:00 to 23:00 UTC
    for (const query of ["limit=101", "cursor=zzz", "status=closed", "topic=nonsense", "to=June"]) {
      const response = await staffFetch(`/staff/api/help-requests?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { message: string }).message, query).toMatch(/^bad list query: /);
    }
  });

  it("the inbox page pages with Older, and its poll stays on the page it shows", async () => {
    const first = await (await staffFetch("/staff/help?status=new&limit=50")).text();
    expect([...first.matchAll(/data-reference="/g)]).toHaveLength(50);
    const older = /<a href="(\/staff\/help\?[^"]+)" rel="next"/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(older).toContain("status=new");
    const cursor = new URL(older!, "https://x").searchParams.get("cursor");
    const second = await (await staffFetch(older!)).text();
    expect(second).toContain(`hx-get="/staff/help/list?status=new&amp;limit=50&amp;cursor=${cursor}"`);
    const firstRefs = [...first.matchAll(/data-reference="([^"]+)"/g)].map((m) => m[1]);
    const secondRefs = [...second.matchAll(/data-reference="([^"]+)"/g)].map((m) => m[1]);
    expect(secondRefs).toHaveLength(50);
    expect(secondRefs.some((r) => firstRefs.includes(r))).toBe(false);
  });

  it("the CSV export holds every request, past any page size", async () => {
    const csv = await (await staffFetch("/staff/help/export.csv")).text();
    expect(csv.trim().split("\n")).toHaveLength(REQUESTS + 1);
  });
});
