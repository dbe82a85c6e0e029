// Every email goes one way: an outbox row written in the batch that causes it, its id on the
// email queue, one consumer that claims the row, renders it from the ledger, sends it and records
// what went out. A cron sweep re-enqueues rows whose message was lost and flags rows whose
// consumer stopped between sending and recording, so nothing is stuck and nothing is guessed.
import { contactWindow, isoDateInZone } from "../domain/business-days";
import { PAYMENT_EMAIL_KINDS, type PaymentEmailKind } from "../domain/emails";
import { forDisplay } from "../domain/help";
import { languageOr } from "../domain/language";
import type { EmailConfig } from "../env";
import type { Mailer, OutgoingEmail } from "../gateways/mailer";
import type { EmailQueue } from "../queue/messages";
import type { Database } from "../storage/db";
import { findHelpRequestById } from "../storage/help-repo";
import { findClientById } from "../storage/clients-repo";
import {
  claimOutbox,
  failIfPending,
  findOutbox,
  listMailbox,
  listRequeueable,
  listStaleClaims,
  markUnconfirmed,
  recordSent,
  releaseOutbox,
  setEnqueuedAt,
  takeUnenqueued,
  type OutboxRecord,
} from "../storage/outbox-repo";
import { findPayment, listAllocations } from "../storage/payments-repo";
import { listRefunds } from "../storage/refunds-repo";
import { describeError } from "../logger";

/** How long a consumer owns a claimed row: far longer than one send takes. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** A pending row whose message has not been consumed by then is enqueued again. */
export const REQUEUE_AFTER_MS = 60_000;

/** Renders an outbox row from what the ledger (or the help request) says now. */
export async function renderOutboxEmail(db: Database, row: OutboxRecord, config: EmailConfig): Promise<OutgoingEmail> {
  const base = { from: config.from };
  if ((PAYMENT_EMAIL_KINDS as readonly string[]).includes(row.kind)) {
    const payment = row.paymentId ? await findPayment(db, row.paymentId) : null;
    if (!payment) throw new Error(`payment ${row.paymentId} not found for outbox ${row.id}`);
    const [allocations, client, refunds] = await Promise.all([
      listAllocations(db, payment.id),
      findClientById(db, payment.clientId),
      listRefunds(db, payment.id),
    ]);
    const rendered = config.templates.payment({
      kind: row.kind as PaymentEmailKind,
      status: payment.status,
      language: languageOr(row.language),
      firmName: config.firmName,
      arEmail: config.arEmail,
      client: client ? { name: client.name, number: client.number } : null,
      payment: {
        id: payment.id,
        method: payment.method,
        cardFunding: payment.cardFunding,
        methodLabel: payment.methodLabel,
        subtotalCents: payment.subtotalCents,
        feeCents: payment.feeCents,
        totalCents: payment.totalCents,
        refundedCents: payment.refundedCents,
        feeRefundedCents: payment.feeRefundedCents,
        reference: payment.stripePaymentIntentId,
        createdAt: payment.createdAt,
        failureCode: payment.failureCode,
        verificationUrl: payment.verificationUrl,
        verificationArrivalAt: payment.verificationArrivalAt,
        verificationType: payment.verificationType,
      },
      lines: allocations.map((a) => ({ kind: a.kind, invoiceNumber: a.invoiceNumber, cents: a.amountCents })),
      refunds: refunds.filter((r) => r.status !== "failed" && r.status !== "canceled").map((r) => ({ amountCents: r.amountCents, createdAt: r.createdAt })),
    });
    // The client gets it with the accounts-receivable team copied; with no client address, the team alone.
    // A copy the client asked for again goes to the client alone: the team had the original.
    return row.recipient
      ? { ...base, ...rendered, to: [row.recipient], cc: row.kind === "receipt_copy" ? [] : [config.arEmail], replyTo: config.arEmail }
      : { ...base, ...rendered, to: [config.arEmail], cc: [], replyTo: null };
  }
  if (row.kind === "help_request_received" || row.kind === "help_request_ack") {
    const stored = row.helpRequestId ? await findHelpRequestById(db, row.helpRequestId) : null;
    if (!stored) throw new Error(`help request ${row.helpRequestId} not found for outbox ${row.id}`);
    const request = forDisplay(stored);
    if (row.kind === "help_request_received") {
      const rendered = config.templates.helpReceived(request, { language: languageOr(row.language), firmName: config.firmName, timeZone: config.timeZone });
      // Replying answers the client directly.
      return { ...base, ...rendered, to: [row.recipient ?? config.arEmail], cc: [], replyTo: request.email };
    }
    const window = contactWindow(isoDateInZone(request.submittedAt, config.timeZone));
    const rendered = config.templates.helpAck(request, window, { language: languageOr(row.language), firmName: config.firmName, arEmail: config.arEmail });
    return { ...base, ...rendered, to: [row.recipient ?? request.email], cc: [], replyTo: config.arEmail };
  }
  throw new Error(`unknown email kind ${row.kind}`);
}

export type Delivery =
  | { outcome: "sent" }
  /** Sent, failed or unconfirmed already: nothing to do for this message. */
  | { outcome: "done" }
  /** Another consumer holds the row right now: look again when its lease ends. */
  | { outcome: "busy"; retryAfterSeconds: number }
  /** The holder's lease ran out without a record: flagged for the staff, not resent. */
  | { outcome: "unconfirmed" }
  | { outcome: "missing" };

export interface DeliveryDeps {
  db: Database;
  mailer: Mailer;
  now: () => number;
  config: EmailConfig;
}

/**
 * Delivers one outbox row at most once. Throws when rendering or sending failed; the row is then
 * pending again, due at `retryAt`, and the caller retries the message.
 */
export async function deliverOutboxEmail(deps: DeliveryDeps, outboxId: number, retryAt: number): Promise<Delivery> {
  const now = deps.now();
  const claimed = await claimOutbox(deps.db, outboxId, now);
  if (!claimed) {
    const row = await findOutbox(deps.db, outboxId);
    if (!row) return { outcome: "missing" };
    if (row.status === "sending" && row.claimedAt !== null) {
      const held = now - row.claimedAt;
      if (held < CLAIM_LEASE_MS) return { outcome: "busy", retryAfterSeconds: Math.ceil((CLAIM_LEASE_MS - held) / 1000) + 1 };
      await markUnconfirmed(deps.db, row.id, row.claimedAt, now);
      return { outcome: "unconfirmed" };
    }
    // A pending row here was released by a failed attempt between our two reads: its own retry sends it.
    return { outcome: "done" };
  }
  const claimedAt = claimed.claimedAt!;
  let email: OutgoingEmail;
  try {
    email = await renderOutboxEmail(deps.db, claimed, deps.config);
    await deps.mailer.send(email);
  } catch (error) {
    await releaseOutbox(deps.db, outboxId, claimedAt, describeError(error), retryAt);
    throw error;
  }
  // Sent: recording it is all that is left. A failure here is retried in place rather than by the
  // queue, because a redelivery could not tell "sent, not recorded" from "not sent".
  const record = {
    fromAddress: `${email.from.name} <${email.from.email}>`,
    toAddresses: email.to.join(", "),
    ccAddresses: email.cc.length ? email.cc.join(", ") : null,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await recordSent(deps.db, outboxId, claimedAt, record, deps.now());
      return { outcome: "sent" };
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** After a change that wrote outbox rows commits: their ids go on the email queue. */
export async function dispatchPendingEmails(deps: { db: Database; emailQueue: EmailQueue; now: () => number }): Promise<number> {
  const ids = await takeUnenqueued(deps.db, deps.now(), 100);
  if (ids.length === 0) return 0;
  try {
    await deps.emailQueue.send(ids);
  } catch (error) {
    // Handed back: the next dispatch or the cron sweep enqueues them.
    await setEnqueuedAt(deps.db, ids, null);
    throw error;
  }
  return ids.length;
}

/** The cron job: lost messages re-enqueued, stale claims flagged, never-enqueued rows sent on. */
export async function sweepOutbox(deps: { db: Database; emailQueue: EmailQueue; now: () => number }): Promise<{ requeued: number; unconfirmed: number }> {
  const now = deps.now();
  let unconfirmed = 0;
  for (const stale of await listStaleClaims(deps.db, now - CLAIM_LEASE_MS, 100)) {
    if (await markUnconfirmed(deps.db, stale.id, stale.claimedAt, now)) unconfirmed++;
  }
  const ids = await listRequeueable(deps.db, now - REQUEUE_AFTER_MS, 100);
  if (ids.length) {
    await setEnqueuedAt(deps.db, ids, now);
    await deps.emailQueue.send(ids);
  }
  return { requeued: ids.length, unconfirmed };
}

/** The dead-letter consumer's part for emails: the row fails and the staff see it. */
export async function failEmail(db: Database, outboxId: number, now: number): Promise<boolean> {
  return failIfPending(db, outboxId, now);
}

export interface MailboxItem {
  id: number;
  kind: string;
  status: string;
  createdAt: number;
  email: { from: string; to: string; cc: string | null; replyTo: string | null; subject: string; text: string; html: string } | null;
  error: string | null;
}

/** The development mailbox: what was sent, as recorded; what waits, as it would render now. */
export async function loadMailbox(db: Database, config: EmailConfig, limit = 100): Promise<MailboxItem[]> {
  const rows = await listMailbox(db, limit);
  return Promise.all(
    rows.map(async ({ row, sent }) => {
      const item = { id: row.id, kind: row.kind, status: row.status, createdAt: row.createdAt };
      if (sent) {
        return {
          ...item,
          email: {
            from: sent.fromAddress,
            to: sent.toAddresses,
            cc: sent.ccAddresses,
            replyTo: sent.replyTo,
            subject: sent.subject,
            text: sent.text,
            html: sent.html,
          },
          error: null,
        };
      }
      try {
        const email = await renderOutboxEmail(db, row, config);
        const from = `${email.from.name} <${email.from.email}>`;
        return {
          ...item,
          email: {
            from,
            to: email.to.join(", "),
            cc: email.cc.join(", ") || null,
            replyTo: email.replyTo,
            subject: email.subject,
            text: email.text,
            html: email.html,
          },
          error: null,
        };
      } catch (error) {
        return { ...item, email: null, error: describeError(error) };
      }
    }),
  );
}
