// Help requests: the client's submission (checked, then handed to the help queue, answered at
// once), the consumer's store-once, and the staff inbox's verbs.
import { contactWindow, dueDate, isOverdue, isoDateInZone } from "../domain/business-days";
import { pageOf, parseListQuery, type Cursor, type ListQuery } from "../domain/cursor";
import { PortalError, type HelpUpdateProblem } from "../domain/errors";
import { ipKey } from "../domain/ip";
import { DEFAULT_LANGUAGE, type Language } from "../domain/language";
import {
  HELP_STATUSES,
  HELP_TOPICS,
  checkHelpRequest,
  checkStaffUpdate,
  forDisplay,
  referenceFromBytes,
  type HelpField,
  type HelpFieldError,
  type HelpInput,
  type HelpStatus,
  type HelpTopic,
} from "../domain/help";
import type { ChallengeVerifier } from "../gateways/turnstile";
import type { HelpQueue, HelpRequestMessage } from "../queue/messages";
import type { Database } from "../storage/db";
import { insertDeadLetter } from "../storage/dead-letters-repo";
import {
  findHelpRequest,
  listHelpEvents,
  listHelpRequests,
  recordStaffUpdate,
  referenceExists,
  storeHelpRequestOnce,
  type HelpRequestRecord,
} from "../storage/help-repo";
import { findClientById } from "../storage/clients-repo";
import { log } from "../logger";
import type { HelpEventView, InboxRow } from "../domain/staff-views";

// The inbox's limits and the firm's day, for the routes' messages and file names.
export { HELP_LIMITS } from "../domain/help";
export { isoDateInZone } from "../domain/business-days";

// The staff pages' view models live in domain/ (ui/ renders them); re-exported for the worker.
export type { HelpEventView, InboxRow };

export interface SubmitDeps {
  db: Database;
  now: () => number;
  limiter: RateLimit;
  queue: HelpQueue;
  challenge: ChallengeVerifier;
  timeZone: string;
}

export type SubmitResult =
  | { outcome: "invalid"; errors: Partial<Record<HelpField, HelpFieldError>> }
  | { outcome: "rate_limited" }
  | { outcome: "challenge_failed" }
  | { outcome: "challenge_unavailable" }
  | { outcome: "queue_unavailable" }
  | { outcome: "sent"; reference: string; window: { from: string; to: string }; email: string };

/**
 * A reference not yet in D1. The check is best effort: with D1 unavailable the request still goes
 * to the queue, and the consumer keeps a (very unlikely) colliding request as a dead letter.
 */
async function newReference(db: Database): Promise<string> {
  let reference = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    reference = referenceFromBytes(crypto.getRandomValues(new Uint8Array(6)));
    try {
      if (!(await referenceExists(db, reference))) return reference;
    } catch {
      return reference;
    }
  }
  return reference;
}

export async function submitHelpRequest(
  deps: SubmitDeps,
  input: HelpInput,
  context: { ip: string; language: Language; sessionClientId: number | null; challengeToken: string },
): Promise<SubmitResult> {
  const checked = checkHelpRequest(input);
  if (!checked.ok) return { outcome: "invalid", errors: checked.errors };

  const { success } = await deps.limiter.limit({ key: `help:${ipKey(context.ip)}` });
  if (!success) return { outcome: "rate_limited" };

  const challenge = await deps.challenge.verify(context.challengeToken, context.ip === "unknown" ? null : context.ip);
  if (challenge === "failed") return { outcome: "challenge_failed" };
  if (challenge === "unavailable") return { outcome: "challenge_unavailable" };

  // The session's client number is the server's to attach; the form never carries it.
  const client = context.sessionClientId === null ? null : await findClientById(deps.db, context.sessionClientId);
  const now = deps.now();
  const message: HelpRequestMessage = {
    type: "help_request",
    reference: await newReference(deps.db),
    submittedAt: now,
    language: context.language,
    sessionClientNumber: client?.number ?? null,
    draft: checked.draft,
  };
  try {
    await deps.queue.send(message);
  } catch (error) {
    log.error("help queue refused a request", { name: (error as Error)?.name });
    return { outcome: "queue_unavailable" };
  }
  return { outcome: "sent", reference: message.reference, window: contactWindow(isoDateInZone(now, deps.timeZone)), email: checked.draft.email };
}

export interface StoreDeps {
  db: Database;
  now: () => number;
  timeZone: string;
  arEmail: string;
}

/**
 * The help queue's consumer: stores the request once, with the email to the accounts-receivable
 * team and the acknowledgment to the client in the same batch.
 */
export async function storeHelpRequest(deps: StoreDeps, message: HelpRequestMessage): Promise<"stored" | "duplicate" | "collision"> {
  const now = deps.now();
  const { draft } = message;
  const result = await storeHelpRequestOnce(
    deps.db,
    {
      reference: message.reference,
      submittedAt: message.submittedAt,
      language: message.language,
      name: draft.name,
      email: draft.email,
      phone: draft.phone,
      company: draft.company,
      sessionClientNumber: message.sessionClientNumber,
      typedNumber: draft.number,
      topic: draft.topic,
      message: draft.message,
      dueDate: dueDate(isoDateInZone(message.submittedAt, deps.timeZone)),
      now,
    },
    [
      // The team's notification is in the firm's working language; the client's in theirs.
      { kind: "help_request_received", dedupeKey: `help_request_received:${message.reference}`, recipient: deps.arEmail, language: DEFAULT_LANGUAGE },
      { kind: "help_request_ack", dedupeKey: `help_request_ack:${message.reference}`, recipient: draft.email, language: message.language },
    ],
  );
  if (result === "collision") {
    // Another request already holds this reference: keep this one for the staff rather than drop it.
    await insertDeadLetter(deps.db, {
      dedupeKey: `help-collision:${message.reference}:${message.submittedAt}`,
      source: "help",
      body: JSON.stringify(message),
      reason: "collision",
      now,
    });
  }
  return result;
}

// Staff inbox.

/** Filters from the query string; anything unknown means "all". */
/** The inbox's list query: the staff lists' own (status, dates, limit, cursor) plus a topic. */
export function parseInboxQuery(
  params: Record<string, string | undefined>,
): { ok: true; query: ListQuery; topic: HelpTopic | null } | { ok: false; errors: Record<string, string> } {
  const parsed = parseListQuery(params, HELP_STATUSES, { integerIds: true });
  const topic = HELP_TOPICS.find((t) => t === params.topic) ?? null;
  const errors = parsed.ok ? {} : { ...parsed.errors };
  if (params.topic && !topic) errors.topic = `one of ${HELP_TOPICS.join(", ")}`;
  if (!parsed.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, query: parsed.query, topic };
}

function inboxRow(request: HelpRequestRecord, today: string): InboxRow {
  return { request: forDisplay(request), overdue: isOverdue(request.dueDate, today, request.status === "answered") };
}

/** One page of the inbox, newest first, with the cursor of the next (older) page. */
export async function loadInbox(
  deps: { db: Database; now: () => number; timeZone: string },
  query: ListQuery,
  topic: HelpTopic | null,
): Promise<{ rows: InboxRow[]; nextCursor: string | null }> {
  const today = isoDateInZone(deps.now(), deps.timeZone);
  const page = pageOf(await listHelpRequests(deps.db, query, topic), query.limit, (request): Cursor => ({ at: request.submittedAt, id: String(request.id) }));
  return { rows: page.rows.map((request) => inboxRow(request, today)), nextCursor: page.nextCursor };
}

/** Requests the CSV export reads per round trip. */
const EXPORT_PAGE = 500;

/** Every request the filters keep (the CSV export): page after page, never cut short. */
export async function loadWholeInbox(
  deps: { db: Database; now: () => number; timeZone: string },
  query: ListQuery,
  topic: HelpTopic | null,
): Promise<InboxRow[]> {
  const rows: InboxRow[] = [];
  let cursor: Cursor | null = null;
  for (;;) {
    const page = await listHelpRequests(deps.db, { ...query, limit: EXPORT_PAGE, cursor }, topic);
    const today = isoDateInZone(deps.now(), deps.timeZone);
    rows.push(...page.slice(0, EXPORT_PAGE).map((request) => inboxRow(request, today)));
    if (page.length <= EXPORT_PAGE) return rows;
    const last = page[EXPORT_PAGE - 1]!;
    cursor = { at: last.submittedAt, id: String(last.id) };
  }
}

export async function loadHelpDetail(
  deps: { db: Database; now: () => number; timeZone: string },
  reference: string,
): Promise<{ row: InboxRow; events: HelpEventView[] }> {
  const request = await findHelpRequest(deps.db, reference);
  if (!request) throw new PortalError("not_found", "no such help request");
  const today = isoDateInZone(deps.now(), deps.timeZone);
  const events = (await listHelpEvents(deps.db, request.id)).map(forDisplay);
  return { row: { request: forDisplay(request), overdue: isOverdue(request.dueDate, today, request.status === "answered") }, events };
}

export type StaffUpdateResult = { outcome: "saved" } | { outcome: "refused"; problem: HelpUpdateProblem };

export async function updateHelpRequest(
  deps: { db: Database; now: () => number },
  reference: string,
  input: { status: string; note: string; seenStatus: string },
  staffEmail: string,
): Promise<StaffUpdateResult> {
  const request = await findHelpRequest(deps.db, reference);
  if (!request) throw new PortalError("not_found", "no such help request");
  // The status the staff member saw when the page was drawn: a change made meanwhile wins.
  const seen = HELP_STATUSES.find((s) => s === input.seenStatus) ?? (request.status as HelpStatus);
  if (seen !== request.status) return { outcome: "refused", problem: "changed_meanwhile" };
  const checked = checkStaffUpdate(seen, input.status, input.note);
  if (!checked.ok) return { outcome: "refused", problem: checked.error === "status" ? "status_unknown" : checked.error };
  const saved = await recordStaffUpdate(deps.db, request.id, { fromStatus: seen, toStatus: checked.status, note: checked.note, staffEmail, now: deps.now() });
  return saved ? { outcome: "saved" } : { outcome: "refused", problem: "changed_meanwhile" };
}
