// Payment alerts for the staff: things the ledger cannot settle alone, once per dedupe key.
import { desc, sql, type SQL } from "drizzle-orm";
import type { Database } from "./db";
import { paymentAlerts, payments } from "./schema";

export interface PaymentAlert {
  kind: "succeeded_after_failure" | "refund_refused" | "webhook_api_version";
  dedupeKey: string;
  paymentId: string | null;
  details: Record<string, unknown>;
}

/** An alert row inserted only if `condition` holds on its payment once the batch ran, once per dedupe key (batchable). */
export function insertAlertIf(db: Database, alert: PaymentAlert, condition: SQL | undefined, now: number) {
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
