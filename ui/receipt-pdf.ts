// The receipt as a PDF (pdf-lib), in the client's language: items, amounts, the fee as its own
// line, method, reference, date and the firm's details.
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { formatUsDateFromMs } from "../worker/domain/dates";
import { formatCents } from "../worker/domain/money";
import type { Translate } from "./i18n";
import type { PaymentSummary } from "./pages/PaymentResultPage";

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
  // Helvetica in PDFs covers WinAnsi: Spanish accents are fine; other characters are replaced.
  const safe = (text: string) => text.replace(/[^\x20-\x7E\u00A0-\u00FF]/g, "?");
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
