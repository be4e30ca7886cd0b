-- The reference's probabilities split by outcome (each sorted, little-endian doubles): what
-- calibration of the probabilities needs (which probability went with which outcome).
CREATE TABLE reference_calibration (
    dataset_id    BIGINT NOT NULL,
    defaults      BYTEA  NOT NULL,
    non_defaults  BYTEA  NOT NULL,
    CONSTRAINT pk_reference_calibration PRIMARY KEY (dataset_id),
    CONSTRAINT fk_reference_calibration_dataset FOREIGN KEY (dataset_id) REFERENCES reference_dataset (id)
);
