package io.scorewatch.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of a model's features in schema order. */
public final class FeatureSchema {

    private final String model;
    private final List<SchemaFeature> features;
    private final Map<String, SchemaFeature> byName;

    FeatureSchema(String model, List<SchemaFeature> features) {
        this.model = model;
        this.features = List.copyOf(features);
        this.byName = new HashMap<>();
        for (int i = 0; i < this.features.size(); i++) {
            SchemaFeature feature = this.features.get(i);
            if (feature.position() != i) {
                throw new IllegalStateException("Schema of " + model + " has a gap at position " + i);
            }
            byName.put(feature.name(), feature);
        }
    }

    public String model() {
        return model;
    }

    /** Features ordered by position (the list index is the position). */
    public List<SchemaFeature> features() {
        return features;
    }

    public Optional<SchemaFeature> feature(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int size() {
        return features.size();
    }
}
