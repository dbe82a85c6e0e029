// The payments export (CSV and JSON) streams in pages (keyset on created_at, id) so a firm's whole year fits in the
// Worker's memory. Risks: a page boundary that drops or repeats rows (payments sharing an
// instant straddle it), totals that stop matching the ledger, and a stream that reads
// everything up front anyway. Thousands of payments here, about five pages.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../worker/domain/csv";
import { EXPORT_COLUMNS, exportCsv, exportRows } from "../../worker/domain/payments-export";
import { EXPORT_PAGE_PAYMENTS } from "../../worker/services/staff";
import { openDatabase } from "../../worker/storage/db";
import { listPaymentsForExport } from "../../worker/storage/payment-views-repo";
import { recordSql } from "./sql-recorder";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const PAYMENTS = 2_400;
const START = Date.UTC(2025, 2, 1);
const FROM = "2025-03-01";
const TO = "2025-03-31";

/** The body as sent: Response.text() would drop the byte-order mark. */
async function bodyText(response: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

/** "1234.56" -> 123456, exactly (no floats). */
function plainToCents(text: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

beforeAll(async () => {
  await installAccessJwks();
  const statements: D1PreparedStatement[] = [
    env.DB.prepare("INSERT INTO clients (id, number, name, email, created_at) VALUES (900001, '29000001', 'Núñez, \"Gómez\" & O''Brien LLC', NULL, 0)"),
  ];
  // Each payment pays one to three items of its own; seven payments share each instant, and ids
  // are not in creation order, so only the (created_at, id) key keeps the order stable.
  let itemId = 900_000;
  let allocationId = 900_000;
  for (let i = 0; i < PAYMENTS; i++) {
    const id = `exp-${String((i * 7919) % 10_007).padStart(5, "0")}`;
    const createdAt = START + Math.floor(i / 7) * 60_000;
    const parts = 1 + (i % 3);
    const amounts = Array.from({ length: parts }, (_, k) => 1_000 + ((i * 37 + k * 101) % 90_000));
    const subtotal = amounts.reduce((a, b) => a + b, 0);
    const fee = i % 4 === 0 ? Math.round(subtotal * 0.03) : 0;
    statements.push(
      env.DB.prepare(
        "INSERT INTO payments (id, client_id, status, method, card_funding, subtotal_cents, fee_cents, total_cents, fee_refunded_cents, stripe_payment_intent_id, created_at, updated_at, settled_at) VALUES (?, 900001, 'succeeded', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ).bind(
        id,
        fee ? "card" : "ach",
        fee ? "credit" : null,
        subtotal,
        fee,
        subtotal + fee,
        i % 40 === 0 ? Math.min(fee, 100) : 0,
        `pi_exp${i}`,
        createdAt,
        createdAt,
        createdAt,
      ),
    );
    for (const [k, amount] of amounts.entries()) {
      itemId++;
      allocationId++;
      statements.push(
        env.DB.prepare(
          "INSERT INTO items (id, client_id, kind, invoice_number, item_date, original_cents, delivery, created_at, updated_at) VALUES (?, 900001, ?, ?, '2025-02-01', ?, 'paper', 0, 0)",
        ).bind(itemId, k === 2 ? "late_fee" : "invoice", k === 2 ? String(400_000 + ((itemId - 1) % 100_000)) : String(400_000 + (itemId % 100_000)), amount),
        env.DB.prepare("INSERT INTO payment_allocations (id, payment_id, item_id, amount_cents, reversed_cents) VALUES (?, ?, ?, ?, ?)").bind(
          allocationId,
          id,
          itemId,
          amount,
          i % 50 === 0 && k === 0 ? 500 : 0,
        ),
      );
    }
  }
  for (let i = 0; i < statements.length; i += 500) await env.DB.batch(statements.slice(i, i + 500));
});

async function ledger() {
  const start = Date.parse(`${FROM}T00:00:00Z`);
  const end = Date.parse(`${TO}T00:00:00Z`) + 86_400_000;
  const allocations = await env.DB.prepare(
    "SELECT count(*) AS rows, sum(a.amount_cents) AS applied, sum(a.reversed_cents) AS reversed FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.created_at >= ? AND p.created_at < ?",
  )
    .bind(start, end)
    .first<{ rows: number; applied: number; reversed: number }>();
  const payments = await env.DB.prepare(
    "SELECT count(*) AS n, sum(fee_cents) AS fees, sum(fee_refunded_cents) AS feesRefunded FROM payments WHERE created_at >= ? AND created_at < ?",
  )
    .bind(start, end)
    .first<{ n: number; fees: number; feesRefunded: number }>();
  return { ...allocations!, ...payments!, start, end };
}

describe("the streamed payments export", () => {
  it("adds up to the ledger, row for row, across its pages", async () => {
    const response = await staffFetch(`/staff/api/payments?from=${FROM}&to=${TO}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await bodyText(response);
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(`CSV does not parse at line ${parsed.line}`);
    const [header, ...rows] = parsed.rows;
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const column = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name);
    const sum = (name: (typeof EXPORT_COLUMNS)[number]) => rows.reduce((total, row) => total + plainToCents(row[column(name)]!), 0);

    const expected = await ledger();
    expect(expected.n).toBe(PAYMENTS);
    expect(PAYMENTS).toBeGreaterThan(4 * EXPORT_PAGE_PAYMENTS);
    expect(rows.length).toBe(expected.rows);
    expect(sum("amount_applied")).toBe(expected.applied);
    expect(sum("amount_refunded")).toBe(expected.reversed);
    expect(sum("fee")).toBe(expected.fees);
    expect(sum("fee_refunded")).toBe(expected.feesRefunded);
    expect(new Set(rows.map((row) => row[column("payment_id")])).size).toBe(PAYMENTS);
    // Nothing repeated at a page boundary: each (payment, item) appears once.
    expect(new Set(rows.map((row) => `${row[column("payment_id")]}|${row[column("invoice_number")]}|${row[column("item")]}`)).size).toBe(rows.length);
    // Byte for byte what the export built in one piece would be.
    const whole = exportCsv(exportRows(await listPaymentsForExport(openDatabase(env.DB), expected.start, expected.end)));
    expect(text).toBe(`\uFEFF${whole}`);
  });

  it("streams the JSON export too: the rows and totals of the export built in one piece, across its pages", async () => {
    const response = await staffFetch(`/staff/api/payments?from=${FROM}&to=${TO}&format=json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const body = (await response.json()) as { from: string; to: string; rows: Record<string, string>[]; paymentCount: number; totals: Record<string, string> };
    const expected = await ledger();
    const payments = await listPaymentsForExport(openDatabase(env.DB), expected.start, expected.end);
    expect(PAYMENTS).toBeGreaterThan(4 * EXPORT_PAGE_PAYMENTS);
    expect(body.from).toBe(FROM);
    expect(body.to).toBe(TO);
    expect(body.paymentCount).toBe(PAYMENTS);
    // Row for row (and so nothing dropped or repeated at a page boundary).
    expect(body.rows).toEqual(JSON.parse(JSON.stringify(exportRows(payments))));
    expect(Object.fromEntries(Object.entries(body.totals).map(([key, value]) => [key, plainToCents(value)]))).toEqual({
      amount_applied: expected.applied,
      amount_refunded: expected.reversed,
      fee: expected.fees,
      fee_refunded: expected.feesRefunded,
    });
  });

  it("reads a page only when the reader asks for it", async () => {
    const recorder = recordSql();
    let pageQueries = 0;
    try {
      const response = await staffFetch(`/staff/api/payments?from=${FROM}&to=${TO}`);
      const reader = response.body!.getReader();
      let received = 0;
      while (received < 2) {
        const { done } = await reader.read();
        if (done) break;
        received++;
      }
      await reader.cancel();
      pageQueries = recorder.statements.filter((s) => /from "payment_allocations"/i.test(s.sql)).length;
    } finally {
      recorder.stop();
    }
    // The header and the first page have been read: at most one page ahead, out of five.
    expect(pageQueries).toBeGreaterThanOrEqual(1);
    expect(pageQueries).toBeLessThanOrEqual(2);
  });

  it("streams an empty range as just the header, and records the export", async () => {
    const response = await staffFetch("/staff/api/payments?from=2019-01-01&to=2019-01-31", { email: "controller@alvarezwhitman.example" });
    expect(await bodyText(response)).toBe(`\uFEFF${EXPORT_COLUMNS.join(",")}\r\n`);
    const action = await env.DB.prepare("SELECT email, target, details FROM staff_actions WHERE action = 'export_payments' ORDER BY id DESC").first<{
      email: string;
      target: string;
      details: string;
    }>();
    expect(action).toMatchObject({ email: "controller@alvarezwhitman.example", target: "2019-01-01..2019-01-31" });
    expect(JSON.parse(action!.details)).toEqual({ format: "csv", streamed: true });
  });
});
