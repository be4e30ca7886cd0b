package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

class FeatureValuesTests {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static FeatureValues read(String json) {
        return JSON.readValue(json, FeatureValues.class);
    }

    @Test
    void readsEveryKindOfValueInTheOrderPosted() {
        FeatureValues values = read("""
                {"income": 202500.5, "children": 2, "contract": "Cash loans", "owns_car": true, "gone": null,
                 "unknown": NaN, "nested": {"a": 1}, "listed": [1, 2]}""");

        assertThat(values.keySet()).containsExactly("income", "children", "contract", "owns_car", "gone", "unknown",
                "nested", "listed");
        assertThat(values.isNumber(0)).isTrue();
        assertThat(values.number(0)).isEqualTo(202500.5);
        assertThat(values.number(1)).isEqualTo(2.0);
        assertThat(values.isNumber(2)).isFalse();
        assertThat(values.value(2)).isEqualTo("Cash loans");
        assertThat(values.value(3)).isEqualTo(Boolean.TRUE);
        assertThat(values.containsKey("gone")).isTrue();
        assertThat(values.get("gone")).isNull();
        assertThat(values.isNumber(5)).isTrue();
        assertThat(values.number(5)).isNaN();
        assertThat(values.get("nested")).isEqualTo(Map.of("a", 1));
        assertThat(values.get("listed")).isEqualTo(List.of(1, 2));
        assertThat(values.containsKey("absent")).isFalse();
        assertThat(values.get("absent")).isNull();
    }

    @Test
    void aNamePostedTwiceKeepsItsFirstPlaceAndItsLastValue() {
        FeatureValues values = read("{\"a\": 1, \"b\": \"x\", \"a\": \"y\", \"b\": 2.5}");

        assertThat(values.size()).isEqualTo(2);
        assertThat(values.name(0)).isEqualTo("a");
        assertThat(values.get("a")).isEqualTo("y");
        assertThat(values.isNumber(1)).isTrue();
        assertThat(values.get("b")).isEqualTo(2.5);
    }

    @Test
    void anythingButAnObjectIsAMismatchOfTheField() {
        assertThatThrownBy(() -> JSON.readValue("{\"features\": [1, 2]}", new TypeReference<Map<String, FeatureValues>>() {
        })).isInstanceOf(MismatchedInputException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> read("\"text\"")).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void answersAsTheMapJacksonReadsFromTheSameObject() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            StringBuilder json = new StringBuilder("{");
            int entries = random.nextInt(0, 300);
            for (int i = 0; i < entries; i++) {
                if (i > 0) {
                    json.append(", ");
                }
                // a small name pool, so that names repeat within an object
                json.append("\"f").append(random.nextInt(0, entries + 1)).append("\": ");
                switch (random.nextInt(6)) {
                    case 0 -> json.append(random.nextDouble(-1e6, 1e6));
                    case 1 -> json.append(random.nextInt(-1000, 1000));
                    case 2 -> json.append("\"c").append(random.nextInt(5)).append('"');
                    case 3 -> json.append(random.nextBoolean());
                    case 4 -> json.append("null");
                    default -> json.append("[").append(random.nextInt(3)).append("]");
                }
            }
            json.append('}');
            Map<String, Object> expected = new LinkedHashMap<>();
            JSON.readValue(json.toString(), new TypeReference<LinkedHashMap<String, Object>>() {
            }).forEach((name, value) -> expected.put(name, value instanceof Number n && !(n instanceof Double)
                    ? (Object) n.doubleValue() : value));

            FeatureValues values = read(json.toString());

            assertThat(new ArrayList<>(values.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
            assertThat(values).isEqualTo(expected);
            for (String name : expected.keySet()) {
                assertThat(values.get(name)).isEqualTo(expected.get(name));
            }
        }
    }

    @Test
    void objectsInTheOrderOfTheLastAnswerAsTheMapJacksonReadsWhereverTheyLeaveIt() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            order.add("feature_" + i);
        }
        for (int trial = 0; trial < 500; trial++) {
            List<String> names = new ArrayList<>(order);
            switch (random.nextInt(6)) {
                case 0 -> { } // the same order
                case 1 -> names.set(random.nextInt(names.size()), names.get(random.nextInt(names.size()))); // a repeat
                case 2 -> names.subList(random.nextInt(names.size()), names.size()).clear(); // cut short
                case 3 -> names.add(names.get(random.nextInt(names.size()))); // longer, by a repeat
                case 4 -> names.add(random.nextInt(names.size()), "new_" + random.nextInt(3)); // a name off the order
                default -> Collections.swap(names, random.nextInt(names.size()), random.nextInt(names.size()));
            }
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                // now and then the same name with an escaped letter: other bytes, the same name
                String written = random.nextInt(20) == 0 ? name.replace("f", "\\u0066") : name;
                json.append(i > 0 ? ", " : "").append('"').append(written).append("\": ");
                json.append(random.nextBoolean() ? Double.toString(random.nextDouble()) : "\"c" + random.nextInt(3) + "\"");
            }
            json.append('}');
            Map<String, Object> expected = JSON.readValue(json.toString(),
                    new TypeReference<LinkedHashMap<String, Object>>() {
                    });

            FeatureValues values = read(json.toString());

            assertThat(new ArrayList<>(values.entrySet())).as(json.toString())
                    .isEqualTo(new ArrayList<>(expected.entrySet()));
            for (String name : expected.keySet()) {
                assertThat(values.get(name)).isEqualTo(expected.get(name));
            }
            assertThat(values.containsKey("absent")).isFalse();
        }
    }
}
