// Invoice import through the staff API: good batches load, bad ones are refused whole with a
// per-row report, repeats change nothing, and the ledger of an invoice with payments is kept.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_IMPORT_ROWS, type RawImportRow } from "../../worker/domain/import";
import { TestBrowser, seedDemoData, textOf } from "./helpers";
import { installAccessJwks, staffFetch, STAFF_EMAIL } from "./staff-helpers";

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
});

const BAKERY: RawImportRow[] = [
  {
    record_type: "invoice",
    client_number: "20555001",
    client_name: "Little Havana Bakery LLC",
    client_email: "books@lhbakery.example",
    invoice_number: "415001",
    date: "2026-11-02",
    amount: "2,400.00",
    delivery: "electronic",
    pdf_file: "",
  },
  {
    record_type: "invoice",
    client_number: "20555001",
    client_name: "Little Havana Bakery LLC",
    client_email: "",
    invoice_number: "415002",
    date: "11/20/2026",
    amount: "1180.5",
    delivery: "paper",
    pdf_file: "",
  },
  {
    record_type: "late_fee",
    client_number: "20555001",
    client_name: "",
    client_email: "",
    invoice_number: "415001",
    date: "12/02/2026",
    amount: 36,
    delivery: "",
    pdf_file: "",
  },
];

interface ReportJson {
  ok: boolean;
  counts: { created: number; updated: number; unchanged: number };
  fileErrors: { code: string; message: string }[];
  rows: { row: number; outcome?: string; errors?: { field: string | null; code: string; message: string }[] }[];
}

async function importRows(rows: unknown, email?: string): Promise<{ status: number; report: ReportJson }> {
  const response = await staffFetch("/staff/api/invoices", { method: "PUT", json: { rows }, email });
  return { status: response.status, report: (await response.json()) as ReportJson };
}

async function snapshot() {
  const clients = await env.DB.prepare("SELECT * FROM clients ORDER BY id").all();
  const items = await env.DB.prepare("SELECT * FROM items ORDER BY id").all();
  return { clients: clients.results, items: items.results };
}

describe("a good file", () => {
  it("creates the client, its invoices and late fee, which the portal then shows", async () => {
    const { status, report } = await importRows(BAKERY, "maria@alvarezwhitman.example");
    expect(status).toBe(200);
    expect(report).toMatchObject({ ok: true, counts: { created: 3, updated: 0, unchanged: 0 }, fileErrors: [] });
    expect(report.rows).toEqual([
      { row: 1, outcome: "created" },
      { row: 2, outcome: "created" },
      { row: 3, outcome: "created" },
    ]);
    const client = await env.DB.prepare("SELECT name, email FROM clients WHERE number = '20555001'").first();
    expect(client).toEqual({ name: "Little Havana Bakery LLC", email: "books@lhbakery.example" });
    const items = await env.DB.prepare(
      "SELECT kind, invoice_number, item_date, original_cents, delivery FROM items WHERE invoice_number IN ('415001', '415002') ORDER BY id",
    ).all();
    expect(items.results).toEqual([
      { kind: "invoice", invoice_number: "415001", item_date: "2026-11-02", original_cents: 240_000, delivery: "electronic" },
      { kind: "invoice", invoice_number: "415002", item_date: "2026-11-20", original_cents: 118_050, delivery: "paper" },
      { kind: "late_fee", invoice_number: "415001", item_date: "2026-12-02", original_cents: 3_600, delivery: null },
    ]);

    const browser = new TestBrowser("203.0.113.90");
    await browser.signIn("415002", "1,180.50");
    const text = textOf(await (await browser.get("/portal")).text());
    expect(text).toContain("Little Havana Bakery LLC");
    expect(text).toContain("$3,616.50");

    const action = await env.DB.prepare("SELECT email, details FROM staff_actions WHERE action = 'import_invoices' ORDER BY id DESC").first<{
      email: string;
      details: string;
    }>();
    expect(action?.email).toBe("maria@alvarezwhitman.example");
    expect(JSON.parse(action!.details)).toMatchObject({ source: "api", rows: 3, created: 3 });
  });

  it("imported again, changes nothing at all", async () => {
    const before = await snapshot();
    const { status, report } = await importRows(BAKERY);
    expect(status).toBe(200);
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
  });

  it("updates what changed, keeping ids (an invoice without payments may change its total)", async () => {
    const id = await env.DB.prepare("SELECT id FROM items WHERE kind = 'invoice' AND invoice_number = '415002'").first<{ id: number }>();
    const changed = BAKERY.map((row) => (row.invoice_number === "415002" && row.record_type === "invoice" ? { ...row, amount: "1,280.50" } : row));
    const { report } = await importRows(changed);
    expect(report.counts).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(report.rows[1]).toEqual({ row: 2, outcome: "updated" });
    const after = await env.DB.prepare("SELECT id, original_cents FROM items WHERE kind = 'invoice' AND invoice_number = '415002'").first();
    expect(after).toEqual({ id: id!.id, original_cents: 128_050 });
    await importRows(BAKERY);
  });

  it("a new email on file updates the client; an empty one keeps it", async () => {
    const { report } = await importRows([{ ...BAKERY[0], client_email: "ap@lhbakery.example" }]);
    expect(report.rows[0]).toEqual({ row: 1, outcome: "updated" });
    const { report: again } = await importRows([{ ...BAKERY[0], client_email: "" }]);
    expect(again.rows[0]).toEqual({ row: 1, outcome: "unchanged" });
    expect((await env.DB.prepare("SELECT email FROM clients WHERE number = '20555001'").first())?.email).toBe("ap@lhbakery.example");
  });

  it("accepts a bare JSON array, and a late fee for an invoice already in the portal", async () => {
    const response = await staffFetch("/staff/api/invoices", {
      method: "PUT",
      json: [{ record_type: "late_fee", client_number: "20481736", invoice_number: "412690", date: "2026-10-30", amount: "182.50" }],
    });
    expect(response.status).toBe(200);
  });
});

describe("a bad file is refused whole, with a report per row", () => {
  it("writes nothing when one row of many is bad", async () => {
    const before = await snapshot();
    const rows = [
      {
        record_type: "invoice",
        client_number: "20555002",
        client_name: "Wynwood Print Shop",
        invoice_number: "415101",
        date: "2026-11-03",
        amount: "950.00",
        delivery: "electronic",
      },
      {
        record_type: "invoice",
        client_number: "20555002",
        client_name: "Wynwood Print Shop",
        invoice_number: "415102",
        date: "2026-02-30",
        amount: "12.345",
        delivery: "email",
      },
      {
        record_type: "invoice",
        client_number: "20555002",
        client_name: "Wynwood Print Shop",
        invoice_number: "415103",
        date: "2026-11-03",
        amount: "100.00",
        delivery: "paper",
      },
    ];
    const { status, report } = await importRows(rows);
    expect(status).toBe(422);
    expect(report.ok).toBe(false);
    expect(report.rows).toEqual([
      {
        row: 2,
        errors: [
          { field: "date", code: "date_invalid", message: "date must be a real date, as MM/DD/YYYY or YYYY-MM-DD." },
          { field: "amount", code: "amount_invalid", message: "amount must be an amount such as 1,234.56 (at most two decimals, not negative)." },
          { field: "delivery", code: "delivery_invalid", message: "delivery must be electronic or paper for an invoice." },
        ],
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  const base = {
    record_type: "invoice",
    client_number: "20555003",
    client_name: "Brickell Key Yoga",
    client_email: "",
    invoice_number: "415201",
    date: "2026-11-05",
    amount: "300.00",
    delivery: "electronic",
    pdf_file: "",
  };
  it.each<[string, RawImportRow[], { row: number; code: string }[]]>([
    ["an unknown record type", [{ ...base, record_type: "credit" }], [{ row: 1, code: "record_type_invalid" }]],
    ["a client number typed as an invoice number", [{ ...base, client_number: "415201" }], [{ row: 1, code: "client_number_invalid" }]],
    ["an invoice number typed as a client number", [{ ...base, invoice_number: "20555003" }], [{ row: 1, code: "invoice_number_invalid" }]],
    ["a new client without a name", [{ ...base, client_name: "" }], [{ row: 1, code: "client_name_missing" }]],
    [
      "two names for one client",
      [base, { ...base, invoice_number: "415202", client_name: "Brickell Key Yoga Studio" }],
      [{ row: 2, code: "client_name_conflict" }],
    ],
    ["a bad email", [{ ...base, client_email: "yoga at example" }], [{ row: 1, code: "client_email_invalid" }]],
    ["a negative amount", [{ ...base, amount: "-300.00" }], [{ row: 1, code: "amount_invalid" }]],
    ["a zero amount", [{ ...base, amount: "0.00" }], [{ row: 1, code: "amount_zero" }]],
    ["an amount that is not text or a number", [{ ...base, amount: { value: 300 } }], [{ row: 1, code: "not_text" }]],
    ["a date in day/month order", [{ ...base, date: "25/11/2026" }], [{ row: 1, code: "date_invalid" }]],
    ["the same invoice twice", [base, { ...base }], [{ row: 2, code: "duplicate_invoice" }]],
    [
      "the same late fee twice",
      [base, { ...base, record_type: "late_fee", delivery: "", amount: "10" }, { ...base, record_type: "late_fee", delivery: "", amount: "10" }],
      [{ row: 3, code: "duplicate_late_fee" }],
    ],
    ["a late fee with a delivery", [base, { ...base, record_type: "late_fee", amount: "10" }], [{ row: 2, code: "delivery_not_allowed" }]],
    [
      "a late fee on an invoice nobody has",
      [{ ...base, record_type: "late_fee", delivery: "", invoice_number: "499999" }],
      [{ row: 1, code: "late_fee_unknown_invoice" }],
    ],
    ["a PDF for a paper invoice", [{ ...base, delivery: "paper", pdf_file: "415201.pdf" }], [{ row: 1, code: "pdf_file_not_allowed" }]],
    ["a PDF path outside the folder", [{ ...base, pdf_file: "../secrets.pdf" }], [{ row: 1, code: "pdf_file_invalid" }]],
    ["another client's invoice", [{ ...base, invoice_number: "413955", amount: "15,308.81" }], [{ row: 1, code: "invoice_other_client" }]],
    [
      "a late fee charged to another client's invoice",
      [{ ...base, record_type: "late_fee", delivery: "", invoice_number: "414120", amount: "10" }],
      [{ row: 1, code: "invoice_other_client" }],
    ],
  ])("%s", async (_case, rows, expected) => {
    const before = await snapshot();
    const { status, report } = await importRows(rows);
    expect(status).toBe(422);
    expect(report.rows.flatMap((r) => r.errors!.map((e) => ({ row: r.row, code: e.code })))).toEqual(expected);
    expect(report.rows.every((r) => r.errors!.every((e) => e.message.length > 10))).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it("says so for an empty batch, too many rows, or something that is not a batch", async () => {
    expect((await importRows([])).report.fileErrors).toEqual([{ code: "no_rows", message: "The file has no rows." }]);
    // As CSV: that many rows as JSON would pass the import's body limit.
    const line = "invoice,20555001,,,416000,2026-01-01,1,paper,";
    const csv = `record_type,client_number,client_name,client_email,invoice_number,date,amount,delivery,pdf_file\n${`${line}\n`.repeat(MAX_IMPORT_ROWS + 1)}`;
    const tooMany = await staffFetch("/staff/api/invoices", { method: "PUT", body: csv, headers: { "Content-Type": "text/csv" } });
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as ReportJson).fileErrors[0]?.code).toBe("too_many_rows");
    expect((await staffFetch("/staff/api/invoices", { method: "PUT", body: "{not json", headers: { "Content-Type": "application/json" } })).status).toBe(400);
    expect((await staffFetch("/staff/api/invoices", { method: "PUT", json: { rows: ["a,b,c"] } })).status).toBe(400);
  });

  it("explains in Spanish for a Spanish client of the API", async () => {
    const response = await staffFetch("/staff/api/invoices", {
      method: "PUT",
      json: { rows: [{ ...base, amount: "0" }] },
      headers: { "Accept-Language": "es" },
    });
    const report = (await response.json()) as ReportJson;
    expect(report.rows[0]!.errors![0]!.message).toBe("amount debe ser mayor que 0.00.");
  });
});

describe("an invoice with payments keeps its ledger", () => {
  // 410950 was paid in full by check (a demo prior payment); 411872 in part.
  const paid = {
    record_type: "invoice",
    client_number: "20481736",
    client_name: "Brickell Bay Holdings LLC",
    invoice_number: "410950",
    date: "2026-01-30",
    amount: "6,300.00",
    delivery: "electronic",
  };

  it("refuses a new original total for that row, and the whole file with it", async () => {
    const before = await snapshot();
    const { status, report } = await importRows([
      { ...paid, invoice_number: "411872", date: "2026-03-31", amount: "14,200.00" },
      { ...paid, amount: "6,000.00" },
    ]);
    expect(status).toBe(422);
    expect(report.rows).toEqual([
      { row: 2, errors: [{ field: "amount", code: "total_change_has_payments", message: expect.stringContaining("can't be changed") }] },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts the same total with other details, and keeps the item and its allocations", async () => {
    const item = await env.DB.prepare("SELECT id FROM items WHERE kind = 'invoice' AND invoice_number = '410950'").first<{ id: number }>();
    const { status, report } = await importRows([{ ...paid, date: "01/31/2026" }]);
    expect(status).toBe(200);
    expect(report.rows).toEqual([{ row: 1, outcome: "updated" }]);
    const after = await env.DB.prepare("SELECT id, item_date, original_cents FROM items WHERE kind = 'invoice' AND invoice_number = '410950'").first();
    expect(after).toEqual({ id: item!.id, item_date: "2026-01-31", original_cents: 630_000 });
    const allocations = await env.DB.prepare("SELECT amount_cents FROM payment_allocations WHERE item_id = ?").bind(item!.id).all();
    expect(allocations.results).toEqual([{ amount_cents: 630_000 }]);
  });
});

describe("PDF upload", () => {
  const pdf = (text: string) => `%PDF-1.7\n% ${text}\n%%EOF\n`;
  const upload = (number: string, body: string, type = "application/pdf") =>
    staffFetch(`/staff/api/invoices/${number}/pdf`, { method: "PUT", body, headers: { "Content-Type": type } });

  it("stores an electronic invoice's PDF, which the client can then open; the same bytes change nothing", async () => {
    const first = await upload("415001", pdf("bakery invoice"));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ invoiceNumber: "415001", pdf: "written" });
    expect(await (await upload("415001", pdf("bakery invoice"))).json()).toEqual({ invoiceNumber: "415001", pdf: "unchanged" });

    const browser = new TestBrowser("203.0.113.91");
    await browser.signIn("415001", "2,400.00");
    const response = await browser.get("/portal/invoices/415001.pdf");
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(await response.arrayBuffer())).toContain("bakery invoice");
    const action = await env.DB.prepare("SELECT email, target FROM staff_actions WHERE action = 'upload_pdf'").first();
    expect(action).toEqual({ email: STAFF_EMAIL, target: "415001" });
  });

  it.each([
    ["not a PDF", "415001", "<html>hello</html>", "application/pdf", 422],
    ["the wrong content type", "415001", "%PDF-1.7", "text/plain", 415],
    ["a paper invoice", "415002", "%PDF-1.7", "application/pdf", 409],
    ["an unknown invoice", "499999", "%PDF-1.7", "application/pdf", 404],
    ["a malformed number", "4150011", "%PDF-1.7", "application/pdf", 404],
  ])("refuses %s", async (_case, number, body, type, status) => {
    expect((await upload(number, body, type)).status).toBe(status);
  });
});
