-- Raw history in monthly partitions: prediction by predicted_month (the first instant, UTC, of
-- the month of predicted_at), feature_block by last_predicted_at, ground_truth by observed_at,
-- each with a partition per calendar month (UTC) and a DEFAULT partition that takes any row no
-- month partition covers (a timestamp far in the past, or a month whose partition is not created
-- yet), so that no insert ever fails for want of a partition. Retention detaches a month's
-- partitions and drops them whole instead of deleting their rows; the partitions ahead are
-- created by the partition job. A month partition is named <table>_pYYYYMM.
--
-- A unique index of a partitioned table must hold the partition key. The prediction table is
-- therefore partitioned by a column of its own, predicted_month, rather than by predicted_at:
-- its unique constraint uk_prediction_model_id (prediction_id, model, predicted_month) decides a
-- duplicate within a month, as (prediction_id, model) did, and a check ties predicted_month to
-- predicted_at. An id already stored in another month is found by the intake's look-up of stored
-- ids, which reads every month.
--
-- A block of feature vectors holds predictions at or before its last_predicted_at, so a block's
-- month is never earlier than the months of the predictions that name it: dropping the months
-- before a cutoff never leaves a prediction without its block.
--
-- The existing rows move: each table is created anew, partitioned, filled from the old one, and
-- takes its name; ids and their sequences continue. Segment values stay columns of the
-- prediction row (segment_1 to segment_4), in the score index.

-- A month partition of each of the three tables for every month from the earliest that holds
-- rows to three months ahead of the current one, and the DEFAULT partition. Rows of months more
-- than three years back stay in the DEFAULT partition.
CREATE FUNCTION pg_temp.month_partitions(parent TEXT, months TIMESTAMPTZ[]) RETURNS VOID AS $$
DECLARE
    month TIMESTAMPTZ;
BEGIN
    FOREACH month IN ARRAY months LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
            parent || '_p' || to_char(month AT TIME ZONE 'UTC', 'YYYYMM'), parent,
            month, (month AT TIME ZONE 'UTC' + INTERVAL '1 month') AT TIME ZONE 'UTC');
    END LOOP;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION pg_temp.months_of(stamps TIMESTAMPTZ[]) RETURNS TIMESTAMPTZ[] AS $$
    SELECT ARRAY(SELECT generate_series(
        GREATEST(LEAST(MIN(date_trunc('month', s AT TIME ZONE 'UTC')), date_trunc('month', now() AT TIME ZONE 'UTC')),
            date_trunc('month', now() AT TIME ZONE 'UTC') - INTERVAL '3 years'),
        date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '3 months', INTERVAL '1 month') AT TIME ZONE 'UTC'
        FROM unnest(stamps || now()) s)
$$ LANGUAGE sql;

-- prediction ---------------------------------------------------------------------------------
CREATE TABLE prediction_by_month (
    id                 BIGINT NOT NULL,
    prediction_id      VARCHAR(100) NOT NULL,
    model              VARCHAR(100) NOT NULL,
    model_version      VARCHAR(100),
    predicted_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    received_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    client_hash        VARCHAR(64),
    prediction         SMALLINT NOT NULL,
    probability        DOUBLE PRECISION NOT NULL,
    latency_ms         DOUBLE PRECISION,
    quality_violations INTEGER NOT NULL,
    actual_default     SMALLINT,
    days_to_default    INTEGER,
    labeled_at         TIMESTAMP(6) WITH TIME ZONE,
    block_id           BIGINT NOT NULL,
    block_row          INTEGER NOT NULL,
    final_decision     SMALLINT,
    override_reason    VARCHAR(100),
    shadow_of          VARCHAR(100),
    segment_1          VARCHAR(200),
    segment_2          VARCHAR(200),
    segment_3          VARCHAR(200),
    segment_4          VARCHAR(200),
    predicted_month    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_prediction_month
        CHECK (predicted_month = date_trunc('month', predicted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
) PARTITION BY RANGE (predicted_month);
CREATE TEMPORARY TABLE raw_months AS
    SELECT pg_temp.months_of(ARRAY(SELECT DISTINCT date_trunc('month', predicted_at AT TIME ZONE 'UTC')
        AT TIME ZONE 'UTC' FROM prediction)) AS months;
SELECT pg_temp.month_partitions('prediction_by_month', (SELECT months FROM raw_months));
INSERT INTO prediction_by_month (id, prediction_id, model, model_version, predicted_at, received_at, client_hash,
        prediction, probability, latency_ms, quality_violations, actual_default, days_to_default, labeled_at,
        block_id, block_row, final_decision, override_reason, shadow_of, segment_1, segment_2, segment_3, segment_4,
        predicted_month)
    SELECT id, prediction_id, model, model_version, predicted_at, received_at, client_hash, prediction, probability,
        latency_ms, quality_violations, actual_default, days_to_default, labeled_at, block_id, block_row,
        final_decision, override_reason, shadow_of, segment_1, segment_2, segment_3, segment_4,
        date_trunc('month', predicted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM prediction;

CREATE SEQUENCE prediction_by_month_id_seq AS BIGINT OWNED BY prediction_by_month.id;
SELECT setval('prediction_by_month_id_seq', COALESCE((SELECT MAX(id) FROM prediction), 0) + 1, false);
ALTER TABLE prediction_by_month ALTER COLUMN id SET DEFAULT nextval('prediction_by_month_id_seq');

DROP TABLE prediction;
ALTER TABLE prediction_by_month RENAME TO prediction;
ALTER SEQUENCE prediction_by_month_id_seq RENAME TO prediction_id_seq;
ALTER TABLE prediction_by_month_default RENAME TO prediction_default;
DO $$
DECLARE
    part RECORD;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'prediction'::regclass AND c.relname LIKE 'prediction\_by\_month\_p%' LOOP
        EXECUTE format('ALTER TABLE %I RENAME TO %I', part.relname,
            'prediction_' || substr(part.relname, length('prediction_by_month_') + 1));
    END LOOP;
END;
$$;
ALTER TABLE prediction ADD CONSTRAINT pk_prediction PRIMARY KEY (id, predicted_month);
ALTER TABLE prediction ADD CONSTRAINT uk_prediction_model_id UNIQUE (prediction_id, model, predicted_month);
CREATE INDEX ix_prediction_scores ON prediction (model, predicted_at, probability, prediction, actual_default,
    latency_ms, block_id, block_row, shadow_of, final_decision, segment_1, segment_2, segment_3, segment_4);
CREATE INDEX ix_prediction_client ON prediction (client_hash, predicted_at);
CREATE INDEX ix_prediction_labeled_at ON prediction (model, labeled_at) WHERE labeled_at IS NOT NULL;
CREATE INDEX ix_prediction_received_at ON prediction (model, received_at);
CREATE INDEX ix_prediction_decided ON prediction (model, predicted_at, prediction, final_decision, actual_default,
    override_reason) WHERE final_decision IS NOT NULL AND shadow_of IS NULL;
CREATE INDEX ix_prediction_shadows ON prediction (model, predicted_at, shadow_of, model_version, probability,
    prediction) WHERE shadow_of IS NOT NULL;
DROP TABLE raw_months;

-- feature_block ------------------------------------------------------------------------------
CREATE TABLE feature_block_by_month (
    id                BIGINT NOT NULL,
    model             VARCHAR(100) NOT NULL,
    row_count         INTEGER NOT NULL,
    last_predicted_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    vectors           BYTEA NOT NULL
) PARTITION BY RANGE (last_predicted_at);
-- kept out of line without compression (see V11): partitions created later take the setting
ALTER TABLE feature_block_by_month ALTER COLUMN vectors SET STORAGE EXTERNAL;
SELECT pg_temp.month_partitions('feature_block_by_month',
    pg_temp.months_of(ARRAY(SELECT DISTINCT date_trunc('month', last_predicted_at AT TIME ZONE 'UTC')
        AT TIME ZONE 'UTC' FROM feature_block)));
INSERT INTO feature_block_by_month (id, model, row_count, last_predicted_at, vectors)
    SELECT id, model, row_count, last_predicted_at, vectors FROM feature_block;
CREATE SEQUENCE feature_block_by_month_id_seq AS BIGINT OWNED BY feature_block_by_month.id;
SELECT setval('feature_block_by_month_id_seq', COALESCE((SELECT MAX(id) FROM feature_block), 0) + 1, false);
ALTER TABLE feature_block_by_month ALTER COLUMN id SET DEFAULT nextval('feature_block_by_month_id_seq');
DROP TABLE feature_block;
ALTER TABLE feature_block_by_month RENAME TO feature_block;
ALTER SEQUENCE feature_block_by_month_id_seq RENAME TO feature_block_id_seq;
ALTER TABLE feature_block_by_month_default RENAME TO feature_block_default;
DO $$
DECLARE
    part RECORD;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'feature_block'::regclass AND c.relname LIKE 'feature\_block\_by\_month\_p%' LOOP
        EXECUTE format('ALTER TABLE %I RENAME TO %I', part.relname,
            'feature_block_' || substr(part.relname, length('feature_block_by_month_') + 1));
    END LOOP;
END;
$$;
ALTER TABLE feature_block ADD CONSTRAINT pk_feature_block PRIMARY KEY (id, last_predicted_at);
CREATE INDEX ix_feature_block_age ON feature_block (model, last_predicted_at);

-- ground_truth -------------------------------------------------------------------------------
CREATE TABLE ground_truth_by_month (
    id                BIGINT NOT NULL,
    model             VARCHAR(100),
    prediction_id     VARCHAR(100),
    client_hash       VARCHAR(64),
    actual_default    SMALLINT NOT NULL,
    days_to_default   INTEGER,
    observed_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    received_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    joined_prediction BIGINT
) PARTITION BY RANGE (observed_at);
SELECT pg_temp.month_partitions('ground_truth_by_month',
    pg_temp.months_of(ARRAY(SELECT DISTINCT date_trunc('month', observed_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        FROM ground_truth)));
INSERT INTO ground_truth_by_month (id, model, prediction_id, client_hash, actual_default, days_to_default,
        observed_at, received_at, joined_prediction)
    SELECT id, model, prediction_id, client_hash, actual_default, days_to_default, observed_at, received_at,
        joined_prediction FROM ground_truth;
CREATE SEQUENCE ground_truth_by_month_id_seq AS BIGINT OWNED BY ground_truth_by_month.id;
SELECT setval('ground_truth_by_month_id_seq', COALESCE((SELECT MAX(id) FROM ground_truth), 0) + 1, false);
ALTER TABLE ground_truth_by_month ALTER COLUMN id SET DEFAULT nextval('ground_truth_by_month_id_seq');
DROP TABLE ground_truth;
ALTER TABLE ground_truth_by_month RENAME TO ground_truth;
ALTER SEQUENCE ground_truth_by_month_id_seq RENAME TO ground_truth_id_seq;
ALTER TABLE ground_truth_by_month_default RENAME TO ground_truth_default;
DO $$
DECLARE
    part RECORD;
BEGIN
    FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'ground_truth'::regclass AND c.relname LIKE 'ground\_truth\_by\_month\_p%' LOOP
        EXECUTE format('ALTER TABLE %I RENAME TO %I', part.relname,
            'ground_truth_' || substr(part.relname, length('ground_truth_by_month_') + 1));
    END LOOP;
END;
$$;
ALTER TABLE ground_truth ADD CONSTRAINT pk_ground_truth PRIMARY KEY (id, observed_at);
CREATE INDEX ix_ground_truth_pending ON ground_truth (joined_prediction, id);
CREATE INDEX ix_ground_truth_prediction ON ground_truth (prediction_id);
CREATE INDEX ix_ground_truth_client ON ground_truth (client_hash);
