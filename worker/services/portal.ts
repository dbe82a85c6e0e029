// Steps 3-4 and PDFs: what a client in a session can see and select. Every verb takes the
// session's client id, never one from the request.
import { PortalError } from "../domain/errors";
import { openItems, resolveSelection, selectionTotal, sortForListing, totalOutstanding, withBalances, type ItemWithBalance } from "../domain/items";
import { sumCents } from "../domain/money";
import { isInvoiceNumber } from "../domain/numbers";
import type { Database, SessionBatchPart } from "../storage/db";
import { findClientById, type ClientRecord } from "../storage/clients-repo";
import { clientInvoicePdfKeyPart, loadClientLedger } from "../storage/items-repo";
import { readPdf } from "../storage/pdfs";
import { saveSelection as storeSelection, type SessionLedger } from "../storage/sessions-repo";

export interface PortalView {
  client: ClientRecord;
  /** Open items in listing order. */
  items: ItemWithBalance[];
  totalOutstandingCents: number;
  pendingCents: number;
}

/** The portal's view of a client; `preloaded` is the ledger the session's batch already read. */
export async function loadPortal(db: Database, clientId: number, preloaded: SessionLedger | null = null): Promise<PortalView> {
  const [client, ledger] = preloaded ? [preloaded.client, preloaded] : await Promise.all([findClientById(db, clientId), loadClientLedger(db, clientId)]);
  if (!client) throw new PortalError("not_found", "client not found");
  const items = sortForListing(openItems(withBalances(ledger.items, ledger.allocations)));
  return {
    client,
    items,
    totalOutstandingCents: totalOutstanding(items),
    pendingCents: sumCents(items.map((item) => item.pendingCents)),
  };
}

export interface SelectionView {
  selectedIds: number[];
  totalCents: number;
}

/** What a set of ticked boxes adds up to, recomputed from the ledger. */
export function previewSelection(view: PortalView, requested: readonly string[]): SelectionView {
  const selectedIds = resolveSelection(view.items, requested);
  return { selectedIds, totalCents: selectionTotal(view.items, new Set(selectedIds)) };
}

export async function saveSelection(db: Database, sessionId: string, view: PortalView, requested: readonly string[]): Promise<SelectionView> {
  const selection = previewSelection(view, requested);
  if (selection.selectedIds.length === 0) {
    throw new PortalError("validation", "nothing selected", { fieldErrors: { pay: "empty" } });
  }
  await storeSelection(db, sessionId, selection.selectedIds);
  return selection;
}

/**
 * One of the client's invoice PDFs: the key is read in the session's batch. Another client's
 * invoice, a paper one, and a missing one all answer the same not_found.
 */
export function invoicePdfRead(invoiceNumber: string): SessionBatchPart<string | null> {
  if (!isInvoiceNumber(invoiceNumber)) throw new PortalError("not_found", "no such invoice");
  return clientInvoicePdfKeyPart(invoiceNumber);
}

export async function openInvoicePdf(bucket: R2Bucket, key: string | null): Promise<R2ObjectBody> {
  const pdf = key ? await readPdf(bucket, key) : null;
  if (!pdf) throw new PortalError("not_found", "no such invoice");
  return pdf;
}
