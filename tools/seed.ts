// Loads the demo data into D1 and R2. Safe to run on every start: every write is keyed, so a
// second run changes nothing and duplicates nothing.
import type { Database } from "../worker/storage/db";
import { insertClientIfAbsent, insertItemIfAbsent, insertOfflinePaymentIfAbsent } from "../worker/storage/import-repo";
import { invoicePdfKey, putPdfIfAbsent } from "../worker/storage/pdfs";
import { DEMO_CLIENTS } from "./demo-data";
import { renderInvoicePdf } from "./invoice-pdf";

export interface SeedSummary {
  clients: number;
  items: number;
  pdfsWritten: number;
}

export async function seedDemo(options: {
  db: Database;
  bucket: R2Bucket;
  firmName: string;
  now: number;
}): Promise<SeedSummary> {
  const { db, bucket, firmName, now } = options;
  let itemCount = 0;
  let pdfsWritten = 0;
  for (const client of DEMO_CLIENTS) {
    const clientId = await insertClientIfAbsent(db, client, now);
    const invoiceIds = new Map<string, number>();
    for (const invoice of client.invoices) {
      const pdfKey = invoice.delivery === "electronic" ? invoicePdfKey(invoice.number) : null;
      const id = await insertItemIfAbsent(
        db,
        clientId,
        {
          kind: "invoice",
          invoiceNumber: invoice.number,
          itemDate: invoice.date,
          originalCents: invoice.totalCents,
          delivery: invoice.delivery,
          pdfKey,
        },
        now,
      );
      invoiceIds.set(invoice.number, id);
      itemCount++;
      if (pdfKey) {
        const bytes = await renderInvoicePdf({
          firmName,
          clientName: client.name,
          clientNumber: client.number,
          invoiceNumber: invoice.number,
          invoiceDate: invoice.date,
          totalCents: invoice.totalCents,
          payLink: null,
        });
        if (await putPdfIfAbsent(bucket, pdfKey, bytes)) pdfsWritten++;
      }
    }
    for (const fee of client.lateFees) {
      await insertItemIfAbsent(
        db,
        clientId,
        { kind: "late_fee", invoiceNumber: fee.invoiceNumber, itemDate: fee.date, originalCents: fee.amountCents, delivery: null, pdfKey: null },
        now,
      );
      itemCount++;
    }
    for (const payment of client.priorPayments) {
      const itemId = invoiceIds.get(payment.invoiceNumber);
      if (itemId === undefined) throw new Error(`demo payment for unknown invoice ${payment.invoiceNumber}`);
      await insertOfflinePaymentIfAbsent(db, {
        id: payment.id,
        clientId,
        method: payment.method,
        receivedAt: Date.parse(`${payment.receivedOn}T12:00:00Z`),
        allocations: [{ itemId, amountCents: payment.amountCents }],
      });
    }
  }
  return { clients: DEMO_CLIENTS.length, items: itemCount, pdfsWritten };
}
