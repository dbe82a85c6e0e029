// The payment aggregate: a payment and its allocations to items. Every business change is one
// atomic D1 batch, with the email (outbox-repo) and alert (alerts-repo) it causes. The reads a
// page puts in its batch are in payment-reads-repo.ts.
import type { Language } from "../domain/language";
import { and, asc, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PayMethod } from "../domain/payment-methods";
import type { PaymentStatus } from "../domain/payment-status";
import { insertAlertIf, type PaymentAlert } from "./alerts-repo";
import { rowFrom, type BatchStatement, type Database, type SessionBatchPart } from "./db";
import { insertOutboxFrom, RECEIPT_COPY_KIND, type OutboxEmail } from "./outbox-repo";
import { clients, items, outbox, paymentAllocations, payments, portalSessions } from "./schema";

export type PaymentRecord = typeof payments.$inferSelect;

export interface AllocationRecord {
  id: number;
  itemId: number;
  amountCents: number;
  reversedCents: number;
  kind: "invoice" | "late_fee";
  invoiceNumber: string;
}

export interface NewPayment {
  id: string;
  clientId: number;
  method: PayMethod;
  cardFunding: string | null;
  methodLabel: string;
  subtotalCents: number;
  feeCents: number;
  totalCents: number;
  receiptEmail: string | null;
  language: Language;
  /** JSON of the provider request this attempt sends, every time (null only for attempts recorded by hand). */
  providerRequest?: string | null;
  now: number;
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
    if (isOverpayment(error)) return "overpayment";
    // The same attempt confirmed twice at once: the other request recorded it first.
    if (message.includes("UNIQUE constraint failed: payments.id")) return "exists";
    throw error;
  }
}

export async function findPayment(db: Database, id: string): Promise<PaymentRecord | null> {
  return (await db.select().from(payments).where(eq(payments.id, id)).get()) ?? null;
}

export async function findPaymentForClient(db: Database, clientId: number, id: string): Promise<PaymentRecord | null> {
  return (
    (await db
      .select()
      .from(payments)
      .where(and(eq(payments.id, id), eq(payments.clientId, clientId)))
      .get()) ?? null
  );
}

export async function findPaymentByIntent(db: Database, paymentIntentId: string): Promise<PaymentRecord | null> {
  return (await db.select().from(payments).where(eq(payments.stripePaymentIntentId, paymentIntentId)).get()) ?? null;
}

/** An allocation with its item's kind and invoice number: what every allocation read returns. */
export const allocationColumns = {
  id: paymentAllocations.id,
  itemId: paymentAllocations.itemId,
  amountCents: paymentAllocations.amountCents,
  reversedCents: paymentAllocations.reversedCents,
  kind: items.kind,
  invoiceNumber: items.invoiceNumber,
};

export async function listAllocations(db: Database, paymentId: string): Promise<AllocationRecord[]> {
  return db
    .select(allocationColumns)
    .from(paymentAllocations)
    .innerJoin(items, eq(items.id, paymentAllocations.itemId))
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(asc(paymentAllocations.id));
}

export interface ReceiptCopy {
  clientId: number;
  paymentId: string;
  dedupeKey: string;
  language: Language;
  now: number;
  windowStart: number;
  limit: number;
  receiptStatuses: readonly PaymentStatus[];
}

/**
 * A receipt copy in the outbox, written only if the payment is this client's, has a receipt and
 * an address, and fewer than `limit` copies were asked for since `windowStart`. The check and the
 * insert are one statement (D1 runs statements one at a time), so concurrent clicks can never
 * exceed the limit; the dedupe key makes a repeated form post one email. Returns the row written.
 */
export function receiptCopyInsert(db: Database, copy: ReceiptCopy) {
  const eligible = and(
    eq(payments.id, copy.paymentId),
    eq(payments.clientId, copy.clientId),
    inArray(payments.status, [...copy.receiptStatuses]),
    sql`${payments.receiptEmail} IS NOT NULL`,
    sql`(SELECT count(*) FROM ${outbox} WHERE ${outbox.paymentId} = ${copy.paymentId} AND ${outbox.kind} = ${RECEIPT_COPY_KIND} AND ${outbox.createdAt} > ${copy.windowStart}) < ${copy.limit}`,
  );
  return insertOutboxFrom(
    db,
    payments,
    {
      dedupeKey: copy.dedupeKey,
      kind: RECEIPT_COPY_KIND,
      paymentId: payments.id,
      recipient: payments.receiptEmail,
      language: copy.language,
      createdAt: copy.now,
    },
    eligible,
  ).returning({ id: outbox.id, createdAt: outbox.createdAt });
}

/** An email about a payment, written only if the payment matches `condition` once the batch's update ran. */
function paymentEmail(db: Database, email: OutboxEmail, condition: SQL | undefined, now: number) {
  return insertOutboxFrom(db, payments, { ...email, paymentId: payments.id, createdAt: now }, condition);
}

export interface PaymentChange {
  paymentId: string;
  to: PaymentStatus;
  from: PaymentStatus[];
  stripePaymentIntentId?: string | null;
  stripeChargeId?: string | null;
  failureCode?: string | null;
  failureMessage?: string | null;
  now: number;
}

/**
 * advancePayment's statements, for a caller's batch: the first is the conditional update, whose
 * returned rows say whether the status changed.
 */
export function advancePaymentStatements(
  db: Database,
  change: PaymentChange,
  email: OutboxEmail | null,
  alert: PaymentAlert | null = null,
): [BatchStatement, ...BatchStatement[]] {
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
  const landed = and(eq(payments.id, change.paymentId), eq(payments.status, change.to));
  return [update, ...(email ? [paymentEmail(db, email, landed, change.now)] : []), ...(alert ? [insertAlertIf(db, alert, landed, change.now)] : [])];
}

/**
 * Moves a payment to a new status if it is still in one of `from` (stale updates change nothing),
 * with the email that change causes, in one batch. Returns whether the status changed.
 */
export async function advancePayment(
  db: Database,
  change: PaymentChange,
  email: OutboxEmail | null,
  /** Raised in the same batch, only if the change happened (the payment is then in `to`). */
  alert: PaymentAlert | null = null,
  /** The caller's writes that go with this change, in the same batch. */
  also: BatchStatement[] = [],
): Promise<boolean> {
  const [rows] = (await db.batch([...advancePaymentStatements(db, change, email, alert), ...also])) as [unknown[]];
  return rows.length > 0;
}

/** The review's basis, which the session row must still hold for its attempt to be recorded. */
export interface SessionHolds {
  confirmationToken: string;
  amountsJson: string;
  payMethod: "ach" | "card";
  receiptEmail: string;
  clientNumber: string;
}

export interface ConfirmRead {
  /** This request recorded the attempt (and reserved its amounts). */
  reserved: boolean;
  /** This request holds the provider-call lease on the attempt. */
  claimed: boolean;
  payment: PaymentRecord | null;
}

/**
 * The confirm's part of its session's batch: the attempt recorded and its amounts reserved (when
 * the session, live, still holds exactly what the review showed, and the attempt is new), the
 * provider-call lease claimed (a new or unanswered attempt of this client), and the attempt read.
 * The no-overpayment trigger aborts the whole batch if an amount is no longer payable.
 */
export function confirmAttemptPart(
  attemptId: string,
  lease: { now: number; leaseMs: number },
  reservation: { payment: Omit<NewPayment, "id" | "clientId">; allocations: { itemId: number; cents: number }[]; holds: SessionHolds } | null,
): SessionBatchPart<ConfirmRead> {
  return {
    statements(db, session) {
      const statements: BatchStatement[] = [];
      if (reservation) {
        const { payment, holds } = reservation;
        const sessionHolds = and(
          session.live,
          eq(portalSessions.attemptId, attemptId),
          eq(portalSessions.confirmationToken, holds.confirmationToken),
          eq(portalSessions.amounts, holds.amountsJson),
          eq(portalSessions.payMethod, holds.payMethod),
          eq(portalSessions.receiptEmail, holds.receiptEmail),
          sql`(select ${clients.number} from ${clients} where ${clients.id} = ${portalSessions.clientId}) = ${holds.clientNumber}`,
        );
        statements.push(
          db
            .insert(payments)
            .select(
              db
                .select(
                  rowFrom(payments, {
                    ...payment,
                    id: attemptId,
                    clientId: portalSessions.clientId,
                    status: "created",
                    refundedCents: 0,
                    feeRefundedCents: 0,
                    disputedCents: 0,
                    createdAt: payment.now,
                    updatedAt: payment.now,
                  }),
                )
                .from(portalSessions)
                .where(sessionHolds),
            )
            .onConflictDoNothing()
            .returning({ id: payments.id }),
        );
        // The amounts go with the attempt they belong to; a repeat of this attempt changes nothing.
        const recorded = sql`exists (select 1 from ${payments} where ${payments.id} = ${attemptId} and ${payments.clientId} = ${portalSessions.clientId})`;
        for (const allocation of reservation.allocations) {
          statements.push(
            db
              .insert(paymentAllocations)
              .select(
                db
                  .select(rowFrom(paymentAllocations, { paymentId: attemptId, itemId: allocation.itemId, amountCents: allocation.cents, reversedCents: 0 }))
                  .from(portalSessions)
                  .where(and(sessionHolds, recorded)),
              )
              .onConflictDoNothing(),
          );
        }
      }
      statements.push(
        db
          .update(payments)
          .set({ providerCallUntil: lease.now + lease.leaseMs })
          .where(
            and(
              eq(payments.id, attemptId),
              eq(payments.clientId, session.clientId),
              eq(payments.status, "created"),
              sql`coalesce(${payments.providerCallUntil}, 0) < ${lease.now}`,
              sql`exists (select 1 from ${portalSessions} where ${session.live})`,
            ),
          )
          .returning({ id: payments.id }),
        db
          .select()
          .from(payments)
          .where(and(eq(payments.id, attemptId), eq(payments.clientId, session.clientId)))
          .limit(1),
      );
      return statements;
    },
    decode(results) {
      const [claimed, found] = results.slice(-2) as [unknown[], PaymentRecord[]];
      return { reserved: reservation !== null && (results[0] as unknown[]).length > 0, claimed: claimed.length > 0, payment: found[0] ?? null };
    },
  };
}

/** The batch aborted because an amount is no longer payable (the no-overpayment trigger). */
export function isOverpayment(error: unknown): boolean {
  return String((error as Error)?.message ?? error).includes("overpayment");
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
  await releaseProviderCallQuery(db, paymentId);
}

/** releaseProviderCall as a statement, for the batch that records what the call brought. */
export function releaseProviderCallQuery(db: Database, paymentId: string) {
  return db.update(payments).set({ providerCallUntil: null }).where(eq(payments.id, paymentId));
}

/** Records the provider's id as soon as it is known, whatever the status (a statement, for a batch). */
export function attachPaymentIntentQuery(db: Database, paymentId: string, paymentIntentId: string, now: number) {
  return db.update(payments).set({ stripePaymentIntentId: paymentIntentId, updatedAt: now }).where(eq(payments.id, paymentId));
}

/** Records where and by when the client verifies microdeposits, as soon as the provider says so (a statement). */
export function attachVerificationQuery(db: Database, paymentId: string, verification: { url: string; arrivalAt: number; type: string }) {
  return db
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
    ...(email ? [paymentEmail(db, email, eq(payments.id, paymentId), figures.now)] : []),
  ];
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
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

/** Attempts of a client recorded but never answered by the provider, with no call in flight. */
export async function listStrandedAttempts(db: Database, clientId: number, now: number): Promise<PaymentRecord[]> {
  return strandedAttemptsQuery(db, clientId, now);
}

/** listStrandedAttempts as a query, for a caller's batch; the client and the time may be SQL (a subquery, a placeholder). */
export function strandedAttemptsQuery(db: Database, clientId: number | SQL<number>, now: number | SQLWrapper) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.clientId, clientId),
        eq(payments.status, "created"),
        // Unary + keeps SQLite off the PaymentIntent's unique index for IS NULL, which at scale walks
        // every check and wire payment; the client's index finds this client's few payments.
        sql`+${payments.stripePaymentIntentId} IS NULL`,
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
