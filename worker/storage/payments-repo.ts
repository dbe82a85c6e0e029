// The payment ledger: payments, their allocations to items, refunds, webhook events and the
// outbox of emails. Every business change is one atomic D1 batch.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PaymentStatus } from "../domain/payment-status";
import type { Database } from "./db";
import { disputes, items, outbox, paymentAlerts, paymentAllocations, payments, refunds, stripeEvents } from "./schema";

export type PaymentRecord = typeof payments.$inferSelect;

export interface AllocationRecord {
  id: number;
  itemId: number;
  amountCents: number;
  reversedCents: number;
  kind: "invoice" | "late_fee";
  invoiceNumber: string;
}

export interface OutboxEmail {
  kind: string;
  dedupeKey: string;
  recipient: string | null;
  language: string;
}

export interface NewPayment {
  id: string;
  clientId: number;
  method: "ach" | "card";
  cardFunding: string | null;
  methodLabel: string;
  subtotalCents: number;
  feeCents: number;
  totalCents: number;
  receiptEmail: string | null;
  language: string;
  /** JSON of the provider request this attempt sends, every time (null only for attempts recorded by hand). */
  providerRequest?: string | null;
  now: number;
}

export interface PaymentAlert {
  kind: "succeeded_after_failure" | "refund_refused" | "webhook_api_version";
  dedupeKey: string;
  paymentId: string | null;
  details: Record<string, unknown>;
}

/**
 * Records a payment attempt and reserves its amounts in one batch, before the provider is called.
 * The no-overpayment trigger aborts the whole batch if any item would be paid beyond its total
 * (another tab got there first).
 */
export async function reservePayment(
  db: Database,
  payment: NewPayment,
  allocations: { itemId: number; cents: number }[],
): Promise<"reserved" | "overpayment" | "exists"> {
  const [first, ...rest] = allocations;
  if (!first) throw new Error("a payment needs at least one allocation");
  const insertAllocation = (a: { itemId: number; cents: number }) =>
    db.insert(paymentAllocations).values({ paymentId: payment.id, itemId: a.itemId, amountCents: a.cents });
  try {
    await db.batch([
      db.insert(payments).values({
        id: payment.id,
        clientId: payment.clientId,
        status: "created",
        method: payment.method,
        cardFunding: payment.cardFunding,
        methodLabel: payment.methodLabel,
        subtotalCents: payment.subtotalCents,
        feeCents: payment.feeCents,
        totalCents: payment.totalCents,
        receiptEmail: payment.receiptEmail,
        language: payment.language,
        providerRequest: payment.providerRequest ?? null,
        createdAt: payment.now,
        updatedAt: payment.now,
      }),
      insertAllocation(first),
      ...rest.map(insertAllocation),
    ]);
    return "reserved";
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    if (message.includes("overpayment")) return "overpayment";
    // The same attempt confirmed twice at once: the other request recorded it first.
    if (message.includes("UNIQUE constraint failed: payments.id")) return "exists";
    throw error;
  }
}

export async function findPayment(db: Database, id: string): Promise<PaymentRecord | null> {
  return (await db.select().from(payments).where(eq(payments.id, id)).get()) ?? null;
}

export async function findPaymentForClient(db: Database, clientId: number, id: string): Promise<PaymentRecord | null> {
  return (await db.select().from(payments).where(and(eq(payments.id, id), eq(payments.clientId, clientId))).get()) ?? null;
}

export async function findPaymentByIntent(db: Database, paymentIntentId: string): Promise<PaymentRecord | null> {
  return (await db.select().from(payments).where(eq(payments.stripePaymentIntentId, paymentIntentId)).get()) ?? null;
}

export async function listAllocations(db: Database, paymentId: string): Promise<AllocationRecord[]> {
  return db
    .select({
      id: paymentAllocations.id,
      itemId: paymentAllocations.itemId,
      amountCents: paymentAllocations.amountCents,
      reversedCents: paymentAllocations.reversedCents,
      kind: items.kind,
      invoiceNumber: items.invoiceNumber,
    })
    .from(paymentAllocations)
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(asc(paymentAllocations.id));
}

/**
 * An outbox row inserted only if its payment matches `condition` once the batch's update ran, and
 * at most once per dedupe key (INSERT ... SELECT ... ON CONFLICT DO NOTHING, batchable).
 */
function outboxInsertIf(db: Database, email: OutboxEmail, condition: SQL | undefined, now: number) {
  return db
    .insert(outbox)
    .select(
      db
        .select({
          id: sql<number>`NULL`.as("id"),
          dedupeKey: sql<string>`${email.dedupeKey}`.as("dedupe_key"),
          kind: sql<string>`${email.kind}`.as("kind"),
          paymentId: payments.id,
          recipient: sql<string | null>`${email.recipient}`.as("recipient"),
          language: sql<string>`${email.language}`.as("language"),
          status: sql<string>`'pending'`.as("status"),
          attempts: sql<number>`0`.as("attempts"),
          lastError: sql<string | null>`NULL`.as("last_error"),
          createdAt: sql<number>`${now}`.as("created_at"),
          sentAt: sql<number | null>`NULL`.as("sent_at"),
          // INSERT ... SELECT fills every outbox column in table order.
          helpRequestId: sql<number | null>`NULL`.as("help_request_id"),
          enqueuedAt: sql<number | null>`NULL`.as("enqueued_at"),
          claimedAt: sql<number | null>`NULL`.as("claimed_at"),
        })
        .from(payments)
        .where(condition),
    )
    .onConflictDoNothing();
}

/**
 * Moves a payment to a new status if it is still in one of `from` (stale updates change nothing),
 * with the email that change causes, in one batch. Returns whether the status changed.
 */
export async function advancePayment(
  db: Database,
  change: {
    paymentId: string;
    to: PaymentStatus;
    from: PaymentStatus[];
    stripePaymentIntentId?: string | null;
    stripeChargeId?: string | null;
    failureCode?: string | null;
    failureMessage?: string | null;
    now: number;
  },
  email: OutboxEmail | null,
  /** Raised in the same batch, only if the change happened (the payment is then in `to`). */
  alert: PaymentAlert | null = null,
): Promise<boolean> {
  const update = db
    .update(payments)
    .set({
      status: change.to,
      updatedAt: change.now,
      ...(change.stripePaymentIntentId ? { stripePaymentIntentId: change.stripePaymentIntentId } : {}),
      ...(change.stripeChargeId ? { stripeChargeId: change.stripeChargeId } : {}),
      ...(change.failureCode !== undefined ? { failureCode: change.failureCode } : {}),
      ...(change.failureMessage !== undefined ? { failureMessage: change.failureMessage?.slice(0, 300) ?? null } : {}),
      ...(change.to === "succeeded" ? { settledAt: change.now } : {}),
    })
    .where(and(eq(payments.id, change.paymentId), inArray(payments.status, change.from)))
    .returning({ id: payments.id });
  if (!email && !alert) {
    const rows = await update;
    return rows.length > 0;
  }
  const landed = and(eq(payments.id, change.paymentId), eq(payments.status, change.to));
  const [rows] = await db.batch([
    update,
    ...(email ? [outboxInsertIf(db, email, landed, change.now)] : []),
    ...(alert ? [alertInsertIf(db, alert, landed, change.now)] : []),
  ]);
  return rows.length > 0;
}

/**
 * Claims the right to call the provider for a payment for `leaseMs`, atomically: of two requests
 * confirming the same attempt at once, one calls and the other shows the payment's progress.
 */
export async function claimProviderCall(db: Database, paymentId: string, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(payments)
    .set({ providerCallUntil: now + leaseMs })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "created"), sql`coalesce(${payments.providerCallUntil}, 0) < ${now}`))
    .returning({ id: payments.id });
  return rows.length > 0;
}

export async function releaseProviderCall(db: Database, paymentId: string): Promise<void> {
  await db.update(payments).set({ providerCallUntil: null }).where(eq(payments.id, paymentId));
}

/** Records the provider's id as soon as it is known, whatever the status. */
export async function attachPaymentIntent(db: Database, paymentId: string, paymentIntentId: string, now: number): Promise<void> {
  await db.update(payments).set({ stripePaymentIntentId: paymentIntentId, updatedAt: now }).where(eq(payments.id, paymentId));
}

/** Records where and by when the client verifies microdeposits, as soon as the provider says so. */
export async function attachVerification(db: Database, paymentId: string, verification: { url: string; arrivalAt: number; type: string }): Promise<void> {
  await db
    .update(payments)
    .set({ verificationUrl: verification.url, verificationArrivalAt: verification.arrivalAt, verificationType: verification.type })
    .where(eq(payments.id, paymentId));
}

/** Writes cumulative reversal figures (from refunds and disputes) with an optional email, in one batch. */
export async function writeReversal(
  db: Database,
  paymentId: string,
  figures: { refundedCents: number; disputedCents: number; feeReversedCents: number; allocationReversals: Map<number, number>; now: number },
  email: OutboxEmail | null,
): Promise<void> {
  const statements = [
    db
      .update(payments)
      .set({
        refundedCents: figures.refundedCents,
        disputedCents: figures.disputedCents,
        feeRefundedCents: figures.feeReversedCents,
        updatedAt: figures.now,
      })
      .where(eq(payments.id, paymentId)),
    ...[...figures.allocationReversals].map(([allocationId, cents]) =>
      db.update(paymentAllocations).set({ reversedCents: cents }).where(eq(paymentAllocations.id, allocationId)),
    ),
    ...(email ? [outboxInsertIf(db, email, eq(payments.id, paymentId), figures.now)] : []),
  ];
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
}

export async function upsertRefund(
  db: Database,
  refund: { id: string; paymentId: string; amountCents: number; status: string; createdAt: number },
): Promise<void> {
  await db
    .insert(refunds)
    .values(refund)
    .onConflictDoUpdate({ target: refunds.id, set: { status: refund.status, amountCents: refund.amountCents } });
}

/** Refunds that count: pending ones too (the money is on its way back), failed or canceled ones not. */
export async function refundedTotal(db: Database, paymentId: string, exceptRefundId?: string): Promise<number> {
  const row = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amountCents}), 0)` })
    .from(refunds)
    .where(
      and(
        eq(refunds.paymentId, paymentId),
        inArray(refunds.status, ["succeeded", "pending", "requires_action"]),
        exceptRefundId ? sql`${refunds.id} <> ${exceptRefundId}` : undefined,
      ),
    )
    .get();
  return row?.total ?? 0;
}

/** Stores a webhook event once; returns whether it still needs processing. */
export async function storeEvent(
  db: Database,
  event: { id: string; type: string; objectId: string | null; raw: string; now: number },
): Promise<"new" | "pending" | "done"> {
  const inserted = await db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, objectId: event.objectId, payload: event.raw, receivedAt: event.now })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  if (inserted.length) return "new";
  const existing = await db.select({ processedAt: stripeEvents.processedAt }).from(stripeEvents).where(eq(stripeEvents.id, event.id)).get();
  return existing?.processedAt ? "done" : "pending";
}

export async function markEventProcessed(db: Database, id: string, now: number): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ processedAt: now, attempts: sql`${stripeEvents.attempts} + 1`, lastError: null })
    .where(eq(stripeEvents.id, id));
}

export async function markEventFailed(db: Database, id: string, error: string): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ attempts: sql`${stripeEvents.attempts} + 1`, lastError: error.slice(0, 300) })
    .where(eq(stripeEvents.id, id));
}

export async function listUnprocessedEvents(db: Database, limit: number) {
  return db.select().from(stripeEvents).where(sql`${stripeEvents.processedAt} IS NULL`).orderBy(asc(stripeEvents.receivedAt)).limit(limit);
}

/** Payments still waiting on the provider, for the periodic reconciliation. */
export async function listUnsettledPayments(db: Database, olderThan: number, limit: number): Promise<PaymentRecord[]> {
  return db
    .select()
    .from(payments)
    .where(and(inArray(payments.status, ["created", "requires_action", "processing"]), sql`${payments.updatedAt} < ${olderThan}`))
    .orderBy(asc(payments.updatedAt))
    .limit(limit);
}

/** An alert row inserted only if `condition` holds on its payment, once per dedupe key (batchable). */
function alertInsertIf(db: Database, alert: PaymentAlert, condition: SQL | undefined, now: number) {
  return db
    .insert(paymentAlerts)
    .select(
      db
        .select({
          id: sql<number>`NULL`.as("id"),
          dedupeKey: sql<string>`${alert.dedupeKey}`.as("dedupe_key"),
          at: sql<number>`${now}`.as("at"),
          kind: sql<string>`${alert.kind}`.as("kind"),
          paymentId: payments.id,
          details: sql<string>`${JSON.stringify(alert.details)}`.as("details"),
        })
        .from(payments)
        .where(condition),
    )
    .onConflictDoNothing();
}

export async function recordAlert(db: Database, alert: PaymentAlert, now: number): Promise<void> {
  await db
    .insert(paymentAlerts)
    .values({ dedupeKey: alert.dedupeKey, at: now, kind: alert.kind, paymentId: alert.paymentId, details: JSON.stringify(alert.details) })
    .onConflictDoNothing();
}

export async function listAlerts(db: Database, limit: number) {
  return db.select().from(paymentAlerts).orderBy(desc(paymentAlerts.id)).limit(limit);
}

/** Stores a dispute as Stripe reports it now (a replay of an older event re-reads the same state). */
export async function upsertDispute(
  db: Database,
  dispute: { id: string; paymentId: string; amountCents: number; status: string; withdrawnCents: number; now: number },
): Promise<void> {
  await db
    .insert(disputes)
    .values({ id: dispute.id, paymentId: dispute.paymentId, amountCents: dispute.amountCents, status: dispute.status, withdrawnCents: dispute.withdrawnCents, updatedAt: dispute.now })
    .onConflictDoUpdate({
      target: disputes.id,
      set: { status: dispute.status, amountCents: dispute.amountCents, withdrawnCents: dispute.withdrawnCents, updatedAt: dispute.now },
    });
}

export async function disputedTotal(db: Database, paymentId: string): Promise<number> {
  const row = await db
    .select({ total: sql<number>`coalesce(sum(${disputes.withdrawnCents}), 0)` })
    .from(disputes)
    .where(eq(disputes.paymentId, paymentId))
    .get();
  return row?.total ?? 0;
}

/** Attempts of a client recorded but never answered by the provider, with no call in flight. */
export async function listStrandedAttempts(db: Database, clientId: number, now: number): Promise<PaymentRecord[]> {
  return strandedAttemptsQuery(db, clientId, now);
}

/** listStrandedAttempts as a query, for a caller's batch; the client may be an SQL expression. */
export function strandedAttemptsQuery(db: Database, clientId: number | SQL<number>, now: number) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.clientId, clientId),
        eq(payments.status, "created"),
        sql`${payments.stripePaymentIntentId} IS NULL`,
        sql`coalesce(${payments.providerCallUntil}, 0) < ${now}`,
      ),
    )
    .limit(10);
}

/** Paid payments whose refunds were checked longest ago (never first), for the reconciliation job. */
export async function listPaymentsForRefundCheck(db: Database, checkedBefore: number, limit: number): Promise<PaymentRecord[]> {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.status, "succeeded"),
        sql`${payments.stripePaymentIntentId} IS NOT NULL`,
        sql`coalesce(${payments.refundsCheckedAt}, 0) < ${checkedBefore}`,
      ),
    )
    .orderBy(sql`coalesce(${payments.refundsCheckedAt}, 0)`, asc(payments.settledAt))
    .limit(limit);
}

export async function markRefundsChecked(db: Database, paymentId: string, now: number): Promise<void> {
  await db.update(payments).set({ refundsCheckedAt: now }).where(eq(payments.id, paymentId));
}

/** Records (or clears, with null) the last reconciliation failure of a payment: the error class only. */
export async function markReconcileError(db: Database, paymentId: string, error: string | null, now: number): Promise<void> {
  await db
    .update(payments)
    .set({ reconcileError: error?.slice(0, 120) ?? null, reconcileErrorAt: error ? now : null })
    .where(eq(payments.id, paymentId));
}
