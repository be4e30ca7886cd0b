-- On PostgreSQL this version puts the raw history (prediction, feature_block, ground_truth) in
-- monthly partitions. H2 keeps its plain tables: the prediction table's unique constraint
-- uk_prediction_model_id (prediction_id, model) decides prediction identity, and its retention
-- deletes rows.
SELECT 1;
