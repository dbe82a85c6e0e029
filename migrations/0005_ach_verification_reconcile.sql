-- Bank accounts entered by hand are verified with microdeposits: keep what the client needs to
-- finish (the hosted verification link and when the deposits arrive) for the page and the email.
ALTER TABLE `payments` ADD `verification_url` text;
--> statement-breakpoint
ALTER TABLE `payments` ADD `verification_arrival_at` integer;
--> statement-breakpoint
ALTER TABLE `payments` ADD `verification_type` text;
--> statement-breakpoint
-- The last reconciliation problem with this payment (an error class, never a payload), shown to staff.
ALTER TABLE `payments` ADD `reconcile_error` text;
--> statement-breakpoint
ALTER TABLE `payments` ADD `reconcile_error_at` integer;
