-- An alert of a rule evaluated per segment value names its segment (KEY:VALUE); the total's
-- alerts have none. A segment's alert is open under open_segment_key
-- ("<model>/<rule>/<KEY:VALUE>", NULL once resolved) in place of open_key, whose width holds
-- no segment value: the unique index lets one episode per rule, model and segment value be
-- open at a time.
ALTER TABLE alert ADD COLUMN segment VARCHAR(300);
ALTER TABLE alert ADD COLUMN open_segment_key VARCHAR(700);
ALTER TABLE alert ADD CONSTRAINT uq_alert_open_segment UNIQUE (open_segment_key);
