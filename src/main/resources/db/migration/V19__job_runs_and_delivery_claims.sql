-- A job run is stored when it starts (outcome RUNNING) and completed when it ends: finished_at
-- stays NULL while it runs.
ALTER TABLE job_run ALTER COLUMN finished_at DROP NOT NULL;
