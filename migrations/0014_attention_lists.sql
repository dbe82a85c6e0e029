-- The lists of what needs the staff's attention page newest first by (instant, id), like every
-- staff list, and each filter walks its own index in that order (tests/worker/query-plans.test.ts).
-- Alerts of one kind.
CREATE INDEX `payment_alerts_kind_at_idx` ON `payment_alerts` (`kind`,`at`);--> statement-breakpoint
-- Payments reconciliation could not check, of one status: only those payments are indexed.
CREATE INDEX `payments_reconcile_error_status_idx` ON `payments` (`status`,`reconcile_error_at`) WHERE `reconcile_error` IS NOT NULL;--> statement-breakpoint
-- Dead letters: all of them by arrival, or those in one state (resolution NULL: still open).
DROP INDEX IF EXISTS `dead_letters_open_idx`;--> statement-breakpoint
CREATE INDEX `dead_letters_received_idx` ON `dead_letters` (`received_at`);--> statement-breakpoint
CREATE INDEX `dead_letters_resolution_received_idx` ON `dead_letters` (`resolution`,`received_at`);
