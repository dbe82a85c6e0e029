// The receipt as a PDF (pdf-lib), in the client's language: items, amounts, the fee as its own
// line, method, reference, date and the firm's details.
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { formatUsDateFromMs } from "../worker/domain/dates";
import { formatCents } from "../worker/domain/money";
import type { Translate } from "./i18n";
import type { PaymentSummary } from "./pages/PaymentResultPage";
import type { TextDocument } from "./text-document";

/**
 * Helvetica in PDFs covers WinAnsi: Latin-1 (Spanish accents), plus the bullets of "VISA •••• 4242"
 * and typographic quotes and dashes; any other character is replaced.
 */
function pdfSafe(text: string): string {
  return text.replace(/[^\x20-\x7E\u00A0-\u00FF\u2022\u2013\u2014\u2018\u2019\u201C\u201D\u2026\u20AC]/g, "?");
}

export async function renderReceiptPdf(input: {
  t: Translate;
  firmName: string;
  firmDomain: string;
  clientName: string;
  clientNumber: string;
  payment: PaymentSummary;
}): Promise<Uint8Array> {
  const { t, payment } = input;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${t("receiptTitle")} ${payment.reference ?? payment.id}`);
  pdf.setAuthor(input.firmName);
  const page = pdf.addPage([612, 792]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.08, 0.13, 0.24);
  const safe = pdfSafe;
  const text = (value: string, x: number, y: number, size = 11, font = regular) => page.drawText(safe(value), { x, y, size, font, color: ink });
  const right = (value: string, xRight: number, y: number, size = 11, font = regular) =>
    text(value, xRight - font.widthOfTextAtSize(safe(value), size), y, size, font);

  text(input.firmName, 56, 730, 18, bold);
  text(input.firmDomain, 56, 712, 10);
  text(t("receiptTitle"), 56, 676, 16, bold);
  text(`${t("receiptClient")}: ${input.clientName} (${input.clientNumber})`, 56, 654);
  text(`${t("paymentDate")}: ${formatUsDateFromMs(payment.createdAt)}`, 56, 638);
  text(`${t("reference")}: ${payment.reference ?? payment.id}`, 56, 622);
  text(`${t("paymentMethodLabel")}: ${payment.methodLabel ?? payment.method}`, 56, 606);
  if (payment.status !== "succeeded") text(t("receiptStatusPending"), 56, 590, 10, bold);

  let y = 556;
  text(t("itemsPaid"), 56, y, 11, bold);
  right(t("amountPaidColumn"), 556, y, 11, bold);
  page.drawLine({ start: { x: 56, y: y - 6 }, end: { x: 556, y: y - 6 }, thickness: 0.8, color: ink });
  y -= 24;
  for (const line of payment.lines) {
    text(line.kind === "invoice" ? t("invoiceLabel", { number: line.invoiceNumber }) : t("lateFeeLabel", { number: line.invoiceNumber }), 56, y);
    right(formatCents(line.cents), 556, y);
    y -= 18;
  }
  page.drawLine({ start: { x: 300, y: y + 6 }, end: { x: 556, y: y + 6 }, thickness: 0.8, color: ink });
  y -= 12;
  for (const [label, cents, font] of [
    [t("subtotal"), payment.quote.subtotalCents, regular],
    [t("transactionFees"), payment.quote.feeCents, regular],
    [t("total"), payment.quote.totalCents, bold],
  ] as const) {
    text(label, 300, y, 11, font);
    right(formatCents(cents), 556, y, 11, font);
    y -= 18;
  }
  if (payment.refundedCents > 0) text(t("refundedNote", { amount: formatCents(payment.refundedCents) }), 56, y - 10, 10);
  return pdf.save();
}

/**
 * Any text document (ui/text-document.ts) as a PDF: US Letter, Helvetica, paginated, tables
 * sized to their content (smaller type when a table is wider than the page), "Page n of m" at
 * the foot. The layout lives here only; the document carries the words and figures.
 */
export async function renderTextDocumentPdf(doc: TextDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title);
  pdf.setAuthor(doc.author);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.08, 0.13, 0.24);
  const soft = rgb(0.35, 0.4, 0.5);
  const safe = pdfSafe;
  const [left, right, top, bottom] = [56, 556, 736, 72];
  let page = pdf.addPage([612, 792]);
  let y = top;
  const newPage = () => {
    page = pdf.addPage([612, 792]);
    y = top;
  };
  const ensure = (height: number) => {
    if (y - height < bottom) newPage();
  };
  const draw = (value: string, x: number, size: number, font = regular, color = ink) => page.drawText(safe(value), { x, y, size, font, color });
  const width = (value: string, size: number, font = regular) => font.widthOfTextAtSize(safe(value), size);
  /** Splits a paragraph into lines that fit the text width. */
  const wrap = (text: string, size: number, font = regular): string[] => {
    const lines: string[] = [];
    let current = "";
    for (const word of text.split(/\s+/)) {
      const next = current ? `${current} ${word}` : word;
      if (current && width(next, size, font) > right - left) {
        lines.push(current);
        current = word;
      } else current = next;
    }
    if (current) lines.push(current);
    return lines;
  };

  for (const block of doc.blocks) {
    if (block.kind === "heading") {
      const size = block.level === 1 ? 16 : 12.5;
      ensure(size + 40);
      y -= block.level === 1 ? 8 : 14;
      draw(block.text, left, size, bold);
      y -= size + 6;
    } else if (block.kind === "paragraph") {
      const size = block.style === "muted" ? 9.5 : 11;
      const font = block.style === "strong" ? bold : regular;
      for (const line of wrap(block.text, size, font)) {
        ensure(size + 4);
        draw(line, left, size, font, block.style === "muted" ? soft : ink);
        y -= size + 5;
      }
    } else {
      const all = [block.columns.map((c) => c.label), ...block.rows, ...(block.foot ?? [])];
      const gap = 12;
      const natural = block.columns.map((_, i) => Math.max(...all.map((row, r) => width(row[i] ?? "", 10, r === 0 ? bold : regular))));
      const needed = natural.reduce((a, b) => a + b, 0) + gap * (block.columns.length - 1);
      const size = Math.min(10, (10 * (right - left)) / needed);
      const scale = size / 10;
      // Leftover width goes to the first column, so amounts line up at the right margin.
      const widths = natural.map((w, i) => w * scale + (i === 0 ? right - left - needed * scale : 0));
      const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0) + gap * scale * i);
      const row = (cells: string[], font = regular) => {
        ensure(size + 6);
        cells.forEach((cell, i) => {
          const x = block.columns[i]?.align === "end" ? xs[i]! + widths[i]! - width(cell, size, font) : xs[i]!;
          draw(cell, x, size, font);
        });
        y -= size + 6;
      };
      const header = () => {
        row(block.columns.map((c) => c.label), bold);
        page.drawLine({ start: { x: left, y: y + size }, end: { x: right, y: y + size }, thickness: 0.6, color: ink });
      };
      ensure((size + 6) * 3);
      header();
      if (block.rows.length === 0 && block.empty) {
        draw(block.empty, left, size, regular, soft);
        y -= size + 6;
      }
      for (const cells of block.rows) {
        if (y - (size + 6) < bottom) {
          newPage();
          header();
        }
        row(cells);
      }
      for (const cells of block.foot ?? []) {
        ensure(size + 6);
        page.drawLine({ start: { x: left, y: y + size + 2 }, end: { x: right, y: y + size + 2 }, thickness: 0.6, color: ink });
        row(cells, bold);
      }
      y -= 6;
    }
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const label = safe(doc.pageLabel.replace("{page}", String(i + 1)).replace("{pages}", String(pages.length)));
    p.drawText(label, { x: right - regular.widthOfTextAtSize(label, 9), y: 40, size: 9, font: regular, color: soft });
  });
  return pdf.save();
}
