package io.scorewatch.model;

/** How a feature is tested for drift: KS for numerical features, chi-square for categorical ones. */
public enum FeatureType {
    NUMERICAL, CATEGORICAL
}
