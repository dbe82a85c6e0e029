-- The staff's payment lists (all, one status, one client's) page newest first by (created_at, id),
-- and the export oldest first: with the id in the index, ORDER BY created_at, id needs no sort of
-- tied instants, and a cursor written as a row value, (created_at, id) < (?, ?), starts the index
-- walk at the cursor itself. Each new index serves every query the one it replaces served.
DROP INDEX IF EXISTS `payments_created_idx`;--> statement-breakpoint
CREATE INDEX `payments_created_id_idx` ON `payments` (`created_at`,`id`);--> statement-breakpoint
DROP INDEX IF EXISTS `payments_status_created_idx`;--> statement-breakpoint
CREATE INDEX `payments_status_created_id_idx` ON `payments` (`status`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX IF EXISTS `payments_client_created_idx`;--> statement-breakpoint
CREATE INDEX `payments_client_created_id_idx` ON `payments` (`client_id`,`created_at`,`id`);
