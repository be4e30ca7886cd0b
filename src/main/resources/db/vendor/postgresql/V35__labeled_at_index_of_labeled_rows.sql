-- The roll-up looks for rows labelled after a time (labeled_at > ?), which no unlabelled row
-- matches. The index holds only labelled rows, so a prediction adds no entry to it until its
-- label joins, and the index stays the size of the labelled rows.
DROP INDEX ix_prediction_labeled_at;
CREATE INDEX ix_prediction_labeled_at ON prediction (model, labeled_at) WHERE labeled_at IS NOT NULL;
