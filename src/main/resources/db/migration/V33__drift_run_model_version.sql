-- A drift run over one model version's predictions names it; the runs over every version have
-- none. The total's history and latest run read only the rows without a version (nor a segment).
ALTER TABLE drift_run ADD COLUMN model_version VARCHAR(100);
