package io.scorewatch.model;

/** Where a feature's type came from, strongest first. */
public enum FeatureSource {
    /** Declared in the model's YAML. */
    CONFIGURED,
    /** Inferred from the reference (training) dataset. */
    REFERENCE,
    /** Inferred from the first value seen in production. */
    OBSERVED
}
