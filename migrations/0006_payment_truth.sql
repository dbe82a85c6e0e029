-- The ledger follows Stripe: each attempt keeps the exact request it sends (so a retry resends it
-- byte for byte under the same idempotency key), disputes are stored as Stripe last reported them,
-- and what staff must look at (a payment that succeeded after a local failure, a refused refund,
-- a webhook on the wrong API version) is kept as an alert.
ALTER TABLE `payments` ADD `provider_request` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `refunds_checked_at` integer;--> statement-breakpoint
CREATE TABLE `disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text NOT NULL,
	`withdrawn_cents` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `disputes_payment_idx` ON `disputes` (`payment_id`);--> statement-breakpoint
CREATE TABLE `payment_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`payment_id` text,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_alerts_dedupe_key_unique` ON `payment_alerts` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `payment_alerts_at_idx` ON `payment_alerts` (`at`);
