-- Segments: each stored prediction's value of every segment key its model declares, written in
-- the prediction's transaction. A window read of one segment value scans ix_prediction_segment
-- (model, key, value, time) and joins each row to its prediction by the unique (prediction_id,
-- model) index.
CREATE TABLE prediction_segment (
    prediction_id VARCHAR(100) NOT NULL,
    model         VARCHAR(100) NOT NULL,
    segment_key   VARCHAR(50)  NOT NULL,
    segment_value VARCHAR(200) NOT NULL,
    predicted_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_prediction_segment PRIMARY KEY (model, prediction_id, segment_key)
);
CREATE INDEX ix_prediction_segment ON prediction_segment (model, segment_key, segment_value, predicted_at,
    prediction_id);

-- The values a segment key has kept, at most its max-values; any further value is stored as
-- 'other'. 'other' and 'missing' are never rows here.
CREATE TABLE segment_value (
    model         VARCHAR(100) NOT NULL,
    segment_key   VARCHAR(50)  NOT NULL,
    segment_value VARCHAR(200) NOT NULL,
    added_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_segment_value PRIMARY KEY (model, segment_key, segment_value)
);
