// The receipt as a PDF, in the client's language: items, amounts, the fee as its own line,
// method, reference, date and the firm's details. Set with the project's text-document writer
// (ui/pdf), so names and addresses print in any script.
import { formatUsDateFromMs } from "../worker/domain/dates";
import { formatCents } from "../worker/domain/money";
import type { Language, Translate } from "./i18n/client";
import type { PaymentSummary } from "./pages/PaymentResultPage";
import { renderPdf, type Block, type TextDocument } from "./pdf/document";
import { fontsFor, type FontSource } from "./pdf/fonts";
import type { TextDocument as StatementLikeDocument } from "./text-document";

export function receiptDocument(input: {
  t: Translate;
  firmName: string;
  firmDomain: string;
  clientName: string;
  clientNumber: string;
  payment: PaymentSummary;
}): TextDocument {
  const { t, payment } = input;
  const blocks: Block[] = [
    { type: "heading", text: input.firmName },
    { type: "text", text: input.firmDomain, size: 10 },
    { type: "space", height: 14 },
    { type: "heading", text: t("receiptTitle"), level: 2 },
    {
      type: "fields",
      rows: [
        [t("receiptClient"), `${input.clientName} (${input.clientNumber})`],
        [t("paymentDate"), formatUsDateFromMs(payment.createdAt)],
        [t("reference"), payment.reference ?? payment.id],
        [t("paymentMethodLabel"), payment.methodLabel ?? payment.method],
      ],
    },
  ];
  if (payment.status !== "succeeded") blocks.push({ type: "text", text: t("receiptStatusPending"), size: 10, bold: true });
  blocks.push(
    { type: "space", height: 14 },
    {
      type: "table",
      columns: [
        { header: t("itemsPaid"), width: 3 },
        { header: t("amountPaidColumn"), align: "right" },
      ],
      rows: payment.lines.map((line) => [
        line.kind === "invoice" ? t("invoiceLabel", { number: line.invoiceNumber }) : t("lateFeeLabel", { number: line.invoiceNumber }),
        formatCents(line.cents),
      ]),
      totals: [
        [t("subtotal"), formatCents(payment.quote.subtotalCents)],
        [t("transactionFees"), formatCents(payment.quote.feeCents)],
        [t("total"), formatCents(payment.quote.totalCents)],
      ],
    },
  );
  if (payment.refundedCents > 0) blocks.push({ type: "text", text: t("refundedNote", { amount: formatCents(payment.refundedCents) }), size: 10 });
  return { title: `${t("receiptTitle")} ${payment.reference ?? payment.id}`, author: input.firmName, blocks };
}

/** What the client Worker sends the staff Worker's PdfRenderer for a receipt: its view, and the language to set it in. */
export type ReceiptPdfRequest = Omit<Parameters<typeof receiptDocument>[0], "t"> & { language: Language };

/** The receipt PDF; fonts come from the static assets (see ui/pdf/fonts.ts). */
export async function renderReceiptPdf(assets: FontSource, input: Parameters<typeof receiptDocument>[0]): Promise<Uint8Array> {
  const doc = receiptDocument(input);
  return renderPdf(doc, await fontsFor(assets, doc));
}

/**
 * Any text document (ui/text-document.ts, e.g. the statement of account) as a PDF through the
 * same writer: headings, paragraphs, and tables with their totals; an empty table prints its
 * "nothing here" line.
 */
export async function renderTextDocumentPdf(assets: FontSource, doc: StatementLikeDocument): Promise<Uint8Array> {
  const blocks: Block[] = [];
  for (const block of doc.blocks) {
    if (block.kind === "heading") {
      if (blocks.length) blocks.push({ type: "space", height: block.level === 1 ? 4 : 10 });
      blocks.push({ type: "heading", text: block.text, level: block.level });
    } else if (block.kind === "paragraph") {
      blocks.push({ type: "text", text: block.text, bold: block.style === "strong", size: block.style === "muted" ? 9 : undefined });
    } else if (block.rows.length === 0 && block.empty) {
      blocks.push({ type: "text", text: block.empty });
    } else {
      blocks.push({
        type: "table",
        columns: block.columns.map((column, i) => ({ header: column.label, align: column.align === "end" ? "right" : "left", width: i === 0 ? 2 : 1 })),
        rows: block.rows,
        totals: block.foot,
      });
    }
  }
  const pdfDoc: TextDocument = { title: doc.title, author: doc.author, blocks };
  return renderPdf(pdfDoc, await fontsFor(assets, pdfDoc));
}
