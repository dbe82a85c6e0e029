// Staff operations' writes: an email a staff member asked for and the record of asking, in one
// batch; and staff actions recorded once per key (a double click or a retried request adds nothing).
import { sql } from "drizzle-orm";
import type { Database } from "./db";
import type { Language } from "../domain/language";
import { insertOutbox } from "./outbox-repo";
import { outbox, staffActions } from "./schema";
import type { StaffAction } from "./staff-repo";

function actionOnce(db: Database, action: StaffAction, key: string) {
  const details = JSON.stringify({ ...action.details, key });
  return db
    .insert(staffActions)
    .select(
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
    insertOutbox(db, { dedupeKey: email.dedupeKey, kind: email.kind, paymentId: email.paymentId, recipient: email.recipient, language: email.language, createdAt: email.now }).returning({
      id: outbox.id,
    }),
    actionOnce(db, action, email.dedupeKey),
  ]);
  return inserted.length > 0;
}
