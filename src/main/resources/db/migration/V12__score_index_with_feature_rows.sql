-- A drift run reads a window's scores and where its feature vectors are (block and row): with
-- those two columns in the score index, one index-only scan serves it, in time order, without
-- touching the prediction rows.
DROP INDEX ix_prediction_scores;
CREATE INDEX ix_prediction_scores ON prediction (model, predicted_at, probability, prediction, actual_default,
    latency_ms, block_id, block_row);
