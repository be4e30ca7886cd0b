package io.scorewatch.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Named;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the expected values written by {@code src/test/python/generate_stats_golden.py}
 * (classpath {@code /golden/stats/}). In the JSON, null stands for NaN.
 */
final class Golden {

    private static final String ROOT = "/golden/stats/";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Golden() {
    }

    static JsonNode load(String file) {
        try (InputStream in = open(file)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The elements of {@code load(file).get(arrayName)} as named test arguments. */
    static Stream<Named<JsonNode>> cases(String file, String arrayName) {
        return load(file).get(arrayName).valueStream().map(c -> Named.of(c.get("name").asString(), c));
    }

    static double number(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }

    static double[] doubles(JsonNode array) {
        return array.valueStream().mapToDouble(Golden::number).toArray();
    }

    static int[] ints(JsonNode array) {
        return array.valueStream().mapToInt(JsonNode::asInt).toArray();
    }

    static double[][] matrix(JsonNode array) {
        return array.valueStream().map(Golden::doubles).toArray(double[][]::new);
    }

    static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    /** A sample stored inline ({@code key}) or in a gzip'd text file ({@code key + "_file"}). */
    static double[] sample(JsonNode testCase, String key) {
        JsonNode file = testCase.get(key + "_file");
        return file == null ? doubles(testCase.get(key)) : dataFile(file.asString());
    }

    /** One value per line; "nan" for NaN. */
    static double[] dataFile(String relativePath) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(open(relativePath)), StandardCharsets.US_ASCII))) {
            return reader.lines().filter(l -> !l.isBlank())
                    .mapToDouble(l -> l.equals("nan") ? Double.NaN : Double.parseDouble(l)).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String relativePath) {
        InputStream in = Golden.class.getResourceAsStream(ROOT + relativePath);
        if (in == null) {
            throw new IllegalStateException("missing golden file " + ROOT + relativePath
                    + "; run python3 src/test/python/generate_stats_golden.py");
        }
        return in;
    }
}
