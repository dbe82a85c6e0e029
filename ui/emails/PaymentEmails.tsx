// Payment emails, rendered from the ledger when they are sent: received, ACH pending, ACH failed
// (with what to do), refund issued. Items, the fee as its own line, total, method, reference.
import { translator, type Translate } from "../i18n";
import { languageOr } from "../../worker/domain/language";
import { methodName } from "../payment-methods";
import { formatCents } from "../../worker/domain/money";
import { formatUsDateFromMs } from "../../worker/domain/dates";
import { declineReason } from "../pages/PaymentResultPage";
import { PAYMENT_EMAIL_KINDS, type PaymentEmailData, type PaymentEmailKind, type RenderedEmail } from "../../worker/domain/emails";
import { Facts, emailHtml, textFacts } from "./EmailLayout";

export { PAYMENT_EMAIL_KINDS, type PaymentEmailData, type PaymentEmailKind };

/** receipt_copy: a receipt the client asked for again from the portal ("Email me this receipt"). */
function methodText(t: Translate, payment: PaymentEmailData["payment"]): string {
  return `${methodName(t, payment.method, payment.cardFunding)} · ${payment.methodLabel ?? payment.method}`;
}

function lineLabel(t: Translate, line: PaymentEmailData["lines"][number]): string {
  return line.kind === "invoice" ? t("invoiceLabel", { number: line.invoiceNumber }) : t("lateFeeLabel", { number: line.invoiceNumber });
}

export function renderPaymentEmail(data: PaymentEmailData): RenderedEmail {
  const t = translator(languageOr(data.language));
  const p = data.payment;
  const reference = p.reference ?? p.id;
  const amount = formatCents(p.totalCents);
  const { subject, intro, extra } = (() => {
    switch (data.kind) {
      case "payment_received":
        return { subject: t("emailPaymentReceivedSubject", { amount }), intro: t("emailPaymentReceivedIntro", { amount }), extra: [] as string[] };
      case "payment_pending":
        return { subject: t("emailPaymentPendingSubject", { amount }), intro: t("emailPaymentPendingIntro", { amount }), extra: [] };
      case "payment_verify_bank":
        return {
          subject: t("emailVerifyBankSubject", { amount }),
          intro: t("emailVerifyBankIntro", { amount }),
          extra: [
            t(p.verificationType === "amounts" ? "microdepositsAmountsBody" : "microdepositsDescriptorBody", {
              date: formatUsDateFromMs(p.verificationArrivalAt ?? p.createdAt),
            }),
            t("emailVerifyBankLink", { url: p.verificationUrl ?? "" }),
            t("microdepositsExpiry"),
          ],
        };
      case "payment_failed":
        return {
          subject: t("emailPaymentFailedSubject", { amount }),
          intro: t("emailPaymentFailedIntro", { amount, reason: declineReason(t, p.failureCode) }),
          extra: [t("emailPaymentFailedWhatToDo")],
        };
      case "receipt_copy":
        return {
          subject: t("emailReceiptCopySubject", { amount }),
          intro: t("emailReceiptCopyIntro", { amount }),
          extra: data.status === "processing" ? [t("receiptStatusPending")] : [],
        };
      case "payment_canceled":
        return { subject: t("emailPaymentCanceledSubject", { amount }), intro: t("emailPaymentCanceledIntro", { amount }), extra: [] };
      case "refund_issued":
        return {
          subject: t("emailRefundSubject", { amount: formatCents(p.refundedCents) }),
          intro: t("emailRefundIntro", { reference, amount: formatCents(p.refundedCents), total: amount }),
          extra: [...(p.feeRefundedCents > 0 ? [t("emailRefundFee", { amount: formatCents(p.feeRefundedCents) })] : []), t("emailRefundTiming")],
        };
    }
  })();
  const client = data.client ? t("emailClient", { name: data.client.name, number: data.client.number }) : null;
  const itemRows: [string, string][] = data.lines.map((line) => [lineLabel(t, line), formatCents(line.cents)]);
  const totals: [string, string][] = [
    [t("subtotal"), formatCents(p.subtotalCents)],
    [t("transactionFees"), formatCents(p.feeCents)],
    [t("total"), formatCents(p.totalCents)],
  ];
  const details: [string, string][] = [
    [t("paymentMethodLabel"), methodText(t, p)],
    [t("reference"), reference],
    [t("paymentDate"), formatUsDateFromMs(p.createdAt)],
  ];
  const refundRows: [string, string][] =
    data.kind === "refund_issued" || data.kind === "receipt_copy" ? data.refunds.map((r) => [formatUsDateFromMs(r.createdAt), formatCents(r.amountCents)]) : [];
  const questions = t("emailQuestions", { email: data.arEmail });

  const text = [
    t("emailGreeting"),
    intro,
    ...extra,
    ...(client ? [client] : []),
    `${t("itemsPaid")}\n${textFacts([...itemRows, ...totals])}`,
    textFacts(details),
    ...(refundRows.length ? [`${t("emailRefundsHeading")}\n${textFacts(refundRows)}`] : []),
    questions,
    `${t("emailThanks")}\n${data.firmName}`,
    `--\n${t("emailFooter", { firm: data.firmName })}`,
  ].join("\n\n");

  const html = emailHtml({
    language: data.language,
    subject,
    t,
    firmName: data.firmName,
    children: (
      <>
        <p>{t("emailGreeting")}</p>
        <p>{intro}</p>
        {extra.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
        {client ? <p>{client}</p> : null}
        <table cellpadding="6" cellspacing="0">
          <caption>{t("itemsPaid")}</caption>
          <thead>
            <tr>
              <th align="left" scope="col">
                {t("itemColumn")}
              </th>
              <th align="right" scope="col">
                {t("amountColumn")}
              </th>
            </tr>
          </thead>
          <tbody>
            {itemRows.map(([label, value]) => (
              <tr>
                <td>{label}</td>
                <td align="right">{value}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {totals.map(([label, value], index) => (
              <tr>
                <th align="left" scope="row">
                  {index === totals.length - 1 ? <strong>{label}</strong> : label}
                </th>
                <td align="right">{index === totals.length - 1 ? <strong>{value}</strong> : value}</td>
              </tr>
            ))}
          </tfoot>
        </table>
        <Facts rows={details} />
        {refundRows.length ? (
          <>
            <p>
              <strong>{t("emailRefundsHeading")}</strong>
            </p>
            <Facts rows={refundRows} />
          </>
        ) : null}
        <p>{questions}</p>
        <p>
          {t("emailThanks")}
          <br />
          {data.firmName}
        </p>
      </>
    ),
  });
  return { subject, text, html };
}
