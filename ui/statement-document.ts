// The statement of account as a text document (ui/text-document.ts), in the client's language.
import { formatUsDate } from "../worker/domain/dates";
import { formatCents } from "../worker/domain/money";
import { AGING_BUCKETS, type Statement } from "../worker/domain/statement";
import type { Translate } from "./i18n/client";
import type { DocBlock, TextDocument } from "./text-document";

export function statementDocument(input: {
  t: Translate;
  firmName: string;
  firmDomain: string;
  client: { name: string; number: string };
  statement: Statement;
}): TextDocument {
  const { t, statement: s } = input;
  const total = formatCents(s.totalOutstandingCents);
  const blocks: DocBlock[] = [
    { kind: "paragraph", text: input.firmName, style: "strong" },
    { kind: "paragraph", text: input.firmDomain, style: "muted" },
    { kind: "heading", level: 1, text: t("statementHeading") },
    { kind: "paragraph", text: `${t("receiptClient")}: ${input.client.name} (${t("clientNumberLabel")} ${input.client.number})` },
    { kind: "paragraph", text: t("statementAsOf", { date: formatUsDate(s.today) }) },
    { kind: "paragraph", text: `${t("totalOutstanding")}: ${total}`, style: "strong" },
    ...(s.pendingCents > 0 ? [{ kind: "paragraph" as const, text: t("pendingNote", { amount: formatCents(s.pendingCents) }) }] : []),
    { kind: "heading", level: 2, text: t("statementOpenItems") },
    {
      kind: "table",
      caption: t("statementOpenItems"),
      columns: [
        { label: t("itemColumn"), align: "start" },
        { label: t("dateColumn"), align: "start" },
        { label: t("statementColDue"), align: "start" },
        { label: t("statementColPastDue"), align: "end" },
        { label: t("originalTotalColumn"), align: "end" },
        { label: t("balanceColumn"), align: "end" },
      ],
      rows: s.lines.map((line) => [
        line.kind === "invoice" ? t("invoiceLabel", { number: line.invoiceNumber }) : t("lateFeeLabel", { number: line.invoiceNumber }),
        formatUsDate(line.itemDate),
        formatUsDate(line.dueDate),
        line.daysPastDue > 0 ? String(line.daysPastDue) : t("aging_current"),
        formatCents(line.originalCents),
        formatCents(line.balanceCents),
      ]),
      foot: s.lines.length ? [[t("totalOutstanding"), "", "", "", "", total]] : undefined,
      empty: t("statementNoOpen"),
    },
    { kind: "heading", level: 2, text: t("statementAging") },
    {
      kind: "table",
      caption: t("statementAgingCaption"),
      columns: [
        { label: t("statementAging"), align: "start" },
        { label: t("balanceColumn"), align: "end" },
      ],
      rows: AGING_BUCKETS.map((bucket) => [t(`aging_${bucket}`), formatCents(s.aging[bucket])]),
      foot: [[t("totalOutstanding"), total]],
    },
    { kind: "heading", level: 2, text: t("statementPayments") },
    {
      kind: "table",
      caption: t("statementPayments"),
      columns: [
        { label: t("dateColumn"), align: "start" },
        { label: t("reference"), align: "start" },
        { label: t("paymentMethodLabel"), align: "start" },
        { label: t("statementColApplied"), align: "end" },
      ],
      rows: s.payments.map((p) => [
        formatUsDate(p.date),
        p.reference ?? p.id,
        p.pending ? `${p.methodLabel ?? p.method} (${t("statementPaymentPending")})` : (p.methodLabel ?? p.method),
        formatCents(p.appliedCents),
      ]),
      foot: s.payments.length ? [[t("statementTotalPayments"), "", "", formatCents(s.paymentsTotalCents)]] : undefined,
      empty: t("statementNoPayments"),
    },
    { kind: "paragraph", text: t("statementDueNote"), style: "muted" },
  ];
  return { title: `${t("statementHeading")} ${input.client.number} ${formatUsDate(s.today)}`, author: input.firmName, pageLabel: t("pdfPageOf"), blocks };
}
