// Every staff list pages with a cursor: pay links, the help inbox, alerts, reconciliation problems
// and dead letters, on the page ("Older") and through /staff/api, newest first, filtered by status
// (or kind) and dates, none cut short at a fixed size.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import { installAccessJwks, STAFF_EMAIL, staffFetch } from "./staff-helpers";

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 5, 1, 12);
const NOW = Date.now();
const LINKS = 130;
const REQUESTS = 530;
const ALERTS = 57;
const PROBLEMS = 60;
const LETTERS = 330;
const ALERT_KINDS = ["succeeded_after_failure", "refund_refused", "webhook_api_version"] as const;
const PROBLEM_STATUSES = ["processing", "requires_action", "succeeded"] as const;
const RESOLUTIONS = [null, "retried", "handled"] as const;
/** Alerts and problems: two share each day; dead letters: two share each hour (ties broken by id). */
const alertAt = (i: number) => BASE + Math.floor(i / 2) * DAY;
const problemId = (i: number) => `pgpay${String(i).padStart(4, "0")}`;
const letterAt = (i: number) => BASE + Math.floor(i / 2) * 3_600_000;

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
      env.DB.prepare(
        "INSERT INTO pay_links (code, key_id, item_id, expires_at, created_at, created_by, revoked_at, revoked_by) VALUES (?, 'a', ?, ?, ?, 'paging@test', ?, ?)",
      ).bind(l.code, l.itemId, l.expiresAt, l.createdAt, l.revokedAt, l.revokedAt === null ? null : "paging@test"),
    ),
  );
  await env.DB.exec("DELETE FROM payment_alerts; DELETE FROM dead_letters; UPDATE payments SET reconcile_error = NULL, reconcile_error_at = NULL;");
  await env.DB.batch(
    Array.from({ length: ALERTS }, (_, i) =>
      env.DB.prepare("INSERT INTO payment_alerts (dedupe_key, at, kind, payment_id, details) VALUES (?, ?, ?, NULL, ?)").bind(
        `pg-alert-${i}`,
        alertAt(i),
        ALERT_KINDS[i % 3],
        JSON.stringify({ amountCents: 100 + i }),
      ),
    ),
  );
  await env.DB.batch(
    Array.from({ length: PROBLEMS }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO payments (id, client_id, status, method, subtotal_cents, total_cents, created_at, updated_at, reconcile_error, reconcile_error_at) VALUES (?, (SELECT client_id FROM items WHERE id = ?), ?, 'card', 1000, 1000, ?, ?, 'StripeConnectionError', ?)",
      ).bind(problemId(i), item!.id, PROBLEM_STATUSES[i % 3], BASE, BASE, alertAt(i)),
    ),
  );
  const outbox = await env.DB.prepare(
    "INSERT INTO outbox (dedupe_key, kind, recipient, status, last_error, created_at) VALUES ('pg-outbox', 'receipt', 'lost@example.com', 'failed', 'mailbox full', ?) RETURNING id",
  )
    .bind(BASE)
    .first<{ id: number }>();
  for (let start = 0; start < LETTERS; start += 100) {
    await env.DB.batch(
      Array.from({ length: Math.min(100, LETTERS - start) }, (_, k) => start + k).map((i) => {
        const resolution = RESOLUTIONS[i % 3];
        // The newest letter is an email whose outbox row the list reads in the same statement.
        const body = i === LETTERS - 1 ? { type: "email", outboxId: outbox!.id } : { unreadable: i };
        return env.DB.prepare(
          "INSERT INTO dead_letters (dedupe_key, source, body, reason, received_at, resolved_at, resolved_by, resolution) VALUES (?, ?, ?, 'retries', ?, ?, ?, ?)",
        ).bind(
          `pg-dead-${i}`,
          i === LETTERS - 1 ? "email" : "unknown",
          JSON.stringify(body),
          letterAt(i),
          resolution ? letterAt(i) + 1 : null,
          resolution ? "paging@test" : null,
          resolution,
        );
      }),
    );
  }
  const statuses = ["new", "in_progress", "answered"];
  const requests = Array.from({ length: REQUESTS }, (_, i) => i);
  for (let start = 0; start < REQUESTS; start += 100) {
    await env.DB.batch(
      requests
        .slice(start, start + 100)
        .map((i) =>
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
    const all = await env.DB.prepare("SELECT code FROM pay_links WHERE revoked_at IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 10").all<{
      code: string;
    }>();
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

/** Every bad list input of a list answers 400 with the field and the sentence. */
async function expectRefused(path: string, cases: [string, string][]) {
  for (const [query, field] of cases) {
    const response = await staffFetch(`${path}?${query}`);
    expect(response.status, query).toBe(400);
    const body = (await response.json()) as { error: string; message: string; details: Record<string, string> };
    expect(body.error).toBe("validation");
    expect(Object.keys(body.details), query).toEqual([field]);
    expect(body.message, query).toMatch(new RegExp(`^bad list query: ${field} must be`));
  }
}

/** A list page's rows (by a data- attribute) and its "Older" link, with the page's own status. */
async function listPage(path: string, attribute: string) {
  const response = await staffFetch(path);
  const html = await response.text();
  const older = new RegExp(`<a href="(${path.split("?")[0]}\\?[^"]+)" rel="next"`).exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
  return { status: response.status, html, ids: [...html.matchAll(new RegExp(`${attribute}="([^"]+)"`, "g"))].map((m) => m[1]!), older };
}

const textCursor = btoa(JSON.stringify([BASE, "abc"]));

describe("alerts", () => {
  it("the API walks every alert newest first, each once, ties broken by id", async () => {
    const { items, pages } = await walk<{ id: number; at: string; kind: string }>("/staff/api/alerts?limit=7", "alerts");
    const all = await env.DB.prepare("SELECT id FROM payment_alerts ORDER BY at DESC, id DESC").all<{ id: number }>();
    expect(items.map((a) => a.id)).toEqual(all.results.map((r) => r.id));
    expect(items).toHaveLength(ALERTS);
    expect(pages).toBe(Math.ceil(ALERTS / 7));
    expect(items[0]!.at).toBe(new Date(alertAt(ALERTS - 1)).toISOString());
  });

  it("filters by kind and by dates, across pages, and refuses bad input with 400", async () => {
    const refused = await walk<{ kind: string }>("/staff/api/alerts?kind=refund_refused&limit=5", "alerts");
    expect(refused.items).toHaveLength(Array.from({ length: ALERTS }, (_, i) => i).filter((i) => i % 3 === 1).length);
    expect(refused.pages).toBeGreaterThan(1);
    expect(new Set(refused.items.map((a) => a.kind))).toEqual(new Set(["refund_refused"]));
    const days = await walk<{ details: { amountCents: number } }>("/staff/api/alerts?from=2026-06-01&to=2026-06-02", "alerts");
    expect(days.items.map((a) => a.details.amountCents - 100)).toEqual([3, 2, 1, 0]);
    await expectRefused("/staff/api/alerts", [
      ["limit=101", "limit"],
      ["cursor=nope", "cursor"],
      [`cursor=${textCursor}`, "cursor"],
      ["kind=lost", "kind"],
      ["from=2026-06-02&to=2026-06-01", "to"],
    ]);
  });

  it("the page pages with Older, keeping the kind, and says which filter it cannot read", async () => {
    const first = await listPage("/staff/alerts?kind=succeeded_after_failure&limit=8", "data-alert");
    expect(first.status).toBe(200);
    expect(first.ids).toHaveLength(8);
    expect(first.older).toContain("kind=succeeded_after_failure");
    const second = await listPage(first.older!, "data-alert");
    const all = await env.DB.prepare("SELECT id FROM payment_alerts WHERE kind = 'succeeded_after_failure' ORDER BY at DESC, id DESC LIMIT 16").all<{
      id: number;
    }>();
    expect([...first.ids, ...second.ids]).toEqual(all.results.map((r) => String(r.id)));
    const bad = await staffFetch("/staff/alerts?kind=lost&to=June");
    expect(bad.status).toBe(422);
    expect(textOf(await bad.text())).toContain("These filters are not valid: kind, to.");
  });

  it("the dashboard's short list says it is cut and links to the full list", async () => {
    const html = await (await staffFetch("/staff")).text();
    const section = html.slice(html.indexOf('id="alerts"'), html.indexOf('aria-labelledby="pending-heading"'));
    expect([...section.matchAll(/role="alert"/g)]).toHaveLength(20);
    expect(textOf(section)).toContain("Only the first 20 are shown.");
    expect(section).toContain('href="/staff/alerts"');
  });
});

describe("reconciliation problems", () => {
  it("the API walks every problem newest first, each once, then filters by payment status and dates", async () => {
    const { items, pages } = await walk<{ id: string; status: string }>("/staff/api/reconcile-problems?limit=9", "reconcile_problems");
    expect(items.map((p) => p.id)).toEqual(Array.from({ length: PROBLEMS }, (_, i) => problemId(PROBLEMS - 1 - i)));
    expect(pages).toBe(Math.ceil(PROBLEMS / 9));
    const processing = await walk<{ status: string }>("/staff/api/reconcile-problems?status=processing&limit=6", "reconcile_problems");
    expect(processing.items).toHaveLength(PROBLEMS / 3);
    expect(processing.pages).toBeGreaterThan(1);
    expect(new Set(processing.items.map((p) => p.status))).toEqual(new Set(["processing"]));
    const days = await walk<{ id: string }>("/staff/api/reconcile-problems?from=2026-06-02&to=2026-06-02", "reconcile_problems");
    expect(days.items.map((p) => p.id)).toEqual([problemId(3), problemId(2)]);
    await expectRefused("/staff/api/reconcile-problems", [
      ["limit=0", "limit"],
      ["cursor=zzz", "cursor"],
      ["status=lost", "status"],
      ["from=2026-02-30", "from"],
    ]);
  });

  it("the page pages with Older and the dashboard links to it past its first 50", async () => {
    const first = await listPage("/staff/reconcile-problems?status=succeeded&limit=7", "data-payment");
    expect(first.ids).toEqual([59, 56, 53, 50, 47, 44, 41].map(problemId));
    const second = await listPage(first.older!, "data-payment");
    expect(second.ids).toEqual([38, 35, 32, 29, 26, 23, 20].map(problemId));
    expect((await staffFetch("/staff/reconcile-problems?limit=1000")).status).toBe(422);
    const html = await (await staffFetch("/staff")).text();
    const section = html.slice(html.indexOf('id="reconcile-problems"'), html.indexOf('aria-labelledby="payments-heading"'));
    expect([...section.matchAll(/data-payment="/g)]).toHaveLength(50);
    expect(textOf(section)).toContain("Only the first 50 are shown.");
    expect(section).toContain('href="/staff/reconcile-problems"');
  });
});

describe("dead letters", () => {
  it("the API walks all 330 letters (the inbox stopped at 100 open ones), newest first, each once", async () => {
    const { items, pages } = await walk<{ id: number; status: string }>("/staff/api/dead-letters?limit=100", "dead_letters");
    const all = await env.DB.prepare("SELECT id FROM dead_letters ORDER BY received_at DESC, id DESC").all<{ id: number }>();
    expect(items.map((l) => l.id)).toEqual(all.results.map((r) => r.id));
    expect(pages).toBe(4);
    // The email's letter carries what its outbox row says, read with the list.
    expect(items[0]).toMatchObject({
      status: "handled",
      summary: { kind: "email", recipient: "lost@example.com", status: "failed", lastError: "mailbox full" },
    });
  });

  it("filters by status and dates, and refuses bad input with 400", async () => {
    const open = await walk<{ status: string }>("/staff/api/dead-letters?status=open&limit=30", "dead_letters");
    expect(open.items).toHaveLength(LETTERS / 3);
    expect(new Set(open.items.map((l) => l.status))).toEqual(new Set(["open"]));
    const handled = await walk<{ status: string; resolvedBy: string }>("/staff/api/dead-letters?status=handled", "dead_letters");
    expect(handled.items).toHaveLength(LETTERS / 3);
    expect(new Set(handled.items.map((l) => l.resolvedBy))).toEqual(new Set(["paging@test"]));
    const day = await walk<{ id: number }>("/staff/api/dead-letters?from=2026-06-01&to=2026-06-01&limit=100", "dead_letters");
    expect(day.items).toHaveLength(24); // 2 an hour from 12:00 to 23:00 UTC
    await expectRefused("/staff/api/dead-letters", [
      ["limit=1.5", "limit"],
      [`cursor=${textCursor}`, "cursor"],
      ["status=closed", "status"],
      ["to=2026-6-1", "to"],
    ]);
  });

  it("the inbox shows the first 100 open letters, says so, and links to the full list", async () => {
    const html = await (await staffFetch("/staff/help")).text();
    const section = html.slice(html.indexOf('id="dead-letters"'));
    expect([...section.matchAll(/data-dead-letter="/g)]).toHaveLength(100);
    expect(textOf(section)).toContain("Only the first 100 are shown.");
    expect(section).toContain('href="/staff/dead-letters"');
  });

  it("the page pages with Older; only open letters offer retry and close, which come back to the list", async () => {
    const first = await listPage("/staff/dead-letters?limit=40", "data-dead-letter");
    expect(first.ids).toHaveLength(40);
    const second = await listPage(first.older!, "data-dead-letter");
    const all = await env.DB.prepare("SELECT id FROM dead_letters ORDER BY received_at DESC, id DESC LIMIT 80").all<{ id: number }>();
    expect([...first.ids, ...second.ids]).toEqual(all.results.map((r) => String(r.id)));
    expect([...first.html.matchAll(/\/close"/g)]).toHaveLength(13); // i % 3 === 0 among the newest 40 (329 down to 290)
    expect(textOf(first.html)).toContain("Marked handled by paging@test");
    const bad = await staffFetch("/staff/dead-letters?status=closed");
    expect(bad.status).toBe(422);
    expect(textOf(await bad.text())).toContain("These filters are not valid: status.");

    const openId = first.ids[2]!; // letter 327
    const closed = await staffFetch(`/staff/help/dead-letters/${openId}/close`, { form: { back: "list" } });
    expect(closed.status).toBe(303);
    expect(closed.headers.get("Location")).toBe("/staff/dead-letters?status=open&dead-letter=done");
    const after = await listPage("/staff/dead-letters?status=open&dead-letter=done&limit=1", "data-dead-letter");
    expect(textOf(after.html)).toContain("Done.");
    expect(after.ids).not.toContain(openId);
    const row = await env.DB.prepare("SELECT resolution, resolved_by FROM dead_letters WHERE id = ?").bind(Number(openId)).first();
    expect(row).toEqual({ resolution: "handled", resolved_by: STAFF_EMAIL });
  });
});
