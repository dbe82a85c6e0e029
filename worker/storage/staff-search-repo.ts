// Staff search: one statement per lookup the query plans (domain/staff-search), all sent in one
// batch by the service. It reads across clients, items, payments, pay links and help requests by
// design: a hit names the client it belongs to. Single-table lookups come from their tables'
// repositories; the joins that make a hit's row are here.
import { and, eq } from "drizzle-orm";
import type { SearchLookup } from "../domain/staff-search";
import { clientNamePrefixQuery, clientNumberMatchQuery } from "./clients-repo";
import type { Database } from "./db";
import { helpReferenceMatchQuery } from "./help-repo";
import { paymentIdMatchQuery, paymentIntentMatchQuery, paymentsChargedQuery, paymentsPaidOnItemsQuery } from "./payment-views-repo";
import { clients, items, payLinks } from "./schema";

/** Payments of one amount shown at most; an amount common enough to pass it wants the payments list's filters. */
export const AMOUNT_MATCHES = 20;

/** The invoice with this number, with its client. */
function invoiceMatchQuery(db: Database, invoiceNumber: string) {
  return db
    .select({
      invoiceNumber: items.invoiceNumber,
      itemDate: items.itemDate,
      originalCents: items.originalCents,
      clientNumber: clients.number,
      clientName: clients.name,
    })
    .from(items)
    .innerJoin(clients, eq(clients.id, items.clientId))
    .where(and(eq(items.kind, "invoice"), eq(items.invoiceNumber, invoiceNumber)))
    .limit(1);
}

/** The pay link with this code, with its invoice and client. */
function payLinkMatchQuery(db: Database, code: string) {
  return db
    .select({
      code: payLinks.code,
      expiresAt: payLinks.expiresAt,
      revokedAt: payLinks.revokedAt,
      invoiceNumber: items.invoiceNumber,
      clientNumber: clients.number,
      clientName: clients.name,
    })
    .from(payLinks)
    .innerJoin(items, eq(items.id, payLinks.itemId))
    .innerJoin(clients, eq(clients.id, items.clientId))
    .where(eq(payLinks.code, code))
    .limit(1);
}

/** The statement that answers one lookup. */
export function searchLookupQuery(db: Database, lookup: SearchLookup) {
  switch (lookup.kind) {
    case "client_number":
      return clientNumberMatchQuery(db, lookup.value);
    case "name_prefix":
      return clientNamePrefixQuery(db, lookup.value);
    case "invoice_number":
      return invoiceMatchQuery(db, lookup.value);
    case "payment_id":
      return paymentIdMatchQuery(db, lookup.value);
    case "payment_intent":
      return paymentIntentMatchQuery(db, lookup.value);
    case "pay_link":
      return payLinkMatchQuery(db, lookup.value);
    case "help_reference":
      return helpReferenceMatchQuery(db, lookup.value);
    // One more than are shown: the page says when there are more.
    case "amount_charged":
      return paymentsChargedQuery(db, lookup.cents, AMOUNT_MATCHES + 1);
    case "amount_on_items":
      return paymentsPaidOnItemsQuery(db, lookup.cents, AMOUNT_MATCHES + 1);
  }
}
