import { describe, expect, it } from "vitest";
import {
  checkHeader,
  checkRowFormat,
  importRowsFromCsv,
  isPdfFileName,
  lateFeeKey,
  parseImportDate,
  planImport,
  type ImportContext,
  type RawImportRow,
} from "../../worker/domain/import";

const empty: ImportContext = { clients: new Map(), invoices: new Map(), lateFees: new Map() };
const known: ImportContext = {
  clients: new Map([["20481736", { name: "Brickell Bay Holdings LLC", email: "ap@brickellbay.example" }]]),
  invoices: new Map([
    [
      "410950",
      { clientNumber: "20481736", itemDate: "2026-01-30", originalCents: 630_000, delivery: "electronic", pdfKey: "invoices/410950.pdf", hasPayments: true },
    ],
    [
      "411872",
      { clientNumber: "20481736", itemDate: "2026-03-31", originalCents: 1_420_000, delivery: "electronic", pdfKey: "invoices/411872.pdf", hasPayments: true },
    ],
    ["413955", { clientNumber: "20481736", itemDate: "2026-10-30", originalCents: 1_530_881, delivery: "electronic", pdfKey: null, hasPayments: false }],
  ]),
  lateFees: new Map([[lateFeeKey("411872", "2026-09-30"), { clientNumber: "20481736", itemDate: "2026-09-30", originalCents: 78_676, hasPayments: true }]]),
};
const invoice = (over: RawImportRow = {}): RawImportRow => ({
  record_type: "invoice",
  client_number: "20481736",
  invoice_number: "413955",
  date: "2026-10-30",
  amount: "15,308.81",
  delivery: "electronic",
  ...over,
});
const rows = (...values: RawImportRow[]) => values.map((value, i) => ({ row: i + 1, value }));

describe("dates", () => {
  it.each([
    ["2026-11-14", "2026-11-14"],
    ["11/14/2026", "2026-11-14"],
    ["1/5/2026", "2026-01-05"],
    ["02/29/2028", "2028-02-29"],
    ["02/29/2026", null],
    ["14/11/2026", null],
    ["2026-11-31", null],
    ["2026/11/14", null],
    ["Nov 14 2026", null],
    ["", null],
  ])("%j -> %j", (text, iso) => {
    expect(parseImportDate(text)).toBe(iso);
  });
});

describe("one row on its own", () => {
  it("reads text and numbers, trims, and lower-cases the enumerations", () => {
    expect(
      checkRowFormat({ ...invoice({ amount: 15308.81, record_type: " Invoice ", delivery: "ELECTRONIC", client_name: "  Brickell   Bay  " }) }, 7),
    ).toEqual({
      ok: true,
      value: {
        row: 7,
        kind: "invoice",
        clientNumber: "20481736",
        clientName: "Brickell Bay",
        clientEmail: null,
        invoiceNumber: "413955",
        itemDate: "2026-10-30",
        originalCents: 1_530_881,
        delivery: "electronic",
        pdfFile: null,
      },
    });
  });

  it.each<[RawImportRow, string[]]>([
    [invoice({ record_type: "" }), ["record_type_invalid"]],
    [invoice({ client_number: "2048173" }), ["client_number_invalid"]],
    [invoice({ invoice_number: "513955" }), ["invoice_number_invalid"]],
    [invoice({ amount: "15.308,81" }), ["amount_invalid"]],
    [invoice({ amount: "0" }), ["amount_zero"]],
    [invoice({ amount: true }), ["not_text"]],
    [invoice({ client_name: { first: "Brickell" } }), ["not_text"]],
    [invoice({ delivery: "" }), ["delivery_invalid"]],
    [invoice({ record_type: "late_fee" }), ["delivery_not_allowed"]],
    [invoice({ client_email: "not-an-email" }), ["client_email_invalid"]],
    [invoice({ client_name: "x".repeat(201) }), ["client_name_too_long"]],
    [invoice({ pdf_file: "a/b.pdf" }), ["pdf_file_invalid"]],
    [invoice({ pdf_file: "413955.txt" }), ["pdf_file_invalid"]],
    [invoice({ delivery: "paper", pdf_file: "413955.pdf" }), ["pdf_file_not_allowed"]],
    [{}, ["record_type_invalid", "client_number_invalid", "invoice_number_invalid", "date_invalid", "amount_invalid"]],
  ])("%j is refused with %j", (raw, codes) => {
    const checked = checkRowFormat(raw, 1);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.code)).toEqual(codes);
  });

  it.each([
    ["413955.pdf", true],
    ["Invoice 413955 (final).pdf", false],
    ["Invoice 413955 final.PDF", true],
    ["../413955.pdf", false],
    [".hidden.pdf", false],
    ["413955.pdf.exe", false],
  ])("file name %j: %s", (name, ok) => {
    expect(isPdfFileName(name)).toBe(ok);
  });
});

describe("a batch against D1", () => {
  it("plans creates, updates and no-ops; the same data again is all no-ops", () => {
    const plan = planImport(
      rows(
        invoice(),
        invoice({
          invoice_number: "415001",
          client_number: "20555001",
          client_name: "Little Havana Bakery LLC",
          date: "11/02/2026",
          amount: "2400",
          delivery: "paper",
        }),
        { record_type: "late_fee", client_number: "20481736", invoice_number: "411872", date: "09/30/2026", amount: "786.76" },
        { record_type: "late_fee", client_number: "20555001", invoice_number: "415001", date: "2026-12-02", amount: "36" },
      ),
      known,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect([...plan.outcomes]).toEqual([
      [1, "unchanged"],
      [2, "created"],
      [3, "unchanged"],
      [4, "created"],
    ]);
    expect(plan.plan.clients).toEqual([
      { number: "20481736", name: "Brickell Bay Holdings LLC", email: "ap@brickellbay.example", change: "none" },
      { number: "20555001", name: "Little Havana Bakery LLC", email: null, change: "create" },
    ]);
    expect(plan.plan.items.map((i) => i.change)).toEqual(["none", "create", "none", "create"]);
  });

  it("a changed total on an item with payments is refused; without payments it is an update", () => {
    const refused = planImport(
      rows(invoice({ invoice_number: "410950", date: "2026-01-30", amount: "6,000.00" }), {
        record_type: "late_fee",
        client_number: "20481736",
        invoice_number: "411872",
        date: "2026-09-30",
        amount: "700",
      }),
      known,
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect([...refused.errors]).toEqual([
        [1, [{ field: "amount", code: "total_change_has_payments" }]],
        [2, [{ field: "amount", code: "total_change_has_payments" }]],
      ]);
    const updated = planImport(rows(invoice({ amount: "15,000.00" })), known);
    expect(updated.ok && [...updated.outcomes]).toEqual([[1, "updated"]]);
  });

  it("a client's new name counts as an update on its first row only", () => {
    const plan = planImport(
      rows(
        invoice({ client_name: "Brickell Bay Holdings, LLC" }),
        invoice({ invoice_number: "410950", date: "2026-01-30", amount: "6300", client_name: "Brickell Bay Holdings, LLC" }),
      ),
      known,
    );
    expect(plan.ok && [...plan.outcomes]).toEqual([
      [1, "updated"],
      [2, "unchanged"],
    ]);
  });

  it("checks PDFs the CLI found next to the file, and plans their keys", () => {
    const status = new Map([
      ["413955.pdf", "ok" as const],
      ["bad.pdf", "not_pdf" as const],
    ]);
    const refused = planImport(
      rows(invoice({ pdf_file: "bad.pdf" }), invoice({ invoice_number: "410950", date: "2026-01-30", amount: "6300", pdf_file: "gone.pdf" })),
      known,
      { pdfStatus: status },
    );
    expect(!refused.ok && [...refused.errors].map(([row, e]) => [row, e[0]!.code])).toEqual([
      [1, "pdf_file_not_pdf"],
      [2, "pdf_file_missing"],
    ]);
    const planned = planImport(rows(invoice({ pdf_file: "413955.pdf" })), known, { pdfStatus: status, pdfKeyFor: (n) => `invoices/${n}.pdf` });
    expect(planned.ok && planned.plan.items[0]).toMatchObject({ pdfKey: "invoices/413955.pdf", change: "update" });
  });

  it("needs a name for a client it does not know, from any row", () => {
    const missing = planImport(rows(invoice({ client_number: "20555009", invoice_number: "415900" })), empty);
    expect(!missing.ok && [...missing.errors]).toEqual([[1, [{ field: "client_name", code: "client_name_missing" }]]]);
    const named = planImport(
      rows(
        invoice({ client_number: "20555009", invoice_number: "415900" }),
        invoice({ client_number: "20555009", invoice_number: "415901", client_name: "Named Later" }),
      ),
      empty,
    );
    expect(named.ok).toBe(true);
  });
});

describe("CSV header", () => {
  it("accepts the documented columns in any order, without the optional ones", () => {
    expect(checkHeader(["Invoice_Number", "record_type", "client_number", "date", "amount"])).toEqual({
      ok: true,
      columns: ["invoice_number", "record_type", "client_number", "date", "amount"],
    });
  });

  it.each<[string[], string, string]>([
    [["record_type", "client_number", "invoice_number", "date"], "missing_column", "amount"],
    [["record_type", "client_number", "invoice_number", "date", "amount", "balance"], "unknown_column", "balance"],
    [["record_type", "record_type", "client_number", "invoice_number", "date", "amount"], "unknown_column", "record_type"],
  ])("refuses %j", (header, code, column) => {
    expect(checkHeader(header)).toEqual({ ok: false, code, column });
  });
});

describe("importRowsFromCsv", () => {
  it("names each row by its place after the header, whatever the column order", () => {
    const parsed = importRowsFromCsv(
      "amount,record_type,client_number,invoice_number,date\r\n1.00,invoice,20481736,413955,2026-01-01\r\n2.00,late_fee,20481736,413955,2026-02-01\r\n",
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { row: 1, value: { amount: "1.00", record_type: "invoice", client_number: "20481736", invoice_number: "413955", date: "2026-01-01" } },
        { row: 2, value: { amount: "2.00", record_type: "late_fee", client_number: "20481736", invoice_number: "413955", date: "2026-02-01" } },
      ],
    });
  });

  it.each([
    ["", { code: "no_rows" }],
    ["record_type,total\n", { code: "unknown_column", column: "total" }],
    ["record_type,client_number,invoice_number,date\n", { code: "missing_column", column: "amount" }],
    ['record_type,client_number,invoice_number,date,amount\ninvoice,"2048"1,413955,2026-01-01,1.00\n', { code: "csv_malformed", line: 2 }],
  ])("refuses %j: %j", (text, error) => {
    expect(importRowsFromCsv(text)).toEqual({ ok: false, error });
  });
});
