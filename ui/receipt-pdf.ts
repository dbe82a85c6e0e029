// The receipt as a PDF, in the client's language: items, amounts, the fee as its own line,
// method, reference, date and the firm's details. Set with the project's text-document writer
// (ui/pdf), so names and addresses print in any script.
import { formatUsDateFromMs } from "../worker/domain/dates";
import { formatCents } from "../worker/domain/money";
import type { Translate } from "./i18n";
import type { PaymentSummary } from "./pages/PaymentResultPage";
import { renderPdf, type Block, type TextDocument } from "./pdf/document";
import { fontsFor, type FontSource } from "./pdf/fonts";

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
      columns: [{ header: t("itemsPaid"), width: 3 }, { header: t("amountPaidColumn"), align: "right" }],
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

/** The receipt PDF; fonts come from the static assets (see ui/pdf/fonts.ts). */
export async function renderReceiptPdf(assets: FontSource, input: Parameters<typeof receiptDocument>[0]): Promise<Uint8Array> {
  const doc = receiptDocument(input);
  return renderPdf(doc, await fontsFor(assets, doc));
}
