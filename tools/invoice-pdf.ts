// Renders a demo invoice PDF with pdf-lib: what the firm's billing system would upload.
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { formatCents } from "../worker/domain/money";
import { formatUsDate } from "../worker/domain/dates";

export interface InvoicePdfInput {
  firmName: string;
  clientName: string;
  clientNumber: string;
  invoiceNumber: string;
  invoiceDate: string;
  totalCents: number;
  /** The signed pay link printed under "Click here to pay by credit card or ACH", when minted. */
  payLink: string | null;
}

export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${input.invoiceNumber}`);
  pdf.setAuthor(input.firmName);
  // A fixed date keeps the bytes stable, so re-seeding writes identical files.
  pdf.setCreationDate(new Date(`${input.invoiceDate}T12:00:00Z`));
  pdf.setModificationDate(new Date(`${input.invoiceDate}T12:00:00Z`));
  const page = pdf.addPage([612, 792]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.1, 0.14, 0.2);
  const line = (text: string, x: number, y: number, size = 11, font = regular) => page.drawText(text, { x, y, size, font, color: ink });

  line(input.firmName, 56, 720, 20, bold);
  line("Certified Public Accountants", 56, 700, 10);
  line("INVOICE", 440, 720, 20, bold);
  line(`Invoice number: ${input.invoiceNumber}`, 380, 690);
  line(`Invoice date: ${formatUsDate(input.invoiceDate)}`, 380, 674);
  line(`Client number: ${input.clientNumber}`, 380, 658);
  line("Bill to:", 56, 640, 11, bold);
  line(input.clientName, 56, 624);
  page.drawLine({ start: { x: 56, y: 590 }, end: { x: 556, y: 590 }, thickness: 1, color: ink });
  line("Professional services rendered", 56, 566);
  line(formatCents(input.totalCents), 470, 566);
  page.drawLine({ start: { x: 56, y: 540 }, end: { x: 556, y: 540 }, thickness: 1, color: ink });
  line("Invoice total", 360, 516, 12, bold);
  line(formatCents(input.totalCents), 470, 516, 12, bold);
  line("Click here to pay by credit card or ACH", 56, 460, 12, bold);
  line(input.payLink ?? "Pay online at the firm's payment portal with this invoice number and total.", 56, 442, 10);
  line("Payment is due within 30 days of the invoice date.", 56, 100, 9);
  return pdf.save({ useObjectStreams: false });
}
