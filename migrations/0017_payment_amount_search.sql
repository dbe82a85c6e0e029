-- Staff search finds payments by amount ("$1,030.00"): what was charged (total_cents) or what it
-- paid on the client's items (subtotal_cents), newest first. One index each, with (created_at, id)
-- so the newest come in order from either; the OR of the two reads both indexes, never the table.
CREATE INDEX `payments_total_created_id_idx` ON `payments` (`total_cents`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `payments_subtotal_created_id_idx` ON `payments` (`subtotal_cents`,`created_at`,`id`);
