package io.scorewatch.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of a model's schema: its positions (the slots of every stored vector)
 * and the features monitored at them. A removed feature keeps its position, so that stored
 * vectors keep their layout, but is no longer among the monitored features.
 */
public final class FeatureSchema {

    private final String model;
    private final List<SchemaFeature> slots;
    private final List<SchemaFeature> features;
    private final Map<String, SchemaFeature> byName;
    private final Map<String, SchemaFeature> removed;

    FeatureSchema(String model, List<SchemaFeature> slots, Set<String> removedNames) {
        this.model = model;
        this.slots = List.copyOf(slots);
        this.byName = new HashMap<>();
        this.removed = new HashMap<>();
        List<SchemaFeature> monitored = new ArrayList<>();
        for (int i = 0; i < this.slots.size(); i++) {
            SchemaFeature feature = this.slots.get(i);
            if (feature.position() != i) {
                throw new IllegalStateException("Schema of " + model + " has a gap at position " + i);
            }
            if (removedNames.contains(feature.name())) {
                removed.put(feature.name(), feature);
            } else {
                byName.put(feature.name(), feature);
                monitored.add(feature);
            }
        }
        this.features = List.copyOf(monitored);
    }

    public String model() {
        return model;
    }

    /** The monitored features, ordered by position (a removed feature leaves its position out). */
    public List<SchemaFeature> features() {
        return features;
    }

    /** A monitored feature of that name. */
    public Optional<SchemaFeature> feature(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** A removed feature of that name: its position stays reserved. */
    public Optional<SchemaFeature> removed(String name) {
        return Optional.ofNullable(removed.get(name));
    }

    /** The removed features, by position. */
    public List<SchemaFeature> removedFeatures() {
        return slots.stream().filter(f -> removed.containsKey(f.name())).toList();
    }

    /** Whether the name has a position, monitored or removed. */
    public boolean hasPosition(String name) {
        return byName.containsKey(name) || removed.containsKey(name);
    }

    /** The number of positions of a stored vector, removed features included. */
    public int size() {
        return slots.size();
    }
}
