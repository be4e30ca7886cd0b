package io.scorewatch.ingest;

import java.util.ArrayList;
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
 * Turns the feature maps of a batch into stored vectors in schema order.
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

    EncodedBatch encode(String model, List<Map<String, Object>> featureMaps) {
        FeatureSchema before = schemas.schema(model);
        List<String> added = new ArrayList<>();
        FeatureSchema schema = extend(model, before, featureMaps, added);
        Map<Violation, Map<String, Integer>> violations = new LinkedHashMap<>();
        List<double[]> vectors = new ArrayList<>(featureMaps.size());
        int[] perItem = new int[featureMaps.size()];
        List<SchemaFeature> features = schema.features();
        for (int item = 0; item < featureMaps.size(); item++) {
            Map<String, Object> values = featureMaps.get(item) == null ? Map.of() : featureMaps.get(item);
            double[] vector = new double[features.size()];
            int count = 0;
            int present = 0;
            for (SchemaFeature feature : features) {
                Object value = values.get(feature.name());
                if (value != null || values.containsKey(feature.name())) {
                    present++;
                }
                Violation violation = null;
                if (value == null) {
                    vector[feature.position()] = Double.NaN;
                    if (!values.containsKey(feature.name())) {
                        violation = Violation.ABSENT;
                    }
                } else if (feature.type() == FeatureType.NUMERICAL) {
                    violation = numerical(value, vector, feature.position());
                } else {
                    violation = categorical(model, value, vector, feature.position());
                }
                if (violation != null) {
                    count++;
                    violations.computeIfAbsent(violation, v -> new HashMap<>()).merge(feature.name(), 1, Integer::sum);
                }
            }
            if (values.size() > present) {
                // names the schema could not take (it is full, or their value is not a scalar)
                for (Map.Entry<String, Object> entry : values.entrySet()) {
                    if (schema.feature(entry.getKey()).isEmpty() && entry.getValue() != null && !isNaN(entry.getValue())) {
                        Violation violation = isScalar(entry.getValue()) ? Violation.SCHEMA_FULL : Violation.TYPE_MISMATCH;
                        count++;
                        violations.computeIfAbsent(violation, v -> new HashMap<>()).merge(entry.getKey(), 1, Integer::sum);
                    }
                }
            }
            vectors.add(vector);
            perItem[item] = count;
        }
        return new EncodedBatch(vectors, perItem, violations, added);
    }

    /** Adds the batch's new scalar features to the schema, first value deciding the type. */
    private FeatureSchema extend(String model, FeatureSchema schema, List<Map<String, Object>> featureMaps,
            List<String> added) {
        Map<String, NewFeature> fresh = new LinkedHashMap<>();
        int room = maxSchemaFeatures - schema.size();
        for (Map<String, Object> values : featureMaps) {
            if (values == null) {
                continue;
            }
            for (Map.Entry<String, Object> entry : values.entrySet()) {
                Object value = entry.getValue();
                if (fresh.size() < room && isScalar(value) && !isNaN(value)
                        && schema.feature(entry.getKey()).isEmpty() && !fresh.containsKey(entry.getKey())) {
                    FeatureType type = value instanceof String ? FeatureType.CATEGORICAL : FeatureType.NUMERICAL;
                    fresh.put(entry.getKey(), new NewFeature(entry.getKey(), type, FeatureSource.OBSERVED));
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

    private static Violation numerical(Object value, double[] vector, int position) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof Boolean b) {
            number = b ? 1 : 0;
        } else {
            vector[position] = Double.NaN;
            return Violation.TYPE_MISMATCH;
        }
        if (Double.isInfinite(number)) {
            vector[position] = Double.NaN;
            return Violation.NOT_FINITE;
        }
        vector[position] = number; // NaN stays NaN: a missing value
        return null;
    }

    private Violation categorical(String model, Object value, double[] vector, int position) {
        String category;
        if (value instanceof String s) {
            category = s;
        } else if (value instanceof Number n) {
            if (isNaN(n)) {
                vector[position] = Double.NaN;
                return null;
            }
            category = CategoryText.of(n);
        } else if (value instanceof Boolean b) {
            category = b.toString();
        } else {
            vector[position] = Double.NaN;
            return Violation.TYPE_MISMATCH;
        }
        int code = schemas.existingCode(model, position, category);
        if (code < 0) {
            if (schemas.categoryCount(model, position) >= maxCategories) {
                vector[position] = Double.NaN;
                return Violation.CATEGORY_OVERFLOW;
            }
            code = schemas.code(model, position, category);
        }
        vector[position] = code;
        return null;
    }

    private static boolean isScalar(Object value) {
        return value instanceof Number || value instanceof String || value instanceof Boolean;
    }

    private static boolean isNaN(Object value) {
        return value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN();
    }
}
