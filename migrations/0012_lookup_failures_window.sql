-- The every-minute cron deletes expired lookup windows by their start time: an index, not a scan.
CREATE INDEX `lookup_failures_window_idx` ON `lookup_failures` (`window_started_at`);
