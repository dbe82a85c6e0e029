// Loads the demo data into D1 and R2. Safe to run on every start: every write is keyed, so a
// second run changes nothing and duplicates nothing.
import type { PayLinkKeyring } from "../worker/domain/pay-links";
import { payLinkUrl } from "../worker/domain/pay-links";
import { mintPayLinks } from "../worker/services/pay-links";
import type { Database } from "../worker/storage/db";
import { insertClientIfAbsent, insertItemIfAbsent, insertOfflinePaymentIfAbsent } from "../worker/storage/import-repo";
import { invoicePdfKey, putPdf, putPdfIfAbsent } from "../worker/storage/pdfs";
import { DEMO_CLIENTS, type DemoClient } from "./demo-data";
import { renderInvoicePdf } from "./invoice-pdf";

export interface SeedSummary {
  clients: number;
  items: number;
  pdfsWritten: number;
  /** The pay link of every open demo invoice, as printed on its PDF. */
  links: { clientName: string; invoiceNumber: string; url: string; minted: boolean }[];
}

export interface SeedPayLinks {
  keyring: PayLinkKeyring;
  daysAfterDue: number;
  /** http://127.0.0.1:<PORT> locally. */
  origin: string;
}

/** An invoice is open while the demo's prior payments leave something to pay on it. */
function isOpen(client: DemoClient, invoiceNumber: string, totalCents: number): boolean {
  const paid = client.priorPayments.filter((p) => p.invoiceNumber === invoiceNumber).reduce((sum, p) => sum + p.amountCents, 0);
  return paid < totalCents;
}

export async function seedDemo(options: {
  db: Database;
  bucket: R2Bucket;
  firmName: string;
  now: number;
  /** Without it, no links are minted and the PDFs say to look the invoice up. */
  payLinks?: SeedPayLinks;
}): Promise<SeedSummary> {
  const { db, bucket, firmName, now } = options;
  let itemCount = 0;
  let pdfsWritten = 0;
  const links: SeedSummary["links"] = [];
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
      // The link is minted (or the existing one reused) before the PDF that prints it.
      let link: { url: string; minted: boolean } | null = null;
      if (options.payLinks && isOpen(client, invoice.number, invoice.totalCents)) {
        const { keyring, daysAfterDue, origin } = options.payLinks;
        const result = await mintPayLinks({ db, now: () => now, keyring, daysAfterDue }, [invoice.number], { email: "seed", staff: false }, { reuse: true });
        if (result.outcome === "invalid") throw new Error(`demo pay link for ${invoice.number}: ${[...result.errors.values()].join(", ")}`);
        const minted = result.links[0]!;
        link = { url: payLinkUrl(origin, minted.code), minted: !minted.reused };
        links.push({ clientName: client.name, invoiceNumber: invoice.number, ...link });
      }
      if (pdfKey) {
        const bytes = await renderInvoicePdf({
          firmName,
          clientName: client.name,
          clientNumber: client.number,
          invoiceNumber: invoice.number,
          invoiceDate: invoice.date,
          totalCents: invoice.totalCents,
          payLink: link?.url ?? null,
        });
        // A new link means the PDF on file prints an old one (or none): write it again.
        const written = link?.minted ? (await putPdf(bucket, pdfKey, bytes)) === "written" : await putPdfIfAbsent(bucket, pdfKey, bytes);
        if (written) pdfsWritten++;
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
  return { clients: DEMO_CLIENTS.length, items: itemCount, pdfsWritten, links };
}
