-- A retraining or rollback run is stored before it starts; start_by (the database's clock) is
-- when it must have started. A run in progress, not started by then, lost the replica that
-- decided it, and another replica takes it over and starts it. NULL: no time set.
ALTER TABLE retraining_run ADD COLUMN start_by TIMESTAMP(6) WITH TIME ZONE;
