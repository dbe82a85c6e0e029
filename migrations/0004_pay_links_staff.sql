CREATE TABLE `pay_link_uses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`used_at` integer NOT NULL,
	`ip_prefix` text NOT NULL,
	`browser` text NOT NULL,
	`outcome` text NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `pay_links`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pay_link_uses_link_idx` ON `pay_link_uses` (`link_id`);--> statement-breakpoint
CREATE TABLE `pay_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`key_id` text NOT NULL,
	`item_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pay_links_code_unique` ON `pay_links` (`code`);--> statement-breakpoint
CREATE INDEX `pay_links_item_idx` ON `pay_links` (`item_id`);--> statement-breakpoint
CREATE INDEX `pay_links_created_idx` ON `pay_links` (`created_at`);--> statement-breakpoint
CREATE TABLE `staff_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`email` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `staff_actions_at_idx` ON `staff_actions` (`at`);