// Help requests and the staff's history on them. The request and the emails it causes are
// written in one batch; the unique reference makes a redelivered message change nothing.
import type { Language } from "../domain/language";
import { and, asc, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { ListQuery } from "../domain/cursor";
import type { HelpStatus, HelpTopic } from "../domain/help";
import type { Database } from "./db";
import { pageBelow } from "./keyset";
import { insertOutboxFrom } from "./outbox-repo";
import { helpRequestEvents, helpRequests } from "./schema";

export type HelpRequestRecord = typeof helpRequests.$inferSelect;
export type HelpEventRecord = typeof helpRequestEvents.$inferSelect;

export interface NewHelpRequest {
  reference: string;
  submittedAt: number;
  language: Language;
  name: string;
  email: string;
  phone: string | null;
  company: string;
  sessionClientNumber: string | null;
  typedNumber: string | null;
  topic: HelpTopic;
  message: string;
  dueDate: string;
  now: number;
}

export interface HelpEmail {
  kind: "help_request_received" | "help_request_ack";
  dedupeKey: string;
  recipient: string;
  language: Language;
}

export async function referenceExists(db: Database, reference: string): Promise<boolean> {
  return (await db.select({ id: helpRequests.id }).from(helpRequests).where(eq(helpRequests.reference, reference)).get()) !== undefined;
}

/** An outbox row for this very submission (same reference, instant and email), else nothing. */
function outboxForRequest(db: Database, request: NewHelpRequest, email: HelpEmail) {
  return insertOutboxFrom(db, helpRequests, { ...email, helpRequestId: helpRequests.id, createdAt: request.now }, sameSubmission(request));
}

function sameSubmission(request: Pick<NewHelpRequest, "reference" | "submittedAt" | "email">): SQL | undefined {
  return and(eq(helpRequests.reference, request.reference), eq(helpRequests.submittedAt, request.submittedAt), eq(helpRequests.email, request.email));
}

/**
 * Stores a request and its emails in one batch. "duplicate": this submission was stored before
 * (a redelivered message). "collision": another submission already holds the reference.
 */
export async function storeHelpRequestOnce(db: Database, request: NewHelpRequest, emails: HelpEmail[]): Promise<"stored" | "duplicate" | "collision"> {
  const { now, typedNumber, ...fields } = request;
  const [inserted] = await db.batch([
    db
      .insert(helpRequests)
      .values({ ...fields, typedNumber, status: "new", storedAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: helpRequests.id }),
    ...emails.map((email) => outboxForRequest(db, request, email)),
  ]);
  if (inserted.length > 0) return "stored";
  const same = await db.select({ id: helpRequests.id }).from(helpRequests).where(sameSubmission(request)).get();
  return same ? "duplicate" : "collision";
}

export async function findHelpRequest(db: Database, reference: string): Promise<HelpRequestRecord | null> {
  return (await db.select().from(helpRequests).where(eq(helpRequests.reference, reference)).get()) ?? null;
}

export async function findHelpRequestById(db: Database, id: number): Promise<HelpRequestRecord | null> {
  return (await db.select().from(helpRequests).where(eq(helpRequests.id, id)).get()) ?? null;
}

/** Staff search: the request with this reference. */
export function helpReferenceMatchQuery(db: Database, reference: string) {
  return db
    .select({
      id: helpRequests.id,
      reference: helpRequests.reference,
      name: helpRequests.name,
      company: helpRequests.company,
      status: helpRequests.status,
      submittedAt: helpRequests.submittedAt,
    })
    .from(helpRequests)
    .where(eq(helpRequests.reference, reference))
    .limit(1);
}

/** The requests that name a client (signed in as it, or typing its number), newest first. */
export function clientHelpRequestsQuery(db: Database, clientNumber: string) {
  return db
    .select({
      id: helpRequests.id,
      reference: helpRequests.reference,
      topic: helpRequests.topic,
      status: helpRequests.status,
      submittedAt: helpRequests.submittedAt,
      name: helpRequests.name,
    })
    .from(helpRequests)
    .where(or(eq(helpRequests.sessionClientNumber, clientNumber), eq(helpRequests.typedNumber, clientNumber)))
    .orderBy(desc(helpRequests.submittedAt));
}

/** One page of requests, newest first (limit + 1 rows: the caller pages them). */
export async function listHelpRequests(db: Database, query: ListQuery, topic: HelpTopic | null): Promise<HelpRequestRecord[]> {
  return db
    .select()
    .from(helpRequests)
    .where(
      and(
        query.status ? eq(helpRequests.status, query.status as HelpStatus) : undefined,
        topic ? eq(helpRequests.topic, topic) : undefined,
        pageBelow(helpRequests.submittedAt, helpRequests.id, query),
      ),
    )
    .orderBy(desc(helpRequests.submittedAt), desc(helpRequests.id))
    .limit(query.limit + 1);
}

export async function listHelpEvents(db: Database, requestId: number): Promise<HelpEventRecord[]> {
  return db.select().from(helpRequestEvents).where(eq(helpRequestEvents.requestId, requestId)).orderBy(asc(helpRequestEvents.at), asc(helpRequestEvents.id));
}

/**
 * A status change and/or note, with who made it, in one batch. Applies only if the request is
 * still in the status the staff member saw: two people saving at once cannot overwrite silently.
 */
export async function recordStaffUpdate(
  db: Database,
  requestId: number,
  change: { fromStatus: HelpStatus; toStatus: HelpStatus; note: string | null; staffEmail: string; now: number },
): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(helpRequests)
      .set({ status: change.toStatus, updatedAt: change.now })
      .where(and(eq(helpRequests.id, requestId), eq(helpRequests.status, change.fromStatus)))
      .returning({ id: helpRequests.id }),
    db.insert(helpRequestEvents).select(
      db
        .select({
          id: sql<number>`NULL`.as("id"),
          requestId: helpRequests.id,
          at: sql<number>`${change.now}`.as("at"),
          staffEmail: sql<string>`${change.staffEmail}`.as("staff_email"),
          fromStatus: sql<string | null>`${change.toStatus === change.fromStatus ? null : change.fromStatus}`.as("from_status"),
          toStatus: sql<string | null>`${change.toStatus === change.fromStatus ? null : change.toStatus}`.as("to_status"),
          note: sql<string | null>`${change.note}`.as("note"),
        })
        .from(helpRequests)
        .where(and(eq(helpRequests.id, requestId), eq(helpRequests.status, change.toStatus), eq(helpRequests.updatedAt, change.now))),
    ),
  ]);
  return updated.length > 0;
}
