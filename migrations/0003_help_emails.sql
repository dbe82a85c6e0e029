CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`source` text NOT NULL,
	`body` text NOT NULL,
	`reason` text NOT NULL,
	`received_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_dedupe_key_unique` ON `dead_letters` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `dead_letters_open_idx` ON `dead_letters` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `help_request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`at` integer NOT NULL,
	`staff_email` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`note` text,
	FOREIGN KEY (`request_id`) REFERENCES `help_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `help_request_events_request_idx` ON `help_request_events` (`request_id`);--> statement-breakpoint
CREATE TABLE `help_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`language` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`company` text NOT NULL,
	`session_client_number` text,
	`typed_number` text,
	`topic` text NOT NULL,
	`message` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`due_date` text NOT NULL,
	`stored_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `help_requests_reference_unique` ON `help_requests` (`reference`);--> statement-breakpoint
CREATE INDEX `help_requests_submitted_idx` ON `help_requests` (`submitted_at`);--> statement-breakpoint
CREATE INDEX `help_requests_status_idx` ON `help_requests` (`status`);--> statement-breakpoint
CREATE TABLE `sent_emails` (
	`outbox_id` integer PRIMARY KEY NOT NULL,
	`from_address` text NOT NULL,
	`to_addresses` text NOT NULL,
	`cc_addresses` text,
	`reply_to` text,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `help_request_id` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `enqueued_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_at` integer;