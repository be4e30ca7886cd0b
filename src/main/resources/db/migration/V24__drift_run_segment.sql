-- A drift run over one segment value names it (KEY:VALUE); the total's runs have none. The
-- total's history and latest run read only the rows without a segment.
ALTER TABLE drift_run ADD COLUMN segment VARCHAR(300);
