-- Indexes for a firm's real size (a million items, hundreds of thousands of payments): every hot
-- query reaches its rows through an index. tests/worker/query-plans.test.ts checks the plans.

-- The refund recovery job: succeeded payments least recently checked first, without a sort.
CREATE INDEX `payments_refund_check_idx` ON `payments` (`status`,coalesce(`refunds_checked_at`, 0),`settled_at`) WHERE `stripe_payment_intent_id` IS NOT NULL;--> statement-breakpoint
-- Payments the reconciliation could not settle, newest first (the staff dashboard's list).
CREATE INDEX `payments_reconcile_error_idx` ON `payments` (`reconcile_error_at`) WHERE `reconcile_error` IS NOT NULL;--> statement-breakpoint
-- Webhook events not yet applied, oldest first: only the unprocessed ones are indexed.
CREATE INDEX `stripe_events_unprocessed_idx` ON `stripe_events` (`received_at`) WHERE `processed_at` IS NULL;
