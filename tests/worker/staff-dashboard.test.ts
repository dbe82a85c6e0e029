// The dashboard's payment lists, read with the rest of the page in one D1 batch: the newest
// payments (newest first) and ACH payments waiting for the bank (oldest first), each row with its
// invoices' numbers once each, in the order the payment was allocated, ties of instant broken by id,
// and the note that a list was cut.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoData, textOf } from "./helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const DAY = 86_400_000;
/** The newest payments are dated after everything else; the waiting ACH payments before. */
const RECENT_BASE = Date.now() + 30 * DAY;
const PENDING_BASE = Date.UTC(2020, 0, 6, 15);
const RECENT = 30;
const PENDING = 60;

/** Payment i's allocations, in order: an invoice with its own late fee, two invoices, a late fee before invoices. */
const ALLOCATIONS: [string, "invoice" | "late_fee"][][] = [
  [
    ["498001", "invoice"],
    ["498001", "late_fee"],
  ],
  [
    ["498002", "invoice"],
    ["498001", "invoice"],
  ],
  [
    ["498001", "late_fee"],
    ["498003", "invoice"],
    ["498001", "invoice"],
  ],
];
const EXPECTED_NUMBERS = ["498001", "498002, 498001", "498001, 498003"];

interface Fixture {
  id: string;
  createdAt: number;
  subtotalCents: number;
  pattern: number;
}

// Two payments share each instant: the lists must order them by id. Ids are inserted in an order
// unrelated to their sort (the reversed index), so rowid order cannot pass for id order.
const recent: Fixture[] = Array.from({ length: RECENT }, (_, i) => ({
  id: `dash-r-${String(RECENT - i).padStart(3, "0")}`,
  createdAt: RECENT_BASE + Math.floor(i / 2) * 60_000,
  subtotalCents: 70_000 + i,
  pattern: i % 3,
}));
const pending: Fixture[] = Array.from({ length: PENDING }, (_, i) => ({
  id: `dash-p-${String(PENDING - i).padStart(3, "0")}`,
  createdAt: PENDING_BASE + Math.floor(i / 2) * 60_000,
  subtotalCents: 80_000 + i,
  pattern: (i + 1) % 3,
}));

/** Rows of a dashboard table: the invoices cell and the amount cell of each. */
function tableRows(html: string, from: string, to: string): { invoices: string; amount: string }[] {
  const section = html.slice(html.indexOf(from), html.indexOf(to));
  const body = section.slice(section.indexOf("<tbody>"), section.indexOf("</tbody>"));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => textOf(cell[1]!).trim());
    return { invoices: cells[2]!, amount: cells[3]! };
  });
}

const dollars = (cents: number) => `$${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
  const now = Date.now();
  await env.DB.prepare("INSERT INTO clients (number, name, email, created_at) VALUES ('28000001', 'Dashboard Client', NULL, ?)").bind(now).run();
  const client = "(SELECT id FROM clients WHERE number = '28000001')";
  await env.DB.batch(
    [
      ["invoice", "498001", "2026-01-01"],
      ["late_fee", "498001", "2026-02-01"],
      ["invoice", "498002", "2026-01-02"],
      ["invoice", "498003", "2026-01-03"],
    ].map(([kind, number, date]) =>
      env.DB.prepare(
        `INSERT INTO items (client_id, kind, invoice_number, item_date, original_cents, delivery, created_at, updated_at) VALUES (${client}, ?, ?, ?, 1000000, 'paper', ?, ?)`,
      ).bind(kind, number, date, now, now),
    ),
  );
  const statements = [];
  // Inserted in reverse of their sort, so neither rowid nor allocation insert order matches a list's order by accident.
  for (const [fixture, method, status] of [
    ...[...recent].reverse().map((f) => [f, "card", "succeeded"] as const),
    ...[...pending].reverse().map((f) => [f, "ach", "processing"] as const),
  ]) {
    statements.push(
      env.DB.prepare(
        `INSERT INTO payments (id, client_id, status, method, subtotal_cents, total_cents, created_at, updated_at) VALUES (?, ${client}, ?, ?, ?, ?, ?, ?)`,
      ).bind(fixture.id, status, method, fixture.subtotalCents, fixture.subtotalCents, fixture.createdAt, fixture.createdAt),
    );
    for (const [number, kind] of ALLOCATIONS[fixture.pattern]!) {
      statements.push(
        env.DB.prepare(
          "INSERT INTO payment_allocations (payment_id, item_id, amount_cents) VALUES (?, (SELECT id FROM items WHERE invoice_number = ? AND kind = ?), 100)",
        ).bind(fixture.id, number, kind),
      );
    }
  }
  await env.DB.batch(statements);
});

/** A list's expected order: by instant, ties by id, in the list's direction. */
function sorted(fixtures: Fixture[], direction: 1 | -1): Fixture[] {
  return [...fixtures].sort((a, b) => direction * (a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

describe("the dashboard's payment lists", () => {
  it("the newest 25 payments, newest first, ties by id, each with its invoices once in allocation order", async () => {
    const html = await (await staffFetch("/staff")).text();
    const rows = tableRows(html, 'aria-labelledby="payments-heading"', 'aria-labelledby="export-heading"');
    const expected = sorted(recent, -1).slice(0, 25);
    expect(rows).toEqual(expected.map((f) => ({ invoices: EXPECTED_NUMBERS[f.pattern], amount: dollars(f.subtotalCents) })));
  });

  it("the 50 oldest ACH payments waiting for the bank, oldest first, ties by id, and the note that there are more", async () => {
    const html = await (await staffFetch("/staff")).text();
    const rows = tableRows(html, 'aria-labelledby="pending-heading"', 'aria-labelledby="payments-heading"');
    const expected = sorted(pending, 1).slice(0, 50);
    expect(rows).toEqual(expected.map((f) => ({ invoices: EXPECTED_NUMBERS[f.pattern], amount: dollars(f.subtotalCents) })));
    const section = html.slice(html.indexOf('aria-labelledby="pending-heading"'), html.indexOf('aria-labelledby="payments-heading"'));
    expect(textOf(section)).toContain("Only the first 50 are shown.");
  });
});
