// The D1 schema. drizzle-kit generates migrations/ from this file; wrangler applies them.
// Money columns are integer cents; dates are ISO text; instants are integer milliseconds.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from "../domain/language";
import { foldedNameSql } from "../domain/name-fold";
import { PAY_METHODS, STORED_METHODS } from "../domain/payment-methods";
import { PAYMENT_STATUSES } from "../domain/payment-status";

/**
 * A table's definition, made when the module loads. Marked free of side effects, so the bundler
 * leaves out a table a Worker never queries (the client Worker has none of the staff-only tables).
 */
/* @__NO_SIDE_EFFECTS__ */
function table<T>(define: () => T): T {
  return define();
}

export const clients = table(() =>
  sqliteTable(
    "clients",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      /** 8 digits starting with 2, as printed on the firm's invoices. */
      number: text("number").notNull().unique(),
      name: text("name").notNull(),
      email: text("email"),
      createdAt: integer("created_at").notNull(),
      /** The name as staff search matches it (worker/domain/name-fold.ts); SQLite keeps it current. */
      nameFolded: text("name_folded").generatedAlwaysAs(sql.raw(foldedNameSql()), { mode: "virtual" }),
    },
    (table) => [index("clients_name_folded_idx").on(table.nameFolded)],
  ),
);

/** Invoices and late fees: everything a client can pay. */
export const items = table(() =>
  sqliteTable(
    "items",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      clientId: integer("client_id")
        .notNull()
        .references(() => clients.id),
      kind: text("kind", { enum: ["invoice", "late_fee"] }).notNull(),
      invoiceNumber: text("invoice_number").notNull(),
      itemDate: text("item_date").notNull(),
      originalCents: integer("original_cents").notNull(),
      delivery: text("delivery", { enum: ["electronic", "paper"] }),
      pdfKey: text("pdf_key"),
      createdAt: integer("created_at").notNull(),
      updatedAt: integer("updated_at").notNull(),
    },
    (table) => [
      uniqueIndex("items_invoice_number_unique").on(table.invoiceNumber).where(sql`kind = 'invoice'`),
      uniqueIndex("items_late_fee_unique").on(table.invoiceNumber, table.itemDate).where(sql`kind = 'late_fee'`),
      index("items_client_idx").on(table.clientId),
    ],
  ),
);

/** One row per payment attempt, written before the payment provider is called. */
export const payments = table(() =>
  sqliteTable(
    "payments",
    {
      id: text("id").primaryKey(),
      clientId: integer("client_id")
        .notNull()
        .references(() => clients.id),
      status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
      method: text("method", { enum: STORED_METHODS }).notNull(),
      cardFunding: text("card_funding"),
      subtotalCents: integer("subtotal_cents").notNull(),
      feeCents: integer("fee_cents").notNull().default(0),
      totalCents: integer("total_cents").notNull(),
      refundedCents: integer("refunded_cents").notNull().default(0),
      feeRefundedCents: integer("fee_refunded_cents").notNull().default(0),
      /** Amount taken back by an open or lost dispute (ACH failures after success arrive this way). */
      disputedCents: integer("disputed_cents").notNull().default(0),
      /** While set and in the future, one request is talking to the provider about this payment. */
      providerCallUntil: integer("provider_call_until"),
      methodLabel: text("method_label"),
      receiptEmail: text("receipt_email"),
      language: text("language", { enum: LANGUAGE_CODES }).notNull().default(DEFAULT_LANGUAGE),
      stripePaymentIntentId: text("stripe_payment_intent_id").unique(),
      stripeChargeId: text("stripe_charge_id"),
      failureCode: text("failure_code"),
      failureMessage: text("failure_message"),
      createdAt: integer("created_at").notNull(),
      updatedAt: integer("updated_at").notNull(),
      settledAt: integer("settled_at"),
      /** JSON of the exact provider request, fixed when the attempt is recorded: every retry resends it. */
      providerRequest: text("provider_request"),
      /** When the reconciliation job last listed this payment's refunds at Stripe. */
      refundsCheckedAt: integer("refunds_checked_at"),
      /** Microdeposit verification (bank details entered by hand): Stripe's hosted page and arrival time. */
      verificationUrl: text("verification_url"),
      verificationArrivalAt: integer("verification_arrival_at"),
      /** "amounts" | "descriptor_code" */
      verificationType: text("verification_type"),
      /** The last reconciliation failure for this payment (error class only), cleared when it succeeds. */
      reconcileError: text("reconcile_error"),
      reconcileErrorAt: integer("reconcile_error_at"),
    },
    (table) => [
      index("payments_client_idx").on(table.clientId),
      // Lists page newest first by (created_at, id): the id in the index serves ties and row-value cursors.
      index("payments_created_id_idx").on(table.createdAt, table.id),
      index("payments_client_created_id_idx").on(table.clientId, table.createdAt, table.id),
      index("payments_status_created_id_idx").on(table.status, table.createdAt, table.id),
      // Staff search by amount: what was charged, or what it paid on items.
      index("payments_total_created_id_idx").on(table.totalCents, table.createdAt, table.id),
      index("payments_subtotal_created_id_idx").on(table.subtotalCents, table.createdAt, table.id),
      index("payments_refund_check_idx")
        .on(table.status, sql`coalesce(${table.refundsCheckedAt}, 0)`, table.settledAt)
        .where(sql`${table.stripePaymentIntentId} IS NOT NULL`),
      index("payments_reconcile_error_id_idx").on(table.reconcileErrorAt, table.id).where(sql`${table.reconcileError} IS NOT NULL`),
      index("payments_reconcile_error_status_id_idx").on(table.status, table.reconcileErrorAt, table.id).where(sql`${table.reconcileError} IS NOT NULL`),
    ],
  ),
);

export const paymentAllocations = table(() =>
  sqliteTable(
    "payment_allocations",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      paymentId: text("payment_id")
        .notNull()
        .references(() => payments.id),
      itemId: integer("item_id")
        .notNull()
        .references(() => items.id),
      amountCents: integer("amount_cents").notNull(),
      /** Refunded or disputed part of the amount. */
      reversedCents: integer("reversed_cents").notNull().default(0),
    },
    (table) => [uniqueIndex("allocations_payment_item_unique").on(table.paymentId, table.itemId), index("allocations_item_idx").on(table.itemId)],
  ),
);

/** Portal sessions: no accounts, just a signed cookie that names one of these rows. */
export const portalSessions = table(() =>
  sqliteTable(
    "portal_sessions",
    {
      id: text("id").primaryKey(),
      clientId: integer("client_id")
        .notNull()
        .references(() => clients.id),
      entry: text("entry", { enum: ["lookup", "link"] }).notNull(),
      /** JSON array of item ids saved by "OK" on the list step. */
      selection: text("selection"),
      /** Step 5: one of the method table's names (domain/payment-methods.ts). */
      payMethod: text("pay_method", { enum: PAY_METHODS }),
      /** Step 6: JSON array of { itemId, cents } the client asked to pay. */
      amounts: text("amounts"),
      /** Step 7: the receipt email and the Stripe ConfirmationToken made in the browser. */
      receiptEmail: text("receipt_email"),
      confirmationToken: text("confirmation_token"),
      /** Step 8: the payment attempt the review page offers to confirm (its idempotency key). */
      attemptId: text("attempt_id"),
      createdAt: integer("created_at").notNull(),
      lastSeenAt: integer("last_seen_at").notNull(),
      endedAt: integer("ended_at"),
    },
    (table) => [index("portal_sessions_client_idx").on(table.clientId)],
  ),
);

/** Failed lookups per key ("ip:..." or "invoice:..."), for the lockout across locations. */
export const lookupFailures = table(() =>
  sqliteTable(
    "lookup_failures",
    {
      key: text("key").primaryKey(),
      failures: integer("failures").notNull(),
      windowStartedAt: integer("window_started_at").notNull(),
    },
    // The cron deletes expired windows by their start.
    (table) => [index("lookup_failures_window_idx").on(table.windowStartedAt)],
  ),
);

/** Stripe webhook events, stored before they are applied; the id makes redelivery a no-op. */
export const stripeEvents = table(() =>
  sqliteTable(
    "stripe_events",
    {
      id: text("id").primaryKey(),
      type: text("type").notNull(),
      objectId: text("object_id"),
      payload: text("payload").notNull(),
      receivedAt: integer("received_at").notNull(),
      processedAt: integer("processed_at"),
      attempts: integer("attempts").notNull().default(0),
      lastError: text("last_error"),
    },
    (table) => [
      index("stripe_events_object_idx").on(table.objectId),
      index("stripe_events_type_idx").on(table.type),
      index("stripe_events_unprocessed_idx").on(table.receivedAt).where(sql`${table.processedAt} IS NULL`),
    ],
  ),
);

/** Refunds as Stripe reports them; the payment's refunded total is derived from these. */
export const refunds = table(() =>
  sqliteTable(
    "refunds",
    {
      id: text("id").primaryKey(),
      paymentId: text("payment_id")
        .notNull()
        .references(() => payments.id),
      amountCents: integer("amount_cents").notNull(),
      status: text("status").notNull(),
      createdAt: integer("created_at").notNull(),
    },
    (table) => [index("refunds_payment_idx").on(table.paymentId)],
  ),
);

/** Disputes as Stripe last reported them; the payment's disputed total is derived from these. */
export const disputes = table(() =>
  sqliteTable(
    "disputes",
    {
      id: text("id").primaryKey(),
      paymentId: text("payment_id")
        .notNull()
        .references(() => payments.id),
      amountCents: integer("amount_cents").notNull(),
      status: text("status").notNull(),
      /** What Stripe has taken from the firm for it, net of reinstatements. */
      withdrawnCents: integer("withdrawn_cents").notNull().default(0),
      updatedAt: integer("updated_at").notNull(),
    },
    (table) => [index("disputes_payment_idx").on(table.paymentId)],
  ),
);

/** Things about money that staff must look at; the dedupe key keeps replays from repeating them. */
export const paymentAlerts = table(() =>
  sqliteTable(
    "payment_alerts",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      dedupeKey: text("dedupe_key").notNull().unique(),
      at: integer("at").notNull(),
      /** "succeeded_after_failure" | "refund_refused" | "webhook_api_version" */
      kind: text("kind").notNull(),
      paymentId: text("payment_id"),
      /** JSON. */
      details: text("details").notNull().default("{}"),
    },
    (table) => [index("payment_alerts_at_idx").on(table.at), index("payment_alerts_kind_at_idx").on(table.kind, table.at)],
  ),
);

/**
 * Outgoing emails, written in the same batch as the change that causes them; a queue consumer
 * delivers them. dedupe_key makes "one email per event" a database fact. Status: pending ->
 * sending (claimed by one consumer) -> sent; failed (dead-lettered) or unconfirmed (a consumer
 * stopped between sending and recording) wait for the staff.
 */
export const outbox = table(() =>
  sqliteTable(
    "outbox",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      dedupeKey: text("dedupe_key").notNull().unique(),
      kind: text("kind").notNull(),
      paymentId: text("payment_id"),
      recipient: text("recipient"),
      language: text("language", { enum: LANGUAGE_CODES }).notNull().default(DEFAULT_LANGUAGE),
      status: text("status").notNull().default("pending"),
      attempts: integer("attempts").notNull().default(0),
      lastError: text("last_error"),
      createdAt: integer("created_at").notNull(),
      sentAt: integer("sent_at"),
      /** The help request an email is about (help_request_received, help_request_ack). */
      helpRequestId: integer("help_request_id"),
      /** When a queue message was last sent (or is due) for this row; null: never enqueued. */
      enqueuedAt: integer("enqueued_at"),
      /** While status is "sending": when the consumer claimed the row. */
      claimedAt: integer("claimed_at"),
    },
    (table) => [
      index("outbox_status_idx").on(table.status),
      index("outbox_payment_kind_idx").on(table.paymentId, table.kind, table.createdAt),
      index("outbox_payment_idx").on(table.paymentId),
    ],
  ),
);

// ------------------------------------------------------------------------------------------------
// Help requests (the "Need help?" form, through the help queue), the staff's history on them,
// queue messages that could not be processed, and a record of every email sent.
// ------------------------------------------------------------------------------------------------

/** One row per help request, stored by the queue consumer; the reference makes redelivery a no-op. */
export const helpRequests = table(() =>
  sqliteTable(
    "help_requests",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      /** HR-XXXXXX, generated by the Worker and shown to the client at once. */
      reference: text("reference").notNull().unique(),
      submittedAt: integer("submitted_at").notNull(),
      language: text("language", { enum: LANGUAGE_CODES }).notNull(),
      name: text("name").notNull(),
      email: text("email").notNull(),
      phone: text("phone"),
      company: text("company").notNull(),
      /** Attached by the server from the client's portal session, never typed. */
      sessionClientNumber: text("session_client_number"),
      /** A client or invoice number the client typed. */
      typedNumber: text("typed_number"),
      topic: text("topic").notNull(),
      message: text("message").notNull(),
      status: text("status", { enum: ["new", "in_progress", "answered"] })
        .notNull()
        .default("new"),
      /** Two business days after the request, in the firm's time zone (YYYY-MM-DD). */
      dueDate: text("due_date").notNull(),
      storedAt: integer("stored_at").notNull(),
      updatedAt: integer("updated_at").notNull(),
    },
    (table) => [
      index("help_requests_submitted_idx").on(table.submittedAt),
      index("help_requests_status_submitted_idx").on(table.status, table.submittedAt),
      index("help_requests_session_client_idx").on(table.sessionClientNumber),
      index("help_requests_typed_number_idx").on(table.typedNumber),
    ],
  ),
);

/** Status changes and internal notes, with the staff member who made them. */
export const helpRequestEvents = table(() =>
  sqliteTable(
    "help_request_events",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      requestId: integer("request_id")
        .notNull()
        .references(() => helpRequests.id),
      at: integer("at").notNull(),
      staffEmail: text("staff_email").notNull(),
      fromStatus: text("from_status"),
      toStatus: text("to_status"),
      note: text("note"),
    },
    (table) => [index("help_request_events_request_idx").on(table.requestId)],
  ),
);

/** Messages no consumer could process (and emails that may not have gone out), for the staff. */
export const deadLetters = table(() =>
  sqliteTable(
    "dead_letters",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      /** Makes a redelivered dead letter a no-op. */
      dedupeKey: text("dedupe_key").notNull().unique(),
      /** "help" or "email": what the message was for. */
      source: text("source").notNull(),
      /** The message body as JSON, so nothing typed by a client is lost. */
      body: text("body").notNull(),
      reason: text("reason").notNull(),
      receivedAt: integer("received_at").notNull(),
      resolvedAt: integer("resolved_at"),
      resolvedBy: text("resolved_by"),
      resolution: text("resolution"),
    },
    (table) => [index("dead_letters_received_idx").on(table.receivedAt), index("dead_letters_resolution_received_idx").on(table.resolution, table.receivedAt)],
  ),
);

/** Exactly what went out for an outbox row, recorded in the same batch that marks it sent. */
export const sentEmails = table(() =>
  sqliteTable("sent_emails", {
    /** The outbox row's id (no foreign key: test and maintenance scripts clear the outbox alone). */
    outboxId: integer("outbox_id").primaryKey(),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").notNull(),
    ccAddresses: text("cc_addresses"),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    sentAt: integer("sent_at").notNull(),
  }),
);

// ---------------------------------------------------------------------------------------------
// Pay links and the staff side: the signed links printed on invoices, each use of them, and the
// record of every staff action.

/** One signed pay link (worker/domain/pay-links.ts) for one invoice; never deleted, only revoked. */
export const payLinks = table(() =>
  sqliteTable(
    "pay_links",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      /** The whole 16-character code; unique, so a random-id collision fails the insert and is retried. */
      code: text("code").notNull().unique(),
      keyId: text("key_id").notNull(),
      /** The invoice (an item of kind 'invoice'); the client is that invoice's. */
      itemId: integer("item_id")
        .notNull()
        .references(() => items.id),
      expiresAt: integer("expires_at").notNull(),
      createdAt: integer("created_at").notNull(),
      /** The staff email, or "seed" for the demo data. */
      createdBy: text("created_by").notNull(),
      revokedAt: integer("revoked_at"),
      revokedBy: text("revoked_by"),
    },
    (table) => [
      // An invoice's links in created_at order; the rowid (the id) ends every index of this table.
      index("pay_links_item_created_idx").on(table.itemId, table.createdAt),
      index("pay_links_created_idx").on(table.createdAt),
      index("pay_links_unrevoked_created_idx").on(table.createdAt).where(sql`${table.revokedAt} IS NULL`),
      index("pay_links_revoked_created_idx").on(table.createdAt).where(sql`${table.revokedAt} IS NOT NULL`),
    ],
  ),
);

/** Each time a genuine link was opened: when, from which network, which browser, and how it went. */
export const payLinkUses = table(() =>
  sqliteTable(
    "pay_link_uses",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      linkId: integer("link_id")
        .notNull()
        .references(() => payLinks.id),
      usedAt: integer("used_at").notNull(),
      /** /24 (IPv4) or /48 (IPv6): never the full address. */
      ipPrefix: text("ip_prefix").notNull(),
      browser: text("browser").notNull(),
      outcome: text("outcome", { enum: ["opened", "expired", "revoked"] }).notNull(),
    },
    (table) => [index("pay_link_uses_link_idx").on(table.linkId)],
  ),
);

/** Every staff action, with the Access identity that took it. */
export const staffActions = table(() =>
  sqliteTable(
    "staff_actions",
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      at: integer("at").notNull(),
      email: text("email").notNull(),
      /** e.g. "import_invoices", "upload_pdf", "mint_pay_link", "revoke_pay_link", "export_payments". */
      action: text("action").notNull(),
      target: text("target"),
      /** JSON. */
      details: text("details").notNull().default("{}"),
    },
    (table) => [index("staff_actions_at_idx").on(table.at), index("staff_actions_target_idx").on(table.target, table.at)],
  ),
);

/**
 * An import's checked rows (clients and items that change), written in batches and applied by one
 * atomic D1 batch that also deletes them; leftovers of an interrupted import are purged by age.
 */
export const importStaging = table(() =>
  sqliteTable(
    "import_staging",
    {
      importId: text("import_id").notNull(),
      seq: integer("seq").notNull(),
      record: text("record", { enum: ["client", "invoice", "late_fee"] }).notNull(),
      change: text("change", { enum: ["create", "update"] }).notNull(),
      clientNumber: text("client_number").notNull(),
      clientName: text("client_name"),
      clientEmail: text("client_email"),
      invoiceNumber: text("invoice_number"),
      itemDate: text("item_date"),
      originalCents: integer("original_cents"),
      delivery: text("delivery", { enum: ["electronic", "paper"] }),
      pdfKey: text("pdf_key"),
      stagedAt: integer("staged_at").notNull(),
    },
    (table) => [primaryKey({ columns: [table.importId, table.seq] }), index("import_staging_staged_idx").on(table.stagedAt)],
  ),
);
