// At a firm's real size (npm run seed:large: a million items, 200,000 payments) a query that
// scans a table is a page that takes seconds. This drives the portal, a card payment and its
// webhooks, a pay link, the staff pages and the export, and the cron jobs, records every SQL
// statement the Worker sends, and checks SQLite's plan for each: every table is reached through
// an index. A walk over an index is allowed only under a LIMIT (a page of a list, newest first).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/staff-index";
import type { WorkerEnv } from "../../worker/env";
import { seedDemoData, TestBrowser } from "./helpers";
import { confirmAndFollow, enterDetails, openReview, paymentRow, selectAndChoose, signedInBrowser } from "./payment-flow";
import { queryPlan, recordSql, type PlanRow, type RecordedStatement } from "./sql-recorder";
import { CARDS, cardToken, deliverWebhook, eventsFor, refund } from "./stripe-helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

/** The hot queries: each must be among the recorded statements (so this test keeps covering them). */
const HOT_QUERIES: [string, RegExp][] = [
  ["lookup by invoice number", /from "items"[\s\S]*"invoice_number" = \?/i],
  // Portal pages name the client through the session row, in the same batch: `= (select ...)`.
  ["a client's items", /from "items"[\s\S]*"client_id" = (\?|\(select)/i],
  ["a client's allocations", /from "payment_allocations"[\s\S]*"client_id" = (\?|\(select)/i],
  ["session by id", /"portal_sessions"[\s\S]*"id" = \?/i],
  ["payments by client", /from "payments"[\s\S]*"client_id" = (\?|\(select)/i],
  ["payment by id", /from "payments"[\s\S]*"id" = \?/i],
  ["payment by PaymentIntent", /from "payments"[\s\S]*"stripe_payment_intent_id" = \?/i],
  ["pay link by code", /from "pay_links"[\s\S]*"code" = \?/i],
  ["staff list of recent payments", /from "payments"[\s\S]*order by "payments"\."created_at" desc/i],
  ["dashboard: ACH payments waiting for the bank", /from "payments"[\s\S]*"payments"\."method" in \(\?\) and "payments"\."status" = \?/i],
  ["dashboard: the invoice numbers of a list's payments", /from "payment_allocations"[\s\S]*"payment_id" in \(select "payments"\."id" from "payments"/i],
  ["staff search by name", /"name_folded" >= \?/i],
  ["staff payments list after a cursor", /\("payments"\."created_at", "payments"\."id"\) < \(\?, \?\)/i],
  ["payments export", /from "payments"[\s\S]*"created_at" >= \?/i],
  ["pay links page after a cursor", /from "pay_links"[\s\S]*\("pay_links"\."created_at", "pay_links"\."id"\) < \(\?, \?\)/i],
  ["a pay links page's latest uses", /json_group_array[\s\S]*from "pay_link_uses" where "pay_link_uses"\."link_id" = "pay_links"\."id"/i],
  ["help inbox by status", /from "help_requests"[\s\S]*"status" = \?[\s\S]*order by "help_requests"\."submitted_at" desc/i],
  ["help inbox after a cursor", /from "help_requests"[\s\S]*\("help_requests"\."submitted_at", "help_requests"\."id"\) < \(\?, \?\)/i],
  ["alerts page after a cursor", /from "payment_alerts"[\s\S]*\("payment_alerts"\."at", "payment_alerts"\."id"\) < \(\?, \?\)/i],
  ["alerts of one kind", /from "payment_alerts"[\s\S]*"payment_alerts"\."kind" = \?/i],
  ["reconcile problems after a cursor", /\("payments"\."reconcile_error_at", "payments"\."id"\) < \(\?, \?\)/i],
  ["reconcile problems of one status", /"reconcile_error" is not null and "payments"\."status" = \?/i],
  ["dead letters after a cursor", /from "dead_letters"[\s\S]*\("dead_letters"\."received_at", "dead_letters"\."id"\) < \(\?, \?\)/i],
  ["dead letters in one state", /from "dead_letters"[\s\S]*"dead_letters"\."resolution" (is null|= \?)/i],
  ["import: what D1 holds for the file's invoices", /from "items"[\s\S]*"kind" = \?[\s\S]*in \(select value from json_each/i],
  ["import: staging a batch", /insert into "import_staging"/i],
  ["import: applying staged invoices", /update "items" set[\s\S]*from "import_staging" s/i],
  ["import: applying staged new items", /insert into "items"[\s\S]*from "import_staging" s/i],
];

let recorded: RecordedStatement[] = [];
let partialIndexes = new Set<string>();
const plans = new Map<string, PlanRow[]>();

/** The statement without its parenthesised subqueries: what its top level filters and limits. */
function topLevel(sql: string): string {
  let depth = 0;
  let out = "";
  for (const ch of sql) {
    if (ch === "(") depth++;
    if (depth === 0) out += ch;
    if (ch === ")") depth--;
  }
  return out;
}

/** The text of each parenthesised SELECT in a statement, its own subqueries left out. */
function subqueries(sql: string): string[] {
  const found: string[] = [];
  const open: number[] = [];
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] === "(") open.push(i);
    if (sql[i] === ")" && open.length > 0) {
      const inner = sql.slice(open.pop()! + 1, i);
      if (/^\s*select\b/i.test(inner)) found.push(topLevel(inner));
    }
  }
  return found;
}

/** ORDER BY ... LIMIT and no WHERE: a walk that stops after the page. */
const isUnfilteredPage = (text: string) => /\blimit\b/i.test(text) && /\border by\b/i.test(text) && !/\bwhere\b/i.test(text);

/** Whether a plan row sits under a subquery of the statement (IN (SELECT ...), a scalar subquery). */
function underSubquery(row: PlanRow, plan: PlanRow[]): boolean {
  const byId = new Map(plan.map((r) => [r.id, r]));
  for (let parent = byId.get(row.parent); parent; parent = byId.get(parent.parent)) {
    if (/SUBQUERY \d+$/.test(parent.detail)) return true;
  }
  return false;
}

/**
 * What is wrong with a plan, or null. A table read without an index is wrong, and so is a walk
 * over a whole table or index that filters as it goes (it reads everything to find few rows).
 * A walk is allowed only for an unfiltered page: ORDER BY ... LIMIT and no WHERE, which stops
 * after the page. A walk under a subquery is allowed when a subquery reading that table is such
 * a page (a list's own page of ids, chosen again to read what belongs to its rows).
 */
function planProblem(sql: string, plan: PlanRow[], partialIndexes: Set<string>): string | null {
  const unfilteredPage = isUnfilteredPage(topLevel(sql));
  const pagesOf = (table: string) => subqueries(sql).some((text) => new RegExp(`\\b(from|join) "${table}"`, "i").test(text) && isUnfilteredPage(text));
  for (const row of plan) {
    const scan = /^SCAN (\S+)(.*)$/.exec(row.detail);
    if (!scan || scan[1] === "CONSTANT") continue;
    // json_each reads the statement's own JSON parameter (a list of numbers, a batch of rows), not a table.
    if (scan[1] === "json_each" && /VIRTUAL TABLE/.test(scan[2]!)) continue;
    // A subquery's own rows (a co-routine or materialized result): its table reads are rows of this plan too.
    if (plan.some((other) => other.detail === `CO-ROUTINE ${scan[1]}` || other.detail === `MATERIALIZE ${scan[1]}`)) continue;
    // A partial index holds only the rows its WHERE keeps (say, unprocessed events): walking it is the search.
    const index = /USING (?:COVERING )?INDEX (\S+)/.exec(scan[2]!)?.[1];
    if (index && partialIndexes.has(index)) continue;
    if (underSubquery(row, plan) ? !pagesOf(scan[1]!) : !unfilteredPage) return row.detail;
  }
  return null;
}

beforeAll(async () => {
  await installAccessJwks();
  const seed = await seedDemoData();
  const recorder = recordSql();
  try {
    // A client: lookup, summary, items, amounts, details, review, confirm, the payment page.
    const browser = await signedInBrowser();
    await browser.get("/portal");
    await browser.get("/portal/items");
    await selectAndChoose(browser, { "413018": "100.00" }, "card");
    await browser.get("/portal/amounts");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    // Stripe's webhooks for it, and a refund (found by PaymentIntent).
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await refund(intent, 1_000);
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    await browser.get(`/portal/payments/${paymentId}`);

    // A pay link, opened by another browser.
    const link = seed.links[0]!;
    await new TestBrowser("198.51.100.23").get(new URL(link.url).pathname);

    // The staff pages and their API: search of every kind, the paged list, client and payment pages, the export.
    const today = new Date().toISOString().slice(0, 10);
    const code = new URL(link.url).pathname.split("/").pop()!;
    const staffPaths = [
      "/staff",
      `/staff?invoice=${link.invoiceNumber}`,
      ...["G%C3%B3mez", "gomez", link.invoiceNumber, "20481736", paymentId, intent, code, "%241%2C030.00"].map((q) => `/staff/search?q=${q}`),
      "/staff/payments",
      "/staff/payments?status=processing",
      `/staff/payments?from=2026-01-01&to=${today}`,
      "/staff/clients/20481736",
      `/staff/payments/${paymentId}`,
      "/staff/deposits",
      "/staff/api/pay-links",
      `/staff/api/pay-links?invoice=${link.invoiceNumber}`,
      `/staff/api/payments?from=2026-01-01&to=${today}`,
      `/staff/api/payments?from=2026-01-01&to=${today}&format=json`,
    ];
    for (const path of staffPaths) {
      const response = await staffFetch(path);
      expect(response.status, path).toBeLessThan(400);
      await response.arrayBuffer();
    }
    // The pay links and help inbox pages, filtered and after a cursor (the JSON API's next_cursor).
    const links = (await (await staffFetch("/staff/api/pay-links?limit=1")).json()) as { next_cursor: string | null };
    expect(links.next_cursor, "the one-link page has a next").toBeTruthy();
    for (const path of [
      `/staff/api/pay-links?limit=1&cursor=${links.next_cursor}`,
      `/staff/api/pay-links?status=active&limit=1&cursor=${links.next_cursor}`,
      "/staff?status=active",
      "/staff/help?status=new",
      "/staff/api/help-requests?status=answered&from=2026-01-01&to=2026-12-31",
    ]) {
      expect((await staffFetch(path)).status, path).toBe(200);
    }
    await staffFetch("/staff/api/help-requests?limit=1").then((r) => r.arrayBuffer());
    // The lists of what needs attention: filtered, by dates, and after a cursor (an instant and an id).
    const intCursor = btoa(JSON.stringify([Date.now(), "1"])).replace(/=+$/, "");
    const textCursor = btoa(JSON.stringify([Date.now(), "pay_x"])).replace(/=+$/, "");
    for (const path of [
      "/staff/alerts",
      "/staff/alerts?kind=refund_refused",
      `/staff/api/alerts?cursor=${intCursor}`,
      `/staff/api/alerts?kind=webhook_api_version&from=2026-01-01&to=2026-12-31&cursor=${intCursor}`,
      "/staff/reconcile-problems",
      "/staff/reconcile-problems?status=processing",
      `/staff/api/reconcile-problems?cursor=${textCursor}`,
      `/staff/api/reconcile-problems?status=succeeded&from=2026-01-01&to=2026-12-31&cursor=${textCursor}`,
      "/staff/dead-letters",
      "/staff/dead-letters?status=handled",
      `/staff/api/dead-letters?status=open&cursor=${intCursor}`,
      `/staff/api/dead-letters?from=2026-01-01&to=2026-12-31&cursor=${intCursor}`,
    ]) {
      expect((await staffFetch(path)).status, path).toBe(200);
    }
    // A help request after a cursor: the cursor names an instant and an id, whether or not a request has them.
    const helpCursor = btoa(JSON.stringify([Date.now(), "1"])).replace(/=+$/, "");
    expect((await staffFetch(`/staff/api/help-requests?cursor=${helpCursor}`)).status).toBe(200);
    expect((await staffFetch(`/staff/api/help-requests?status=new&from=2026-01-01&cursor=${helpCursor}`)).status).toBe(200);
    // An import through the API: the file checked against D1, staged, then applied (a new invoice, a changed total).
    const csv =
      "record_type,client_number,client_name,invoice_number,date,amount,delivery\ninvoice,20481736,,419901,2026-11-01,10.00,paper\ninvoice,20481736,,419901,2026-11-01,10.00,paper\n";
    expect(
      (await staffFetch("/staff/api/invoices", { method: "PUT", body: csv.split("\n").slice(0, 2).join("\n"), headers: { "Content-Type": "text/csv" } }))
        .status,
    ).toBe(200);
    const changed =
      "record_type,client_number,client_name,invoice_number,date,amount,delivery\ninvoice,20481736,,419901,2026-11-01,12.00,paper\nlate_fee,20481736,,419901,2026-11-15,1.00,\n";
    expect((await staffFetch("/staff/api/invoices", { method: "PUT", body: changed, headers: { "Content-Type": "text/csv" } })).status).toBe(200);

    // The next page of the list, through the cursor its first page links to.
    const firstPage = await (await staffFetch("/staff/payments?limit=1")).text();
    const cursor = /cursor=([^"&]+)/.exec(firstPage)?.[1];
    expect(cursor, "the one-row page links to the next").toBeTruthy();
    expect((await staffFetch(`/staff/payments?limit=1&cursor=${cursor}`)).status).toBe(200);

    // The cron jobs: the outbox sweep every minute, reconciliation on the tenth.
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.UTC(2026, 10, 20, 12, 0) }), env as WorkerEnv, ctx);
    await waitOnExecutionContext(ctx);
  } finally {
    recorder.stop();
  }
  recorded = [...new Map(recorder.statements.map((s) => [s.sql, s])).values()];
  for (const statement of recorded) plans.set(statement.sql, await queryPlan(statement));
  const indexes = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'").all<{ name: string }>();
  partialIndexes = new Set(indexes.results.map((row) => row.name));
});

describe("query plans at scale", () => {
  it("records the hot queries of the flow", () => {
    const missing = HOT_QUERIES.filter(([, pattern]) => !recorded.some((s) => pattern.test(s.sql))).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("pages every staff list and the export in index order: no sort, and a cursor seeks its index", () => {
    // Each list pages by (instant, id) through its own indexes. A text id (payments) is in the
    // index, so the row value is the seek; an INTEGER PRIMARY KEY is every index's rowid already,
    // which SQLite orders by but does not seek a row value on: the seek is on the instant.
    const lists = [
      { table: "payments", instant: "created_at", indexes: /^payments_(status_)?created_id_idx$/, idInIndex: true },
      { table: "payments", instant: "reconcile_error_at", indexes: /^payments_reconcile_error_(status_)?id_idx$/, idInIndex: true },
      { table: "payment_alerts", instant: "at", indexes: /^payment_alerts_(kind_)?at_idx$/, idInIndex: false },
      { table: "dead_letters", instant: "received_at", indexes: /^dead_letters_(resolution_)?received_idx$/, idInIndex: false },
      { table: "help_requests", instant: "submitted_at", indexes: /^help_requests_(status_)?submitted_idx$/, idInIndex: false },
      { table: "pay_links", instant: "created_at", indexes: /^pay_links_((un)?revoked_)?created_idx$/, idInIndex: false },
    ];
    for (const { table, instant, indexes, idInIndex } of lists) {
      const column = (name: string) => `"${table}"\\."${name}"`;
      // A page has a LIMIT (a client's page shows all of its few links, sorted, and is no list page).
      const ordered = recorded.filter((s) =>
        new RegExp(`order by ${column(instant)} (desc|asc), ${column("id")} (desc|asc)[\\s\\S]*\\blimit\\b`, "i").test(topLevel(s.sql)),
      );
      expect(ordered.length, `${table}.${instant}: ordered pages recorded`).toBeGreaterThan(0);
      const sorted = ordered.filter((s) => plans.get(s.sql)!.some((row) => /TEMP B-TREE/.test(row.detail))).map((s) => s.sql);
      expect(sorted, `${table}.${instant}: pages that sort`).toEqual([]);
      const cursorPages = recorded.filter((s) => new RegExp(`\\(${column(instant)}, ${column("id")}\\) [<>] \\(\\?, \\?\\)`, "i").test(s.sql));
      expect(cursorPages.length, `${table}.${instant}: pages after a cursor recorded`).toBeGreaterThan(0);
      const seek = idInIndex ? `\\(${instant},id\\)[<>]\\(\\?,\\?\\)` : `${instant}[<>]\\?\\)`;
      for (const s of cursorPages) {
        const searches = plans.get(s.sql)!.filter((row) => new RegExp(`^SEARCH ${table} USING INDEX (\\S+) \\(.*${seek}`).test(row.detail));
        expect(
          searches.some((row) => indexes.test(/USING INDEX (\S+)/.exec(row.detail)![1]!)),
          `${plans
            .get(s.sql)!
            .map((row) => row.detail)
            .join(" | ")}\n    in: ${s.sql}`,
        ).toBe(true);
      }
    }
  });

  it("reads every table through an index (a SCAN only for an unfiltered page under LIMIT)", () => {
    const problems = recorded
      .map((s) => ({ sql: s.sql, problem: planProblem(s.sql, plans.get(s.sql)!, partialIndexes) }))
      .filter((p) => p.problem !== null)
      .map((p) => `${p.problem}\n    in: ${p.sql}`);
    expect(problems).toEqual([]);
  });
});
