CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_number_unique` ON `clients` (`number`);--> statement-breakpoint
CREATE TABLE `items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`kind` text NOT NULL,
	`invoice_number` text NOT NULL,
	`item_date` text NOT NULL,
	`original_cents` integer NOT NULL,
	`delivery` text,
	`pdf_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `items_invoice_number_unique` ON `items` (`invoice_number`) WHERE kind = 'invoice';--> statement-breakpoint
CREATE UNIQUE INDEX `items_late_fee_unique` ON `items` (`invoice_number`,`item_date`) WHERE kind = 'late_fee';--> statement-breakpoint
CREATE INDEX `items_client_idx` ON `items` (`client_id`);--> statement-breakpoint
CREATE TABLE `lookup_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payment_allocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_id` text NOT NULL,
	`item_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`reversed_cents` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allocations_payment_item_unique` ON `payment_allocations` (`payment_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `allocations_item_idx` ON `payment_allocations` (`item_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`status` text NOT NULL,
	`method` text NOT NULL,
	`card_funding` text,
	`subtotal_cents` integer NOT NULL,
	`fee_cents` integer DEFAULT 0 NOT NULL,
	`total_cents` integer NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`fee_refunded_cents` integer DEFAULT 0 NOT NULL,
	`method_label` text,
	`receipt_email` text,
	`language` text DEFAULT 'en' NOT NULL,
	`stripe_payment_intent_id` text,
	`stripe_charge_id` text,
	`failure_code` text,
	`failure_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_stripe_payment_intent_id_unique` ON `payments` (`stripe_payment_intent_id`);--> statement-breakpoint
CREATE INDEX `payments_client_idx` ON `payments` (`client_id`);--> statement-breakpoint
CREATE INDEX `payments_created_idx` ON `payments` (`created_at`);--> statement-breakpoint
CREATE TABLE `portal_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` integer NOT NULL,
	`entry` text NOT NULL,
	`selection` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portal_sessions_client_idx` ON `portal_sessions` (`client_id`);