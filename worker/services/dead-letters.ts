// Dead letters: what the queues could not process after every retry, stored for the staff with
// the full message, and the staff's two ways out: retry (once the cause is fixed) or close.
import { forDisplay } from "../domain/help";
import { parseMessage, type EmailQueue, type HelpRequestMessage } from "../queue/messages";
import type { Database } from "../storage/db";
import { findDeadLetter, insertDeadLetter, listDeadLetters, resolveDeadLetter, type DeadLetterRecord } from "../storage/dead-letters-repo";
import { requeueOutbox } from "../storage/outbox-repo";
import { dispatchPendingEmails, failEmail } from "./emails";
import { storeHelpRequest } from "./help";
import { log } from "../logger";
import { pageOf, type Cursor, type ListQuery } from "../domain/cursor";
import type { DeadLetterSummary, DeadLetterView } from "../domain/staff-views";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { DeadLetterSummary, DeadLetterView };

function safeJson(body: unknown): string {
  try {
    return JSON.stringify(body ?? null).slice(0, 100_000);
  } catch {
    return JSON.stringify(String(body)).slice(0, 100_000);
  }
}

/** A message the dead-letter queue delivered: stored once, whatever it was. */
export async function recordDeadLetter(deps: { db: Database; now: () => number }, message: { id: string; body: unknown }): Promise<void> {
  const parsed = parseMessage(message.body);
  const now = deps.now();
  if (parsed?.type === "email") {
    // Only if the email is still unsent: a duplicate message may have delivered it meanwhile.
    await failEmail(deps.db, parsed.outboxId, now);
    return;
  }
  if (parsed?.type === "help_request") {
    await insertDeadLetter(deps.db, {
      dedupeKey: `help:${parsed.reference}:${parsed.submittedAt}`,
      source: "help",
      body: JSON.stringify(parsed),
      reason: "retries",
      now,
    });
    return;
  }
  await recordUnreadable(deps, message);
}

/** A body that is not one of ours: no retry can help, so it goes straight to the staff. */
export async function recordUnreadable(deps: { db: Database; now: () => number }, message: { id: string; body: unknown }): Promise<void> {
  await insertDeadLetter(deps.db, {
    dedupeKey: `unreadable:${message.id}`,
    source: "unknown",
    body: safeJson(message.body),
    reason: "malformed",
    now: deps.now(),
  });
}

type OutboxFacts = { kind: string | null; recipient: string | null; status: string | null; lastError: string | null };

/** What a letter is about; an email's facts come from its outbox row, which the list reads with it. */
function summaryOf(letter: DeadLetterRecord, outbox: OutboxFacts | null): DeadLetterSummary {
  let body: unknown;
  try {
    body = JSON.parse(letter.body);
  } catch {
    return { kind: "unknown" };
  }
  const parsed = parseMessage(body);
  if (parsed?.type === "help_request") return { kind: "help", message: parsed };
  if (parsed?.type === "email") {
    return {
      kind: "email",
      outboxId: parsed.outboxId,
      emailKind: outbox?.kind ?? null,
      recipient: outbox?.recipient ?? null,
      status: outbox?.status ?? null,
      lastError: outbox?.lastError ?? null,
    };
  }
  return { kind: "unknown" };
}

/** One page of dead letters, newest first (a status and dates if asked), with the next page's cursor: one round trip. */
export async function loadDeadLetters(deps: { db: Database }, query: ListQuery): Promise<{ rows: DeadLetterView[]; nextCursor: string | null }> {
  const page = pageOf(await listDeadLetters(deps.db, query), query.limit, (letter): Cursor => ({ at: letter.receivedAt, id: String(letter.id) }));
  const rows = page.rows.map(({ outboxKind, outboxRecipient, outboxStatus, outboxLastError, ...letter }) => {
    const summary = summaryOf(letter, { kind: outboxKind, recipient: outboxRecipient, status: outboxStatus, lastError: outboxLastError });
    // Shown to staff: the client's texts with bidi controls made visible, like the inbox.
    return { letter, summary: summary.kind === "help" ? { ...summary, message: { ...summary.message, draft: forDisplay(summary.message.draft) } } : summary };
  });
  return { rows, nextCursor: page.nextCursor };
}

export interface RetryDeps {
  db: Database;
  now: () => number;
  emailQueue: EmailQueue;
  timeZone: string;
  arEmail: string;
}

/** Runs the message's work again, now, and closes the dead letter if it went through. */
export async function retryDeadLetter(deps: RetryDeps, id: number, staffEmail: string): Promise<"done" | "failed"> {
  const letter = await findDeadLetter(deps.db, id);
  if (!letter || letter.resolvedAt !== null) return "done";
  // A retry needs only what the letter names; the email's row is requeued by id.
  const summary = summaryOf(letter, null);
  try {
    if (summary.kind === "help") {
      const stored = await storeHelpRequest(deps, summary.message);
      if (stored === "collision") return "failed";
    } else if (summary.kind === "email") {
      // Failed or unconfirmed rows go back to pending; a row already sent or pending stays as it is.
      await requeueOutbox(deps.db, summary.outboxId);
    } else {
      return "failed";
    }
  } catch (error) {
    log.error("dead letter retry failed", {}, error);
    return "failed";
  }
  await resolveDeadLetter(deps.db, id, staffEmail, "retried", deps.now());
  await dispatchPendingEmails(deps).catch((error) => log.error("email dispatch failed", {}, error));
  return "done";
}

export async function closeDeadLetter(deps: { db: Database; now: () => number }, id: number, staffEmail: string): Promise<void> {
  await resolveDeadLetter(deps.db, id, staffEmail, "handled", deps.now());
}
