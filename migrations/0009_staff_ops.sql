-- Staff operations (issue 11): search by client name, and the indexes behind the staff lists,
-- the client page and the payment timeline.
-- name_folded: the client's name with accents dropped and ASCII lower-cased, exactly as
-- worker/domain/name-fold.ts folds a typed query (tests compare the two character by character).
ALTER TABLE `clients` ADD `name_folded` text GENERATED ALWAYS AS (lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ç', 'c'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'Ñ', 'n'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ù', 'u'), 'Ú', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ý', 'y'), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ç', 'c'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'ñ', 'n'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'ý', 'y'), 'ÿ', 'y'))) VIRTUAL;
--> statement-breakpoint
CREATE INDEX `clients_name_folded_idx` ON `clients` (`name_folded`);--> statement-breakpoint
CREATE INDEX `payments_status_created_idx` ON `payments` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `stripe_events_object_idx` ON `stripe_events` (`object_id`);--> statement-breakpoint
CREATE INDEX `stripe_events_type_idx` ON `stripe_events` (`type`);--> statement-breakpoint
CREATE INDEX `outbox_payment_idx` ON `outbox` (`payment_id`);--> statement-breakpoint
CREATE INDEX `staff_actions_target_idx` ON `staff_actions` (`target`,`at`);--> statement-breakpoint
CREATE INDEX `help_requests_session_client_idx` ON `help_requests` (`session_client_number`);--> statement-breakpoint
CREATE INDEX `help_requests_typed_number_idx` ON `help_requests` (`typed_number`);
