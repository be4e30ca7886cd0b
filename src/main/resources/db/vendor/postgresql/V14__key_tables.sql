-- The lookups by prediction id and by client go through two tables of keys instead of two
-- indexes on prediction, as they go through a file of keys on H2 (KeyIndex).
CREATE TABLE prediction_key (
    id_key     BIGINT NOT NULL,
    prediction BIGINT NOT NULL,
    CONSTRAINT pk_prediction_key PRIMARY KEY (id_key)
);
CREATE TABLE prediction_client (
    client_key BIGINT NOT NULL,
    prediction BIGINT NOT NULL,
    CONSTRAINT pk_prediction_client PRIMARY KEY (client_key, prediction)
);
INSERT INTO prediction_key (id_key, prediction) SELECT id_key, id FROM prediction;
INSERT INTO prediction_client (client_key, prediction) SELECT client_key, id FROM prediction
    WHERE client_key IS NOT NULL;
ALTER TABLE prediction DROP CONSTRAINT uk_prediction_key;
DROP INDEX ix_prediction_client;
