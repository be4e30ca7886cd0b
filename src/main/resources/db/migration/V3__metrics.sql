-- Metrics read a window's scores, decisions, outcomes and latencies, never its features: this
-- index holds every column they need, so a window of a million predictions is read from the
-- index alone (H2 and PostgreSQL index-only scans), without touching the wide prediction rows.
CREATE INDEX ix_prediction_scores ON prediction (model, predicted_at, probability, prediction, actual_default,
    latency_ms);

-- The window index (model, predicted_at) is a prefix of the one above: one index fewer to maintain on intake.
DROP INDEX ix_prediction_window;
