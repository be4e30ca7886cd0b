-- H2 writes a sequence's state, and with WRITE_DELAY=0 the whole store, each time an identity
-- column runs out of cached values (32 by default): in a batch of 1,000 predictions that was 31
-- extra store writes. A larger cache only leaves a gap in the ids after a restart.
ALTER TABLE prediction ALTER COLUMN id SET CACHE 100000;
ALTER TABLE ground_truth ALTER COLUMN id SET CACHE 10000;
ALTER TABLE request_error ALTER COLUMN id SET CACHE 10000;
ALTER TABLE feature_block ALTER COLUMN id SET CACHE 10000;
