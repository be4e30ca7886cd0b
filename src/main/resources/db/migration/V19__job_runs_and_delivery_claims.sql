-- A job run is stored when it starts (outcome RUNNING) and completed when it ends: finished_at
-- stays NULL while it runs.
ALTER TABLE job_run ALTER COLUMN finished_at DROP NOT NULL;

-- The alert outbox: a claim carries a token of its own, and only the holder of the token
-- records the message delivered or plans its next attempt.
ALTER TABLE alert_notification ADD COLUMN claim_token VARCHAR(36);
