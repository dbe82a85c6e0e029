// Staff operations: search, the client and payment pages (with the payment's timeline), refunds,
// receipt resends and cancels. Refunds go to Stripe; the ledger changes when Stripe's webhook
// arrives, through the same path as every other refund (services/webhooks.ts -> ledger.ts).
// Each page's reads are its tables' statement builders, composed here into one db.batch.
import { PortalError, StaffOpError } from "../domain/errors";
import { totalOutstanding, withBalances } from "../domain/items";
import { sumCents } from "../domain/money";
import { payLinkState } from "../domain/pay-links";
import { portalMethod } from "../domain/payment-methods";
import { mergeAmountMatches, planSearch } from "../domain/staff-search";
import { paymentStaffAction } from "../domain/staff-timeline";
import { cancellableStatus, planRefund, refundableCents } from "../domain/staff-refunds";
import { isEmailAddress } from "../domain/email-address";
import type { Cursor, ListQuery } from "../domain/cursor";
import { pageOf } from "../domain/cursor";
import { GatewayRequestError, GatewayUnavailableError, type PaymentGateway } from "../gateways/payments";
import { clientByNumberQuery, clientIdOfNumber, NAME_MATCHES } from "../storage/clients-repo";
import type { Database } from "../storage/db";
import { clientHelpRequestsQuery } from "../storage/help-repo";
import { clientItemsByDateQuery, toPayableItem } from "../storage/items-repo";
import { paymentEmailsQuery } from "../storage/outbox-repo";
import { clientPayLinksQuery } from "../storage/pay-links-repo";
import { allocationLinesQuery, clientAllocationsQuery, paymentStripeIds, toAllocation } from "../storage/payment-reads-repo";
import { clientPaymentSummariesQuery, paymentsPageQuery, paymentWithClientQuery, type PaymentSummaryRow } from "../storage/payment-views-repo";
import { findInvoiceForPdf } from "../storage/import-repo";
import { findPayment } from "../storage/payments-repo";
import { paymentRefundIds, paymentRefundsQuery } from "../storage/refunds-repo";
import { actionsOnTargetQuery, queueStaffEmail, recordStaffActionOnce } from "../storage/staff-actions-repo";
import { AMOUNT_MATCHES, searchLookupQuery } from "../storage/staff-search-repo";
import { paymentEventsQuery } from "../storage/stripe-events-repo";
import { applyGatewayPayment } from "./ledger";
import { openInvoicePdf } from "./portal";
import type { ClientView, PaymentView, SearchAnswer, SearchResult, TimelineEntry, TimelineKind } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { ClientView, PaymentView, SearchAnswer, SearchResult, TimelineEntry, TimelineKind };

export interface StaffDeps {
  db: Database;
  now: () => number;
  gateway: PaymentGateway;
}

export interface Actor {
  email: string;
}

// ---------------------------------------------------------------------------------------------
// Search

function paymentResult(row: PaymentSummaryRow, matchedBy: "payment_id" | "payment_intent" | "amount"): SearchResult {
  return {
    type: "payment",
    paymentId: row.id,
    status: row.status,
    totalCents: row.totalCents,
    createdAt: row.createdAt,
    paymentIntentId: row.stripePaymentIntentId,
    clientNumber: row.clientNumber,
    clientName: row.clientName,
    matchedBy,
  };
}

export async function searchEverything(deps: { db: Database; now: () => number }, query: string): Promise<SearchAnswer> {
  const lookups = planSearch(query);
  // Every lookup the query plans, in one batch.
  const [first, ...rest] = lookups.map((lookup) => searchLookupQuery(deps.db, lookup));
  const found = first ? ((await deps.db.batch([first, ...rest])) as unknown[][]) : [];
  const answers = lookups.map((lookup, index) => ({ lookup, rows: found[index] ?? [] }));
  const results: SearchResult[] = [];
  let moreClients = false;
  const ofAmount: PaymentSummaryRow[][] = [];
  const seenClients = new Set<string>();
  for (const { lookup, rows } of answers) {
    switch (lookup.kind) {
      case "client_number":
      case "name_prefix": {
        const list = rows as { number: string; name: string; email: string | null }[];
        if (lookup.kind === "name_prefix" && list.length > NAME_MATCHES) moreClients = true;
        for (const row of list.slice(0, NAME_MATCHES)) {
          if (seenClients.has(row.number)) continue;
          seenClients.add(row.number);
          results.push({ type: "client", clientNumber: row.number, name: row.name, email: row.email, matchedBy: lookup.kind });
        }
        break;
      }
      case "invoice_number":
        for (const row of rows as { invoiceNumber: string; itemDate: string; originalCents: number; clientNumber: string; clientName: string }[]) {
          results.push({ type: "invoice", ...row });
        }
        break;
      case "amount_charged":
      case "amount_on_items":
        ofAmount.push(rows as PaymentSummaryRow[]);
        break;
      case "payment_id":
      case "payment_intent":
        for (const row of rows as PaymentSummaryRow[]) results.push(paymentResult(row, lookup.kind));
        break;
      case "pay_link":
        for (const row of rows as {
          code: string;
          expiresAt: number;
          revokedAt: number | null;
          invoiceNumber: string;
          clientNumber: string;
          clientName: string;
        }[]) {
          results.push({
            type: "pay_link",
            code: row.code,
            state: payLinkState(row, deps.now()),
            invoiceNumber: row.invoiceNumber,
            clientNumber: row.clientNumber,
            clientName: row.clientName,
          });
        }
        break;
      case "help_reference":
        for (const row of rows as { id: number; reference: string; name: string; company: string; status: string; submittedAt: number }[]) {
          results.push({ type: "help_request", ...row });
        }
        break;
    }
  }
  const amountMatches = mergeAmountMatches(ofAmount, AMOUNT_MATCHES);
  for (const row of amountMatches.shown) results.push(paymentResult(row, "amount"));
  return { query: query.trim(), results, moreClients, morePayments: amountMatches.more };
}

// ---------------------------------------------------------------------------------------------
// Lists

export async function listPayments(deps: { db: Database }, query: ListQuery, clientNumber: string | null = null) {
  const rows = await paymentsPageQuery(deps.db, query, clientNumber);
  return pageOf(rows, query.limit, (row): Cursor => ({ at: row.createdAt, id: row.id }));
}

// ---------------------------------------------------------------------------------------------
// Client page

/** Payments the client page lists; one more is read to say that there are more. */
const CLIENT_PAGE_PAYMENTS = 100;

/** Everything the client page shows, in one round trip. */
export async function loadClientView(deps: { db: Database; now: () => number }, clientNumber: string): Promise<ClientView> {
  const { db } = deps;
  const client = clientIdOfNumber(clientNumber);
  const [clientRows, itemRows, allocationRows, paymentRows, linkRows, helpRows] = await db.batch([
    clientByNumberQuery(db, clientNumber),
    clientItemsByDateQuery(db, client),
    clientAllocationsQuery(db, client),
    clientPaymentSummariesQuery(db, client, CLIENT_PAGE_PAYMENTS + 1),
    clientPayLinksQuery(db, client),
    clientHelpRequestsQuery(db, clientNumber),
  ]);
  const found = clientRows[0];
  if (!found) throw new PortalError("not_found", "no such client");
  const now = deps.now();
  const items = withBalances(itemRows.map(toPayableItem), allocationRows.map(toAllocation));
  return {
    client: found,
    items,
    outstandingCents: totalOutstanding(items),
    pendingCents: sumCents(items.map((item) => item.pendingCents)),
    payments: paymentRows.slice(0, CLIENT_PAGE_PAYMENTS),
    morePayments: paymentRows.length > CLIENT_PAGE_PAYMENTS,
    links: linkRows.map((link) => ({ ...link, state: payLinkState(link, now) })),
    help: helpRows,
  };
}

/** An invoice's PDF for staff: any client's, by number; not found for paper invoices or a PDF not loaded. */
export async function openStaffInvoicePdf(db: Database, bucket: R2Bucket, invoiceNumber: string): Promise<R2ObjectBody> {
  const invoice = await findInvoiceForPdf(db, invoiceNumber);
  return openInvoicePdf(bucket, invoice?.pdfKey ?? null);
}

// ---------------------------------------------------------------------------------------------
// Payment page and its timeline

/** Everything the payment page shows, in one round trip; null when there is no such payment. */
async function readPaymentPage(db: Database, paymentId: string) {
  const [paymentRows, allocations, refunds, emails, actions, events] = await db.batch([
    paymentWithClientQuery(db, paymentId),
    allocationLinesQuery(db, paymentId),
    paymentRefundsQuery(db, paymentId),
    paymentEmailsQuery(db, paymentId),
    actionsOnTargetQuery(db, paymentId),
    paymentEventsQuery(db, { ...paymentStripeIds(db, paymentId), refunds: paymentRefundIds(db, paymentId) }),
  ]);
  const found = paymentRows[0];
  if (!found) return null;
  return { payment: found.payment, client: found.client, allocations, refunds, emails, actions, events };
}

export async function loadPaymentView(deps: { db: Database }, paymentId: string): Promise<PaymentView> {
  const data = await readPaymentPage(deps.db, paymentId);
  if (!data) throw new PortalError("not_found", "no such payment");
  const { payment } = data;
  const timeline: TimelineEntry[] = [{ at: payment.createdAt, kind: "attempt", label: "attempt_recorded", detail: null }];
  if (payment.stripePaymentIntentId) {
    // The first thing after the attempt is the call that created the PaymentIntent.
    timeline.push({ at: payment.createdAt, kind: "stripe_call", label: "payment_intent_created", detail: payment.stripePaymentIntentId });
  }
  for (const event of data.events) {
    const kind: TimelineKind = event.type.startsWith("charge.dispute.")
      ? "dispute"
      : event.type.startsWith("refund.") || event.type === "charge.refunded"
        ? "refund"
        : "webhook";
    timeline.push({ at: event.receivedAt, kind, label: event.type, detail: event.lastError ? `${event.id}: ${event.lastError}` : event.id });
  }
  if (payment.settledAt) timeline.push({ at: payment.settledAt, kind: "settled", label: payment.status, detail: null });
  for (const email of data.emails) {
    timeline.push({ at: email.sentAt ?? email.createdAt, kind: "email", label: email.kind, detail: `${email.recipient ?? "—"} · ${email.status}` });
  }
  for (const action of data.actions) {
    const staff = { by: action.email, action: paymentStaffAction(action.action, action.details) };
    timeline.push({ at: action.at, kind: "staff", label: action.action, detail: null, staff });
  }
  timeline.sort((a, b) => a.at - b.at);
  return {
    ...data,
    refundableCents: refundableCents({ ...payment, allocations: data.allocations }),
    cancellable: cancellableStatus(payment.status) && payment.status !== "created" && Boolean(payment.stripePaymentIntentId),
    timeline,
  };
}

// ---------------------------------------------------------------------------------------------
// Refunds

export interface RefundRequest {
  /** null: the rest of what can be refunded. */
  amountCents: number | null;
  reason: "duplicate" | "fraudulent" | "requested_by_customer";
  /** The form's one-time key (or the API's Idempotency-Key): a double click refunds once. */
  requestKey: string;
}

export async function requestRefund(deps: StaffDeps, paymentId: string, request: RefundRequest, actor: Actor) {
  const payment = await findPayment(deps.db, paymentId);
  if (!payment) throw new PortalError("not_found", "no such payment");
  const view = await readPaymentPage(deps.db, paymentId);
  const plan = planRefund({ ...payment, allocations: view?.allocations ?? [] }, request.amountCents);
  if (!plan.ok) throw new StaffOpError(plan.error, plan.leftCents);
  if (!payment.stripePaymentIntentId) throw new StaffOpError("not_settled", 0);
  let refund;
  try {
    refund = await deps.gateway.createRefund({
      paymentIntentId: payment.stripePaymentIntentId,
      amountCents: plan.amountCents,
      reason: request.reason,
      idempotencyKey: `staff-refund:${payment.id}:${request.requestKey}`,
      metadata: { portal_payment_id: payment.id, staff_email: actor.email },
    });
  } catch (error) {
    if (error instanceof GatewayRequestError) {
      // Stripe's own check (a refund made in the Dashboard, a dispute): nothing changed here.
      throw new StaffOpError(
        error.code === "amount_too_large" || error.code === "charge_already_refunded" ? "too_much" : "stripe_refused",
        plan.leftAfterCents + plan.amountCents,
        error.message,
      );
    }
    if (error instanceof GatewayUnavailableError) throw new StaffOpError("provider_unavailable", plan.amountCents);
    throw error;
  }
  await recordStaffActionOnce(
    deps.db,
    {
      email: actor.email,
      action: "refund_payment",
      target: payment.id,
      details: { refundId: refund.id, amountCents: refund.amountCents, feePartCents: plan.feePartCents, reason: request.reason },
      now: deps.now(),
    },
    refund.id,
  );
  return { refundId: refund.id, amountCents: refund.amountCents, status: refund.status, feePartCents: plan.feePartCents, itemsPartCents: plan.itemsPartCents };
}

// ---------------------------------------------------------------------------------------------
// Receipt resend

export async function resendReceipt(
  deps: { db: Database; now: () => number },
  paymentId: string,
  input: { to: string | null; requestKey: string },
  actor: Actor,
) {
  const payment = await findPayment(deps.db, paymentId);
  if (!payment) throw new PortalError("not_found", "no such payment");
  const kind =
    payment.status === "succeeded"
      ? "payment_received"
      : payment.status === "processing" && portalMethod(payment.method)?.settlesLater
        ? "payment_pending"
        : null;
  if (!kind) throw new StaffOpError("no_receipt", 0);
  const recipient = input.to?.trim() || payment.receiptEmail;
  if (!recipient) throw new StaffOpError("no_address", 0);
  if (!isEmailAddress(recipient)) throw new PortalError("validation", "not an email address", { fieldErrors: { to: "email" } });
  const queued = await queueStaffEmail(
    deps.db,
    { kind, dedupeKey: `resend:${payment.id}:${input.requestKey}`, paymentId: payment.id, recipient, language: payment.language, now: deps.now() },
    { email: actor.email, action: "resend_receipt", target: payment.id, details: { to: recipient, kind }, now: deps.now() },
  );
  return { kind, to: recipient, queued };
}

// ---------------------------------------------------------------------------------------------
// Cancel

export async function cancelPayment(deps: StaffDeps, paymentId: string, actor: Actor) {
  const payment = await findPayment(deps.db, paymentId);
  if (!payment) throw new PortalError("not_found", "no such payment");
  if (!payment.stripePaymentIntentId || !cancellableStatus(payment.status) || payment.status === "created") throw new StaffOpError("not_cancellable", 0);
  let result;
  try {
    result = await deps.gateway.cancelPayment(payment.stripePaymentIntentId, "requested_by_customer", `staff-cancel:${payment.id}`);
  } catch (error) {
    if (error instanceof GatewayRequestError) throw new StaffOpError("stripe_refused_cancel", 0, error.message);
    if (error instanceof GatewayUnavailableError) throw new StaffOpError("provider_unavailable", 0);
    throw error;
  }
  await applyGatewayPayment(deps.db, payment, result, deps.now());
  await queueStaffEmail(
    deps.db,
    {
      kind: "payment_canceled",
      dedupeKey: `payment_canceled:${payment.id}`,
      paymentId: payment.id,
      recipient: payment.receiptEmail,
      language: payment.language,
      now: deps.now(),
    },
    {
      email: actor.email,
      action: "cancel_payment",
      target: payment.id,
      details: { paymentIntentId: payment.stripePaymentIntentId, from: payment.status },
      now: deps.now(),
    },
  );
  return { status: result.status };
}
