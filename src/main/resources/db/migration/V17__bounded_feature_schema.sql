-- A model's schema no longer grows with production traffic.
-- Portable SQL: runs unchanged on H2 (default store) and PostgreSQL (profile "postgres").

-- A feature an admin removed keeps its position, since stored vectors hold a value there, but is
-- no longer monitored; removed_at is NULL for a monitored feature.
ALTER TABLE model_feature ADD COLUMN removed_at TIMESTAMP(6) WITH TIME ZONE;

-- Feature names the model API sends that the model's schema does not have: how many values
-- came under such names, and in how many predictions.
CREATE TABLE unknown_feature_count (
    model       VARCHAR(100) NOT NULL,
    occurrences BIGINT       NOT NULL,
    predictions BIGINT       NOT NULL,
    CONSTRAINT pk_unknown_feature_count PRIMARY KEY (model)
);

-- A sample of those names, at most scorewatch.ingest.unknown-feature-sample per model: the most
-- frequent ones (Space-Saving). A name that takes the place of the least frequent one inherits
-- its count: occurrences is an upper bound, occurrences - overestimate a lower bound.
CREATE TABLE unknown_feature (
    model         VARCHAR(100) NOT NULL,
    name          VARCHAR(200) NOT NULL,
    occurrences   BIGINT       NOT NULL,
    overestimate  BIGINT       NOT NULL,
    first_seen_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_unknown_feature PRIMARY KEY (model, name)
);
