package io.scorewatch.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureSchemas.NewFeature;
import io.scorewatch.model.FeatureSource;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.CategoryText;
import io.scorewatch.model.SchemaFeature;

/**
 * Turns the features of a batch's items into stored vectors in schema order.
 *
 * <p>Feature problems never reject a prediction: a feature never seen before joins the schema
 * (its type from its first value: number or boolean numerical, string categorical); a value of
 * the wrong type, or a schema feature the prediction lacks, is stored as missing and counted
 * as a data-quality violation of its kind. An explicit null (or NaN) is a missing value, not a
 * violation.
 */
final class FeatureEncoder {

    /** Kinds of data-quality violation, as counted per feature and exported as the {@code kind} tag. */
    enum Violation {
        ABSENT, TYPE_MISMATCH, NOT_FINITE, CATEGORY_OVERFLOW, SCHEMA_FULL;

        String tag() {
            return name().toLowerCase();
        }
    }

    /** A batch encoded: vectors in item order, violations per kind and feature, features added. */
    record EncodedBatch(List<double[]> vectors, int[] violationsPerItem,
            Map<Violation, Map<String, Integer>> violations, List<String> newFeatures) {
    }

    private final FeatureSchemas schemas;
    private final int maxSchemaFeatures;
    private final int maxCategories;

    FeatureEncoder(FeatureSchemas schemas, int maxSchemaFeatures, int maxCategories) {
        this.schemas = schemas;
        this.maxSchemaFeatures = maxSchemaFeatures;
        this.maxCategories = maxCategories;
    }

    EncodedBatch encode(String model, List<FeatureValues> items) {
        FeatureSchema before = schemas.schema(model);
        List<String> added = new ArrayList<>();
        FeatureSchema schema = extend(model, before, items, added);
        Map<Violation, Map<String, Integer>> violations = new LinkedHashMap<>();
        List<double[]> vectors = new ArrayList<>(items.size());
        int[] perItem = new int[items.size()];
        List<SchemaFeature> features = schema.features();
        Positions positions = new Positions(schema);
        boolean[] present = new boolean[features.size()];
        for (int item = 0; item < items.size(); item++) {
            FeatureValues values = items.get(item);
            double[] vector = new double[features.size()];
            Arrays.fill(vector, Double.NaN);
            Arrays.fill(present, false);
            int count = 0;
            if (values != null) {
                SchemaFeature[] resolved = positions.of(values);
                for (int i = 0; i < values.size(); i++) {
                    SchemaFeature feature = resolved[i];
                    Violation violation;
                    if (feature == null) {
                        violation = unplaced(values, i);
                    } else {
                        present[feature.position()] = true;
                        violation = feature.type() == FeatureType.NUMERICAL
                                ? numerical(values, i, vector, feature.position())
                                : categorical(model, values, i, vector, feature.position());
                    }
                    if (violation != null) {
                        count++;
                        count(violations, violation, values.name(i));
                    }
                }
            }
            for (SchemaFeature feature : features) {
                if (!present[feature.position()]) {
                    count++;
                    count(violations, Violation.ABSENT, feature.name());
                }
            }
            vectors.add(vector);
            perItem[item] = count;
        }
        return new EncodedBatch(vectors, perItem, violations, added);
    }

    /** Adds the batch's new scalar features to the schema, first value deciding the type. */
    private FeatureSchema extend(String model, FeatureSchema schema, List<FeatureValues> items, List<String> added) {
        Map<String, NewFeature> fresh = new LinkedHashMap<>();
        int room = maxSchemaFeatures - schema.size();
        Positions positions = new Positions(schema);
        for (FeatureValues values : items) {
            if (values == null) {
                continue;
            }
            SchemaFeature[] resolved = positions.of(values);
            for (int i = 0; i < values.size(); i++) {
                if (resolved[i] == null && fresh.size() < room && !fresh.containsKey(values.name(i))) {
                    FeatureType type = typeOf(values, i);
                    if (type != null) {
                        fresh.put(values.name(i), new NewFeature(values.name(i), type, FeatureSource.OBSERVED));
                    }
                }
            }
        }
        if (fresh.isEmpty()) {
            return schema;
        }
        FeatureSchema extended = schemas.add(model, List.copyOf(fresh.values()));
        fresh.keySet().stream().filter(name -> schema.feature(name).isEmpty()).forEach(added::add);
        return extended;
    }

    /** The type a first value gives a new feature: string categorical, number or boolean numerical; none for null, NaN or a non-scalar. */
    private static FeatureType typeOf(FeatureValues values, int i) {
        if (values.isNumber(i)) {
            return Double.isNaN(values.number(i)) ? null : FeatureType.NUMERICAL;
        }
        Object value = values.value(i);
        if (value instanceof String) {
            return FeatureType.CATEGORICAL;
        }
        return value instanceof Boolean ? FeatureType.NUMERICAL : null;
    }

    /** A name the schema could not take: counted unless its value is missing. */
    private static Violation unplaced(FeatureValues values, int i) {
        if (values.isNumber(i)) {
            return Double.isNaN(values.number(i)) ? null : Violation.SCHEMA_FULL;
        }
        Object value = values.value(i);
        if (value == null) {
            return null;
        }
        return value instanceof String || value instanceof Boolean ? Violation.SCHEMA_FULL : Violation.TYPE_MISMATCH;
    }

    private static Violation numerical(FeatureValues values, int i, double[] vector, int position) {
        if (values.isNumber(i)) {
            double number = values.number(i);
            if (Double.isInfinite(number)) {
                return Violation.NOT_FINITE;
            }
            vector[position] = number; // NaN stays NaN: a missing value
            return null;
        }
        Object value = values.value(i);
        if (value instanceof Boolean b) {
            vector[position] = b ? 1 : 0;
            return null;
        }
        return value == null ? null : Violation.TYPE_MISMATCH;
    }

    private Violation categorical(String model, FeatureValues values, int i, double[] vector, int position) {
        String category;
        if (values.isNumber(i)) {
            double number = values.number(i);
            if (Double.isNaN(number)) {
                return null;
            }
            category = CategoryText.of(number);
        } else {
            Object value = values.value(i);
            if (value == null) {
                return null;
            } else if (value instanceof String s) {
                category = s;
            } else if (value instanceof Boolean b) {
                category = b.toString();
            } else {
                return Violation.TYPE_MISMATCH;
            }
        }
        int code = schemas.existingCode(model, position, category);
        if (code < 0) {
            if (schemas.categoryCount(model, position) >= maxCategories) {
                return Violation.CATEGORY_OVERFLOW;
            }
            code = schemas.code(model, position, category);
        }
        vector[position] = code;
        return null;
    }

    private static void count(Map<Violation, Map<String, Integer>> violations, Violation violation, String feature) {
        violations.computeIfAbsent(violation, v -> new HashMap<>()).merge(feature, 1, Integer::sum);
    }

    /**
     * The schema features of an item's names, in the item's order (null for a name the schema
     * lacks). Items of a batch mostly post the same names in the same order: a name that is the
     * very string in the same place of the previous item takes its feature without a lookup.
     * The array answered is reused for the next item.
     */
    private static final class Positions {

        private final FeatureSchema schema;
        private String[] names = new String[0];
        private SchemaFeature[] features = new SchemaFeature[0];

        Positions(FeatureSchema schema) {
            this.schema = schema;
        }

        SchemaFeature[] of(FeatureValues values) {
            if (values.size() > names.length) {
                names = Arrays.copyOf(names, values.size());
                features = Arrays.copyOf(features, values.size());
            }
            for (int i = 0; i < values.size(); i++) {
                String name = values.name(i);
                if (names[i] != name) {
                    names[i] = name;
                    features[i] = schema.feature(name).orElse(null);
                }
            }
            return features;
        }
    }
}
