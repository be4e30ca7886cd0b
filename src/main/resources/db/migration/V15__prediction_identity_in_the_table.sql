-- The database decides prediction identity: a prediction id is unique per model, by a unique
-- constraint that every writer meets inside its own transaction. Its first column is the id, so
-- a label that names a prediction id without a model is an index lookup too. A label by client
-- takes the client's latest prediction at or before its outcome: the client index holds the
-- prediction time for that. The numeric keys and the key tables or file that served these
-- lookups go.
DROP TABLE IF EXISTS key_file;
DROP TABLE IF EXISTS prediction_key;
DROP TABLE IF EXISTS prediction_client;
ALTER TABLE prediction DROP COLUMN id_key;
ALTER TABLE prediction DROP COLUMN client_key;
ALTER TABLE prediction ADD CONSTRAINT uk_prediction_model_id UNIQUE (prediction_id, model);
CREATE INDEX ix_prediction_client ON prediction (client_hash, predicted_at);
