package io.scorewatch.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureSchemas.NewFeature;
import io.scorewatch.model.FeatureSource;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.CategoryText;
import io.scorewatch.model.SchemaFeature;
import io.scorewatch.model.UnknownNames;

/**
 * Turns the features of a batch's items into stored vectors in schema order.
 *
 * <p>Feature problems never reject a prediction, and production never changes what a model is:
 * <ul>
 * <li>a model with no feature at all (none in its YAML, no reference) takes its schema from the
 * first accepted request (at most {@code max-schema-features} names, each typed by its first
 * value: number or boolean numerical, string categorical); otherwise a name the schema lacks is
 * only tallied in a bounded sample of unknown names, never added;
 * <li>a value of the wrong type, or a schema feature the prediction lacks, is stored as missing
 * and counted as a data-quality violation of its kind; an explicit null (or NaN) is a missing
 * value, not a violation;
 * <li>a category new to a feature joins its dictionary up to {@code max-categories-per-feature};
 * beyond, it is stored as the one {@code (other)} bucket and counted, a drift signal rather
 * than a violation.
 * </ul>
 */
final class FeatureEncoder {

    /** Kinds of data-quality violation, as counted per feature and exported as the {@code kind} tag. */
    enum Violation {
        ABSENT, TYPE_MISMATCH, NOT_FINITE;

        String tag() {
            return name().toLowerCase();
        }
    }

    /**
     * A batch encoded: vectors in item order, violations per kind and feature, values beyond a
     * dictionary's bound per feature, the features the batch gave a model without any, and the
     * names the schema lacks.
     */
    record EncodedBatch(List<double[]> vectors, int[] violationsPerItem,
            Map<Violation, Map<String, Integer>> violations, Map<String, Integer> otherCategories,
            List<String> newFeatures, UnknownNames unknown) {
    }

    private final FeatureSchemas schemas;
    private final int maxSchemaFeatures;
    private final int maxCategories;
    private final int unknownSample;
    private final Predicate<String> hasReference;

    /**
     * @param hasReference whether a model has a reference dataset: such a model never takes its
     *                     schema from traffic, even while the reference has no feature column
     */
    FeatureEncoder(FeatureSchemas schemas, int maxSchemaFeatures, int maxCategories, int unknownSample,
            Predicate<String> hasReference) {
        this.schemas = schemas;
        this.maxSchemaFeatures = maxSchemaFeatures;
        this.maxCategories = maxCategories;
        this.unknownSample = unknownSample;
        this.hasReference = hasReference;
    }

    EncodedBatch encode(String model, List<FeatureValues> items) {
        FeatureSchema before = schemas.schema(model);
        List<String> added = new ArrayList<>();
        FeatureSchema schema = before.size() == 0 ? establish(model, before, items, added) : before;
        Map<Violation, Map<String, Integer>> violations = new LinkedHashMap<>();
        Map<String, Integer> others = new HashMap<>();
        UnknownNames unknown = new UnknownNames(unknownSample);
        List<double[]> vectors = new ArrayList<>(items.size());
        int[] perItem = new int[items.size()];
        List<SchemaFeature> features = schema.features();
        Positions positions = new Positions(schema);
        boolean[] present = new boolean[schema.size()];
        for (int item = 0; item < items.size(); item++) {
            FeatureValues values = items.get(item);
            double[] vector = new double[schema.size()];
            Arrays.fill(vector, Double.NaN);
            Arrays.fill(present, false);
            int count = 0;
            if (values != null) {
                SchemaFeature[] resolved = positions.of(values);
                boolean anyUnknown = false;
                for (int i = 0; i < values.size(); i++) {
                    SchemaFeature feature = resolved[i];
                    if (feature == null) {
                        unknown.count(values.name(i));
                        anyUnknown = true;
                        continue;
                    }
                    present[feature.position()] = true;
                    Violation violation = feature.type() == FeatureType.NUMERICAL
                            ? numerical(values, i, vector, feature.position())
                            : categorical(model, values, i, vector, feature.position());
                    if (violation != null) {
                        count++;
                        count(violations, violation, values.name(i));
                    } else if (vector[feature.position()] == FeatureSchemas.OTHER_CODE
                            && feature.type() == FeatureType.CATEGORICAL) {
                        others.merge(feature.name(), 1, Integer::sum);
                    }
                }
                if (anyUnknown) {
                    unknown.prediction();
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
        return new EncodedBatch(vectors, perItem, violations, others, added, unknown);
    }

    /**
     * Gives a model without any feature and without a reference the scalar features of this
     * batch (the first value of a name deciding its type, at most {@code max-schema-features}),
     * unless another request or replica did first. A model with a reference keeps its schema.
     */
    private FeatureSchema establish(String model, FeatureSchema schema, List<FeatureValues> items,
            List<String> added) {
        if (hasReference.test(model)) {
            return schema;
        }
        Map<String, NewFeature> fresh = new LinkedHashMap<>();
        for (FeatureValues values : items) {
            if (values == null) {
                continue;
            }
            for (int i = 0; i < values.size() && fresh.size() < maxSchemaFeatures; i++) {
                if (!fresh.containsKey(values.name(i))) {
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
        FeatureSchema established = schemas.establish(model, List.copyOf(fresh.values()));
        fresh.values().stream().filter(f -> established.feature(f.name())
                .filter(e -> e.source() == FeatureSource.OBSERVED && e.type() == f.type()).isPresent())
                .map(NewFeature::name).forEach(added::add);
        return established;
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
            code = schemas.categoryCount(model, position) >= maxCategories ? FeatureSchemas.OTHER_CODE
                    : schemas.code(model, position, category, maxCategories);
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
