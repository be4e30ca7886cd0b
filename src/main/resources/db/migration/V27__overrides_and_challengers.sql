-- Credit decisions and challengers. final_decision: the decision actually taken (1 = declined),
-- which differs from prediction when the model was overridden; override_reason: why, as posted.
-- shadow_of: set on a challenger's prediction, the prediction id of the champion's prediction of
-- the same application. A shadow row is stored but never read as part of a model's window.
ALTER TABLE prediction ADD COLUMN final_decision SMALLINT;
ALTER TABLE prediction ADD COLUMN override_reason VARCHAR(100);
ALTER TABLE prediction ADD COLUMN shadow_of VARCHAR(100);

-- Every window read filters shadow_of IS NULL: with the column in the score index, the reads
-- stay index-only scans. The overrides read also takes final_decision from the index.
DROP INDEX ix_prediction_scores;
CREATE INDEX ix_prediction_scores ON prediction (model, predicted_at, probability, prediction, actual_default,
    latency_ms, block_id, block_row, shadow_of, final_decision);

-- The override reasons each model keeps, at most scorewatch.overrides.max-reasons: the first
-- reasons seen. A reason beyond them counts as 'other' in the overrides read.
CREATE TABLE override_reason (
    model    VARCHAR(100) NOT NULL,
    reason   VARCHAR(100) NOT NULL,
    added_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_override_reason PRIMARY KEY (model, reason)
);
