package io.scorewatch.model;

/**
 * One feature of a model's schema.
 *
 * @param name     the feature's name as the model API sends it
 * @param position its index in every stored feature vector
 * @param type     numerical or categorical
 * @param source   where the type came from
 */
public record SchemaFeature(String name, int position, FeatureType type, FeatureSource source) {
}
