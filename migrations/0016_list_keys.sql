-- The reconcile problems list pages newest first by (reconcile_error_at, id) like the payment lists
-- (0015): with the id in its partial indexes, ORDER BY reconcile_error_at, id sorts no tied instants
-- and the cursor, (reconcile_error_at, id) < (?, ?), seeks the index at itself. The other staff
-- lists (alerts, dead letters, help requests, pay links) key on an INTEGER PRIMARY KEY: every index
-- of theirs already ends in it (the rowid), so they sort nothing and keep their indexes; SQLite
-- seeks their cursors on the instant and steps over the few rows of that instant. A pay links page
-- for one invoice reads its links through the item index: with created_at in it, they come in order.
DROP INDEX IF EXISTS `payments_reconcile_error_idx`;--> statement-breakpoint
CREATE INDEX `payments_reconcile_error_id_idx` ON `payments` (`reconcile_error_at`,`id`) WHERE `reconcile_error` IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS `payments_reconcile_error_status_idx`;--> statement-breakpoint
CREATE INDEX `payments_reconcile_error_status_id_idx` ON `payments` (`status`,`reconcile_error_at`,`id`) WHERE `reconcile_error` IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS `pay_links_item_idx`;--> statement-breakpoint
CREATE INDEX `pay_links_item_created_idx` ON `pay_links` (`item_id`,`created_at`);
