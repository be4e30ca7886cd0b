-- Segments on the prediction row. Each segment key a model declares holds one of four slots
-- (segment_slot), and a prediction's value of the key is that slot's column (segment_1 to
-- segment_4), written with the row itself: no row per key and prediction, no index of its own.
-- The score index holds the four columns, so that a window read of one segment value stays an
-- index-only scan of the model's window. A slot stays with its key when the key is no longer
-- declared: its stored values keep their meaning.
CREATE TABLE segment_slot (
    model       VARCHAR(100) NOT NULL,
    segment_key VARCHAR(50)  NOT NULL,
    slot        SMALLINT     NOT NULL,
    CONSTRAINT pk_segment_slot PRIMARY KEY (model, segment_key),
    CONSTRAINT uk_segment_slot UNIQUE (model, slot),
    CONSTRAINT ck_segment_slot CHECK (slot BETWEEN 1 AND 4)
);
INSERT INTO segment_slot (model, segment_key, slot)
    SELECT model, segment_key, ROW_NUMBER() OVER (PARTITION BY model ORDER BY segment_key)
    FROM (SELECT DISTINCT model, segment_key FROM prediction_segment) k;

ALTER TABLE prediction ADD COLUMN segment_1 VARCHAR(200);
ALTER TABLE prediction ADD COLUMN segment_2 VARCHAR(200);
ALTER TABLE prediction ADD COLUMN segment_3 VARCHAR(200);
ALTER TABLE prediction ADD COLUMN segment_4 VARCHAR(200);

UPDATE prediction SET segment_1 = (SELECT s.segment_value FROM prediction_segment s JOIN segment_slot k
        ON k.model = s.model AND k.segment_key = s.segment_key AND k.slot = 1
        WHERE s.model = prediction.model AND s.prediction_id = prediction.prediction_id)
    WHERE model IN (SELECT model FROM segment_slot WHERE slot = 1);
UPDATE prediction SET segment_2 = (SELECT s.segment_value FROM prediction_segment s JOIN segment_slot k
        ON k.model = s.model AND k.segment_key = s.segment_key AND k.slot = 2
        WHERE s.model = prediction.model AND s.prediction_id = prediction.prediction_id)
    WHERE model IN (SELECT model FROM segment_slot WHERE slot = 2);
UPDATE prediction SET segment_3 = (SELECT s.segment_value FROM prediction_segment s JOIN segment_slot k
        ON k.model = s.model AND k.segment_key = s.segment_key AND k.slot = 3
        WHERE s.model = prediction.model AND s.prediction_id = prediction.prediction_id)
    WHERE model IN (SELECT model FROM segment_slot WHERE slot = 3);
UPDATE prediction SET segment_4 = (SELECT s.segment_value FROM prediction_segment s JOIN segment_slot k
        ON k.model = s.model AND k.segment_key = s.segment_key AND k.slot = 4
        WHERE s.model = prediction.model AND s.prediction_id = prediction.prediction_id)
    WHERE model IN (SELECT model FROM segment_slot WHERE slot = 4);

DROP TABLE prediction_segment;

DROP INDEX ix_prediction_scores;
CREATE INDEX ix_prediction_scores ON prediction (model, predicted_at, probability, prediction, actual_default,
    latency_ms, block_id, block_row, shadow_of, final_decision, segment_1, segment_2, segment_3, segment_4);
