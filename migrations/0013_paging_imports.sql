-- Staff lists page newest first by (instant, id); a status filter walks its own index in that
-- order instead of sorting every request of that status.
DROP INDEX IF EXISTS `help_requests_status_idx`;--> statement-breakpoint
CREATE INDEX `help_requests_status_submitted_idx` ON `help_requests` (`status`,`submitted_at`);--> statement-breakpoint
-- Pay links by state, newest first: a page of active (or expired) links walks only unrevoked
-- links, a page of revoked ones only revoked links.
CREATE INDEX `pay_links_unrevoked_created_idx` ON `pay_links` (`created_at`) WHERE `revoked_at` IS NULL;--> statement-breakpoint
CREATE INDEX `pay_links_revoked_created_idx` ON `pay_links` (`created_at`) WHERE `revoked_at` IS NOT NULL;--> statement-breakpoint
-- An import's checked rows wait here, written in batches, until one atomic D1 batch applies them
-- all (worker/storage/import-repo.ts); the apply deletes them. Rows an interrupted import left
-- behind are purged by age.
CREATE TABLE `import_staging` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`record` text NOT NULL,
	`change` text NOT NULL,
	`client_number` text NOT NULL,
	`client_name` text,
	`client_email` text,
	`invoice_number` text,
	`item_date` text,
	`original_cents` integer,
	`delivery` text,
	`pdf_key` text,
	`staged_at` integer NOT NULL,
	PRIMARY KEY(`import_id`, `seq`)
);--> statement-breakpoint
CREATE INDEX `import_staging_staged_idx` ON `import_staging` (`staged_at`);
