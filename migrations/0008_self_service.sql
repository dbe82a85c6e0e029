-- "Your payments" lists a client's payments newest first; receipt copies are counted per payment
-- and kind in the last hour. Both read through these indexes instead of scanning.
CREATE INDEX `payments_client_created_idx` ON `payments` (`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_payment_kind_idx` ON `outbox` (`payment_id`,`kind`,`created_at`);
