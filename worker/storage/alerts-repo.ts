// Payment alerts for the staff: things the ledger cannot settle alone, once per dedupe key.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { ListQuery } from "../domain/cursor";
import type { AlertKind } from "../domain/staff-views";
import type { Database } from "./db";
import { pageBelow } from "./keyset";
import { paymentAlerts, payments } from "./schema";

export interface PaymentAlert {
  kind: AlertKind;
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

/** One page of alerts, newest first, of one kind (the query's status) if asked (limit + 1 rows: the caller pages them). */
export function alertsPageQuery(db: Database, query: ListQuery) {
  return db
    .select()
    .from(paymentAlerts)
    .where(and(query.status ? eq(paymentAlerts.kind, query.status) : undefined, pageBelow(paymentAlerts.at, paymentAlerts.id, query)))
    .orderBy(desc(paymentAlerts.at), desc(paymentAlerts.id))
    .limit(query.limit + 1);
}
