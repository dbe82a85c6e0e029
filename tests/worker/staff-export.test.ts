// The payments export against the ledger: real payments through the portal and the Stripe
// emulator (a credit card with its fee and a partial refund, a debit card, a pending ACH), then
// every exported column is summed and compared, to the cent, with what D1 holds.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../worker/domain/csv";
import { EXPORT_COLUMNS } from "../../worker/domain/payments-export";
import { openDatabase } from "../../worker/storage/db";
import { insertOfflinePaymentIfAbsent } from "../../worker/storage/import-repo";
import { seedDemoData } from "./helpers";
import { confirmAndFollow, enterDetails, openReview, paymentRow, selectAndChoose, signedInBrowser } from "./payment-flow";
import { BANK, CARDS, bankToken, cardToken, deliverWebhook, eventsFor, refund } from "./stripe-helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

const today = new Date().toISOString().slice(0, 10);
const FROM = "2026-01-01";
let creditPaymentId = "";
let injectionPaymentId = "";

async function pay(amounts: Record<string, string>, method: "ach" | "card", token: string, invoice = "413955", total = "15,308.81") {
  const browser = await signedInBrowser(invoice, total);
  await selectAndChoose(browser, amounts, method, invoice === "414120" ? "20993410" : "20481736");
  await enterDetails(browser, token);
  const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
  return paymentId;
}

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
  creditPaymentId = await pay({ "413018": "4,450.00", "fee:411872": "786.76" }, "card", await cardToken(CARDS.visaCredit));
  const intent = String((await paymentRow(creditPaymentId))!.stripe_payment_intent_id);
  await refund(intent, 50_000);
  for (const event of await eventsFor(intent)) await deliverWebhook(event);
  await pay({ "412690": "1,000.00" }, "card", await cardToken(CARDS.visaDebit));
  await pay({ "414120": "3,150.00" }, "ach", await bankToken(BANK.settles), "414120", "3,150.00");

  // A client whose name a spreadsheet would run as a formula, paid by check.
  const imported = await staffFetch("/staff/api/invoices", {
    method: "PUT",
    json: [
      {
        record_type: "invoice",
        client_number: "20666001",
        client_name: '=HYPERLINK("http://evil.example","Click"), Inc',
        invoice_number: "416001",
        date: "2026-11-10",
        amount: "500.00",
        delivery: "paper",
      },
    ],
  });
  expect(imported.status).toBe(200);
  const ids = await env.DB.prepare("SELECT items.id AS item, items.client_id AS client FROM items WHERE invoice_number = '416001'").first<{
    item: number;
    client: number;
  }>();
  injectionPaymentId = "test-check-416001";
  await insertOfflinePaymentIfAbsent(openDatabase(env.DB), {
    id: injectionPaymentId,
    clientId: ids!.client,
    method: "check",
    receivedAt: Date.now(),
    allocations: [{ itemId: ids!.item, amountCents: 50_000 }],
  });
});

/** What D1 holds for payments created in [from, to]: the figures the export must add up to. */
async function ledgerTotals(from: string, to: string) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  const allocations = await env.DB.prepare(
    `SELECT count(*) AS rows, coalesce(sum(a.amount_cents), 0) AS applied, coalesce(sum(a.reversed_cents), 0) AS reversed
     FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.created_at >= ? AND p.created_at < ?`,
  )
    .bind(start, end)
    .first<{ rows: number; applied: number; reversed: number }>();
  const payments = await env.DB.prepare(
    "SELECT count(*) AS n, coalesce(sum(fee_cents), 0) AS fees, coalesce(sum(fee_refunded_cents), 0) AS fees_refunded FROM payments WHERE created_at >= ? AND created_at < ?",
  )
    .bind(start, end)
    .first<{ n: number; fees: number; fees_refunded: number }>();
  return { ...allocations!, ...payments! };
}

/** "1234.50" -> 123450, exactly. */
function cents(text: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an amount with two decimals: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

async function csvExport(from: string, to: string) {
  const response = await staffFetch(`/staff/api/payments?from=${from}&to=${to}&format=csv`);
  const text = await response.text();
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`bad CSV: ${parsed.error} at ${parsed.line}`);
  const [header, ...rows] = parsed.rows;
  return { response, text, header: header!, rows: rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]!]))) };
}

describe("the export reconciles with the ledger to the cent", () => {
  it("CSV: one row per allocation; amounts, refunds and fees add up to D1's", async () => {
    const { response, header, rows } = await csvExport(FROM, today);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="payments-${FROM}-to-${today}.csv"`);
    expect(header).toEqual([...EXPORT_COLUMNS]);

    const ledger = await ledgerTotals(FROM, today);
    const sum = (column: string) => rows.reduce((total, row) => total + cents(row[column]!), 0);
    expect(rows).toHaveLength(ledger.rows);
    expect(sum("amount_applied")).toBe(ledger.applied);
    expect(sum("amount_refunded")).toBe(ledger.reversed);
    expect(sum("fee")).toBe(ledger.fees);
    expect(sum("fee_refunded")).toBe(ledger.fees_refunded);
    expect(new Set(rows.map((row) => row.payment_id)).size).toBe(ledger.n);
    // Sanity: the test made a fee and a refund to reconcile.
    expect(ledger.fees).toBeGreaterThan(0);
    expect(ledger.reversed).toBeGreaterThan(0);
  });

  it("shows each payment's details: the credit card's fee once, its refund split over its items", async () => {
    const { rows } = await csvExport(FROM, today);
    const credit = rows.filter((row) => row.payment_id === creditPaymentId);
    const payment = (await paymentRow(creditPaymentId))!;
    expect(credit.map((row) => [row.invoice_number, row.item, row.amount_applied]).sort()).toEqual([
      ["411872", "late_fee", "786.76"],
      ["413018", "invoice", "4450.00"],
    ]);
    // The fee and its refund once, on the payment's first row.
    expect(credit.map((row) => row.fee)).toEqual(["157.10", "0.00"]);
    expect(credit.map((row) => row.fee_refunded)).toEqual(["14.56", "0.00"]);
    expect(credit[0]).toMatchObject({
      date: today,
      client_number: "20481736",
      client_name: "Brickell Bay Holdings LLC",
      method: "card",
      card_funding: "credit",
      status: "succeeded",
      stripe_reference: payment.stripe_payment_intent_id,
    });
    // $500 back on $5,393.86: $14.56 of it fee, the rest split over the two items.
    expect(cents(credit[0]!.amount_refunded!) + cents(credit[1]!.amount_refunded!) + 1_456).toBe(50_000);

    const ach = rows.find((row) => row.invoice_number === "414120")!;
    expect(ach).toMatchObject({ method: "ach", status: "processing", fee: "0.00", settled_date: "", card_funding: "" });
    const debit = rows.find((row) => row.invoice_number === "412690" && row.method === "card")!;
    expect(debit).toMatchObject({ card_funding: "debit", fee: "0.00", amount_applied: "1000.00" });
    const check = rows.find((row) => row.payment_id === "demo-check-410950")!;
    expect(check).toMatchObject({ date: "2026-02-27", settled_date: "2026-02-27", method: "check", amount_applied: "6300.00", stripe_reference: "" });
  });

  it("JSON: the same rows, with totals equal to the ledger's", async () => {
    const response = await staffFetch(`/staff/api/payments?from=${FROM}&to=${today}&format=json`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rows: Record<string, string>[]; totals: Record<string, string>; paymentCount: number };
    const ledger = await ledgerTotals(FROM, today);
    expect(body.paymentCount).toBe(ledger.n);
    // The same rows as the CSV, which differs only by the apostrophe that disarms a formula (in any
    // cell: a name, or a random payment id that happens to start with "-").
    const csvRows = (await csvExport(FROM, today)).rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value!.replace(/^'(?=[=+\-@])/, "")])),
    );
    expect(body.rows).toEqual(csvRows);
    expect(body.totals).toEqual({
      amount_applied: (ledger.applied / 100).toFixed(2),
      amount_refunded: (ledger.reversed / 100).toFixed(2),
      fee: (ledger.fees / 100).toFixed(2),
      fee_refunded: (ledger.fees_refunded / 100).toFixed(2),
    });
  });

  it("honours the date range: February holds only the demo's check", async () => {
    const { rows } = await csvExport("2026-02-01", "2026-02-28");
    expect(rows.map((row) => row.payment_id)).toEqual(["demo-check-410950"]);
    const ledger = await ledgerTotals("2026-02-01", "2026-02-28");
    expect(ledger.rows).toBe(1);
  });
});

describe("the CSV is safe in a spreadsheet", () => {
  it("neutralises a formula and quotes commas and quotes", async () => {
    const { response, text, rows } = await csvExport(FROM, today);
    expect(text.startsWith("date,settled_date,")).toBe(true);
    // A UTF-8 byte-order mark first, for spreadsheets (text() drops it, so look at the bytes).
    const bytes = new Uint8Array(await (await staffFetch(`/staff/api/payments?from=${FROM}&to=${today}&format=csv`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.status).toBe(200);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""Click""), Inc"');
    expect(text.split("\r\n").every((line) => !line.startsWith("="))).toBe(true);
    expect(rows.find((row) => row.payment_id === injectionPaymentId)?.client_name).toBe('\'=HYPERLINK("http://evil.example","Click"), Inc');
  });
});

describe("requests", () => {
  it.each([
    ["no dates", ""],
    ["a reversed range", "from=2026-12-01&to=2026-11-01"],
    ["an impossible date", "from=2026-02-30&to=2026-03-01"],
    ["US-style dates", "from=11/01/2026&to=11/30/2026"],
  ])("refuses %s", async (_case, query) => {
    const response = await staffFetch(`/staff/api/payments?${query}&format=csv`);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: "validation" });
  });

  it("refuses an unknown format", async () => {
    expect((await staffFetch(`/staff/api/payments?from=${FROM}&to=${today}&format=xlsx`)).status).toBe(422);
  });

  it("records each export as a staff action", async () => {
    await staffFetch(`/staff/api/payments?from=2026-03-01&to=2026-03-31&format=json`, { email: "controller@alvarezwhitman.example" });
    const action = await env.DB.prepare("SELECT email, target, details FROM staff_actions WHERE action = 'export_payments' ORDER BY id DESC").first<{
      email: string;
      target: string;
      details: string;
    }>();
    expect(action).toMatchObject({ email: "controller@alvarezwhitman.example", target: "2026-03-01..2026-03-31" });
    // Streamed, like the CSV: recorded when it starts, before its size is known.
    expect(JSON.parse(action!.details)).toEqual({ format: "json", streamed: true });
  });
});
