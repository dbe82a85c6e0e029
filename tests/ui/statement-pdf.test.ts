// The statement as a PDF: laid out from the text document, paginated, in the client's language.
import { env } from "cloudflare:workers";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { translator } from "../../ui/i18n";
import { renderTextDocumentPdf } from "../../ui/receipt-pdf";
import { statementDocument } from "../../ui/statement-document";
import type { DocBlock } from "../../ui/text-document";
import { withBalances, type PayableItem } from "../../worker/domain/items";
import { buildStatement } from "../../worker/domain/statement";

function statementOf(itemCount: number) {
  const items: PayableItem[] = Array.from({ length: itemCount }, (_, i) => ({
    id: i + 1,
    kind: i % 5 === 4 ? "late_fee" : "invoice",
    invoiceNumber: String(410_000 + i),
    itemDate: `2026-${String(1 + (i % 11)).padStart(2, "0")}-15`,
    originalCents: 100_000 + i * 1234,
    delivery: null,
    hasPdf: false,
  }));
  return buildStatement({ items: withBalances(items, []), payments: [], allocations: [], today: "2026-12-01" });
}

describe("statement PDF", () => {
  // Page counts of the project's text-document writer (ui/pdf): Noto Sans, 11 pt body, US Letter.
  it.each([
    [3, 1],
    [45, 3],
    [120, 5],
  ])("%i open items fill %i pages", async (count, pages) => {
    const doc = statementDocument({
      t: translator("es"),
      firmName: "Alvarez & Whitman CPAs",
      firmDomain: "alvarezwhitman.example",
      client: { name: "Brickell Bay Holdings LLC", number: "20481736" },
      statement: statementOf(count),
    });
    const bytes = await renderTextDocumentPdf(env.ASSETS, doc);
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(pages);
    expect(pdf.getTitle()).toBe("Estado de cuenta 20481736 12/01/2026");
    expect(pdf.getAuthor()).toBe("Alvarez & Whitman CPAs");
  });

  it("the document carries every figure the HTML shows: one total, equal to the aging sum", () => {
    const statement = statementOf(45);
    const doc = statementDocument({ t: translator("en"), firmName: "F", firmDomain: "f.example", client: { name: "C", number: "20000001" }, statement });
    const tables = doc.blocks.filter((b): b is Extract<DocBlock, { kind: "table" }> => b.kind === "table");
    const aging = tables[1]!;
    const cents = (text: string) => Number(text.replace(/[$,.]/g, ""));
    const bucketSum = aging.rows.reduce((sum, row) => sum + cents(row[1]!), 0);
    expect(bucketSum).toBe(statement.totalOutstandingCents);
    expect(aging.foot![0]![1]).toBe(tables[0]!.foot![0]![5]);
  });
});
