-- No item is ever paid beyond its original total, even when two tabs confirm at the same moment.
-- The portal checks amounts first (for clear messages); this trigger is the guarantee: the
-- payment and its allocations are one D1 batch, so an ABORT here rolls the whole payment back.
-- Statuses that count match worker/domain/payment-status.ts (applied or reserved).
CREATE TRIGGER `payment_allocations_no_overpayment`
BEFORE INSERT ON `payment_allocations`
BEGIN
  SELECT RAISE(ABORT, 'overpayment')
  -- A repeat of an existing allocation is left to its unique key (ON CONFLICT DO NOTHING).
  WHERE NOT EXISTS (SELECT 1 FROM `payment_allocations` WHERE `payment_id` = NEW.payment_id AND `item_id` = NEW.item_id)
    AND (NEW.amount_cents <= 0
      OR NEW.amount_cents > (SELECT `original_cents` FROM `items` WHERE `id` = NEW.item_id) - (
        SELECT coalesce(sum(a.amount_cents - a.reversed_cents), 0)
        FROM `payment_allocations` a JOIN `payments` p ON p.id = a.payment_id
        WHERE a.item_id = NEW.item_id
          AND p.status IN ('created', 'requires_action', 'processing', 'succeeded')
      ));
END;
