// Staff actions: the record of what a staff member did, written in the batch of the change it
// records; once per key where a double click or a retried request must add nothing; and an email a
// staff member asked for together with the record of asking.
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "./db";
import type { Language } from "../domain/language";
import { insertOutbox } from "./outbox-repo";
import { outbox, staffActions } from "./schema";

export interface StaffAction {
  email: string;
  action: "import_invoices" | "upload_pdf" | "mint_pay_link" | "revoke_pay_link" | "export_payments" | "refund_payment" | "resend_receipt" | "cancel_payment";
  target: string | null;
  details: Record<string, unknown>;
  now: number;
}

/** The insert of one staff action, to put in the same batch as the change it records. */
export function staffActionInsert(db: Database, action: StaffAction) {
  return db
    .insert(staffActions)
    .values({ at: action.now, email: action.email, action: action.action, target: action.target, details: JSON.stringify(action.details) });
}

export async function recordStaffAction(db: Database, action: StaffAction): Promise<void> {
  await staffActionInsert(db, action);
}

export async function listStaffActions(db: Database, limit: number) {
  return db.select().from(staffActions).orderBy(desc(staffActions.id)).limit(limit);
}

/** Every action on a target (a payment's id), oldest first. */
export function actionsOnTargetQuery(db: Database, target: string) {
  return db.select().from(staffActions).where(eq(staffActions.target, target)).orderBy(asc(staffActions.at), asc(staffActions.id));
}

function actionOnce(db: Database, action: StaffAction, key: string) {
  const details = JSON.stringify({ ...action.details, key });
  return db.insert(staffActions).select(
    sql`SELECT NULL, ${action.now}, ${action.email}, ${action.action}, ${action.target}, ${details}
        WHERE NOT EXISTS (SELECT 1 FROM staff_actions WHERE target = ${action.target} AND action = ${action.action} AND json_extract(details, '$.key') = ${key})`,
  );
}

/** Records a staff action unless one with the same target, action and key exists. */
export async function recordStaffActionOnce(db: Database, action: StaffAction, key: string): Promise<void> {
  await actionOnce(db, action, key);
}

/** An outbox email (once per dedupe key) with the staff action that asked for it. Returns whether it is new. */
export async function queueStaffEmail(
  db: Database,
  email: { kind: string; dedupeKey: string; paymentId: string; recipient: string | null; language: Language; now: number },
  action: StaffAction,
): Promise<boolean> {
  const [inserted] = await db.batch([
    insertOutbox(db, {
      dedupeKey: email.dedupeKey,
      kind: email.kind,
      paymentId: email.paymentId,
      recipient: email.recipient,
      language: email.language,
      createdAt: email.now,
    }).returning({
      id: outbox.id,
    }),
    actionOnce(db, action, email.dedupeKey),
  ]);
  return inserted.length > 0;
}
