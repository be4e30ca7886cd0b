package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.model.CategoryText;
import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureSchemas.NewFeature;
import io.scorewatch.model.FeatureSource;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.SchemaFeature;
import io.scorewatch.model.UnknownNames;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The encoder against the rule it implements, written out plainly over each item's map: for
 * random batches (names in varying order, repeated names, numbers, NaN, infinities, strings,
 * booleans, nulls, nested values, a small schema limit and dictionary limit) both give the same
 * vectors, violations, (other) buckets, new features and unknown names. Each runs on a model of
 * its own, so both take their schema from their first batch and build their dictionaries in the
 * same order; later batches add no feature.
 */
@SpringBootTest
class FeatureEncoderIntegrationTests {

    private static final int MAX_SCHEMA = 24;
    private static final int MAX_CATEGORIES = 3;
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @Autowired
    FeatureSchemas schemas;

    @Test
    void encodesAsTheRuleOverEachItemsMap() {
        SplittableRandom random = new SplittableRandom(11);
        FeatureEncoder encoder = new FeatureEncoder(schemas, MAX_SCHEMA, MAX_CATEGORIES, 1000, model -> false);
        ReferenceEncoder reference = new ReferenceEncoder(schemas, MAX_SCHEMA, MAX_CATEGORIES);
        for (int trial = 0; trial < 20; trial++) {
            String model = "encoder-" + trial;
            List<String> pool = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                pool.add("f" + i);
            }
            for (int batch = 0; batch < 4; batch++) {
                String json = batch(random, pool);
                List<FeatureValues> items = JSON.readValue(json, new TypeReference<List<FeatureValues>>() {
                });
                List<Map<String, Object>> maps = new ArrayList<>();
                for (FeatureValues item : items) {
                    maps.add(item == null ? null : new LinkedHashMap<>(item));
                }

                FeatureEncoder.EncodedBatch encoded = encoder.encode(model, items);
                FeatureEncoder.EncodedBatch expected = reference.encode(model + "-reference", maps);

                assertThat(encoded.newFeatures()).isEqualTo(expected.newFeatures());
                assertThat(encoded.violations()).isEqualTo(expected.violations());
                assertThat(encoded.violationsPerItem()).isEqualTo(expected.violationsPerItem());
                assertThat(encoded.otherCategories()).isEqualTo(expected.otherCategories());
                assertThat(encoded.unknown().predictions()).isEqualTo(expected.unknown().predictions());
                assertThat(encoded.unknown().sample().stream().map(UnknownNames.Sampled::name).sorted())
                        .containsExactlyElementsOf(expected.unknown().sample().stream()
                                .map(UnknownNames.Sampled::name).sorted().toList());
                assertThat(encoded.vectors()).hasSameSizeAs(expected.vectors());
                for (int i = 0; i < encoded.vectors().size(); i++) {
                    assertThat(encoded.vectors().get(i)).as("item %d of %s", i, json)
                            .isEqualTo(expected.vectors().get(i));
                }
            }
        }
    }

    /** A JSON array of items; most post a common order of names, some shuffle or repeat a name. */
    private static String batch(SplittableRandom random, List<String> pool) {
        StringBuilder json = new StringBuilder("[");
        int items = random.nextInt(1, 30);
        List<String> common = new ArrayList<>(pool.subList(0, random.nextInt(5, pool.size())));
        for (int item = 0; item < items; item++) {
            if (item > 0) {
                json.append(", ");
            }
            if (random.nextInt(20) == 0) {
                json.append("null");
                continue;
            }
            List<String> names = new ArrayList<>(common);
            if (random.nextInt(4) == 0) {
                for (int i = names.size() - 1; i > 0; i--) {
                    names.set(i, names.set(random.nextInt(i + 1), names.get(i)));
                }
            }
            if (random.nextInt(3) == 0) {
                names.remove(random.nextInt(names.size()));
            }
            if (random.nextInt(4) == 0) {
                names.add(pool.get(random.nextInt(pool.size())));
            }
            json.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    json.append(", ");
                }
                json.append('"').append(names.get(i)).append("\": ").append(value(random, names.get(i)));
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    /** Mostly the value kind the name's number suggests, sometimes any other kind. */
    private static String value(SplittableRandom random, String name) {
        int kind = random.nextInt(10) < 8 ? Integer.parseInt(name.substring(1)) % 3 : random.nextInt(3, 10);
        return switch (kind) {
            case 0 -> Double.toString(random.nextDouble(-100, 100));
            case 1 -> "\"c" + random.nextInt(5) + "\"";
            case 2 -> Integer.toString(random.nextInt(4));
            case 3 -> "null";
            case 4 -> "NaN";
            case 5 -> random.nextBoolean() ? "Infinity" : "-Infinity";
            case 6 -> Boolean.toString(random.nextBoolean());
            case 7 -> "[1]";
            case 8 -> "{\"a\": 1}";
            default -> "1e400";
        };
    }

    /** The encoding rule over maps, a lookup per schema feature and item (the FeatureEncoder Javadoc's rule). */
    private static final class ReferenceEncoder {

        private final FeatureSchemas schemas;
        private final int maxSchemaFeatures;
        private final int maxCategories;

        ReferenceEncoder(FeatureSchemas schemas, int maxSchemaFeatures, int maxCategories) {
            this.schemas = schemas;
            this.maxSchemaFeatures = maxSchemaFeatures;
            this.maxCategories = maxCategories;
        }

        FeatureEncoder.EncodedBatch encode(String model, List<Map<String, Object>> featureMaps) {
            FeatureSchema before = schemas.schema(model);
            List<String> added = new ArrayList<>();
            FeatureSchema schema = before.size() == 0 ? establish(model, before, featureMaps, added) : before;
            Map<FeatureEncoder.Violation, Map<String, Integer>> violations = new LinkedHashMap<>();
            Map<String, Integer> others = new HashMap<>();
            UnknownNames unknown = new UnknownNames(1000);
            List<double[]> vectors = new ArrayList<>();
            int[] perItem = new int[featureMaps.size()];
            for (int item = 0; item < featureMaps.size(); item++) {
                Map<String, Object> values = featureMaps.get(item) == null ? Map.of() : featureMaps.get(item);
                double[] vector = new double[schema.size()];
                int count = 0;
                for (SchemaFeature feature : schema.features()) {
                    Object value = values.get(feature.name());
                    FeatureEncoder.Violation violation = null;
                    if (value == null) {
                        vector[feature.position()] = Double.NaN;
                        if (!values.containsKey(feature.name())) {
                            violation = FeatureEncoder.Violation.ABSENT;
                        }
                    } else if (feature.type() == FeatureType.NUMERICAL) {
                        violation = numerical(value, vector, feature.position());
                    } else {
                        violation = categorical(model, value, vector, feature.position());
                        if (violation == null && vector[feature.position()] == FeatureSchemas.OTHER_CODE) {
                            others.merge(feature.name(), 1, Integer::sum);
                        }
                    }
                    if (violation != null) {
                        count++;
                        violations.computeIfAbsent(violation, v -> new HashMap<>()).merge(feature.name(), 1,
                                Integer::sum);
                    }
                }
                // a name the schema lacks is only tallied, never a violation
                boolean anyUnknown = false;
                for (String name : values.keySet()) {
                    if (schema.feature(name).isEmpty()) {
                        unknown.count(name);
                        anyUnknown = true;
                    }
                }
                if (anyUnknown) {
                    unknown.prediction();
                }
                vectors.add(vector);
                perItem[item] = count;
            }
            return new FeatureEncoder.EncodedBatch(vectors, perItem, violations, others, added, unknown);
        }

        /** A model without features takes those of its first batch; later batches add none. */
        private FeatureSchema establish(String model, FeatureSchema schema, List<Map<String, Object>> featureMaps,
                List<String> added) {
            Map<String, NewFeature> fresh = new LinkedHashMap<>();
            int room = maxSchemaFeatures;
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
            FeatureSchema established = schemas.establish(model, List.copyOf(fresh.values()));
            added.addAll(fresh.keySet());
            return established;
        }

        private static FeatureEncoder.Violation numerical(Object value, double[] vector, int position) {
            double number;
            if (value instanceof Number n) {
                number = n.doubleValue();
            } else if (value instanceof Boolean b) {
                number = b ? 1 : 0;
            } else {
                vector[position] = Double.NaN;
                return FeatureEncoder.Violation.TYPE_MISMATCH;
            }
            if (Double.isInfinite(number)) {
                vector[position] = Double.NaN;
                return FeatureEncoder.Violation.NOT_FINITE;
            }
            vector[position] = number;
            return null;
        }

        private FeatureEncoder.Violation categorical(String model, Object value, double[] vector, int position) {
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
                return FeatureEncoder.Violation.TYPE_MISMATCH;
            }
            int code = schemas.existingCode(model, position, category);
            if (code < 0) {
                code = schemas.categoryCount(model, position) >= maxCategories ? FeatureSchemas.OTHER_CODE
                        : schemas.code(model, position, category);
            }
            vector[position] = code;
            return null;
        }

        private static boolean isScalar(Object value) {
            return value instanceof Number || value instanceof String || value instanceof Boolean;
        }

        private static boolean isNaN(Object value) {
            return value instanceof Double d && d.isNaN();
        }
    }
}
