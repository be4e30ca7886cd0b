package io.scorewatch.model;

/** Where a feature's type came from, strongest first. */
public enum FeatureSource {
    /** Declared in the model's YAML. */
    CONFIGURED,
    /** Inferred from the reference (training) dataset. */
    REFERENCE,
    /** Inferred from the first accepted request of a model that had neither YAML features nor a reference. */
    OBSERVED,
    /** Accepted by an admin from the names production sent that the schema lacked. */
    ACCEPTED
}
