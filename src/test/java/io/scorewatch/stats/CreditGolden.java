package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the expected values of the credit-validation statistics (classpath
 * {@code /golden/credit/}), written by {@code src/test/python/generate_credit_golden.py}
 * (scipy, scikit-learn) and {@code src/test/r/generate_delong_golden.R} (R's pROC), and holds
 * the agreement required with them. In the JSON, null stands for NaN and the strings
 * "Infinity" / "-Infinity" for the infinities.
 */
final class CreditGolden {

    /**
     * Every value agrees with scipy / scikit-learn / pROC to 1e-9 relative. A reference value of
     * 0 (including a p-value that scipy underflows to 0) requires a result below the smallest
     * normal double; NaN and the infinities require the same value.
     */
    static final double RELATIVE = 1e-9;

    private static final String ROOT = "/golden/credit/";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CreditGolden() {
    }

    static JsonNode load(String file) {
        try (InputStream in = CreditGolden.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + ROOT + file
                        + "; run /usr/bin/python3 src/test/python/generate_credit_golden.py"
                        + " and Rscript src/test/r/generate_delong_golden.R");
            }
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
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        return node.isString() ? Double.parseDouble(node.asString()) : node.asDouble();
    }

    static double[] doubles(JsonNode array) {
        return array.valueStream().mapToDouble(CreditGolden::number).toArray();
    }

    static long[] longs(JsonNode array) {
        return array.valueStream().mapToLong(JsonNode::asLong).toArray();
    }

    static int[] ints(JsonNode array) {
        return array.valueStream().mapToInt(JsonNode::asInt).toArray();
    }

    /** Asserts agreement to {@link #RELATIVE} (1e-9 relative), with the rules for 0, NaN and infinity. */
    static void assertRelative(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else if (expected == 0.0) {
            assertThat(Math.abs(actual)).as(what + " (reference is 0)").isLessThan(Double.MIN_NORMAL);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, withinPercentage(RELATIVE * 100));
        }
    }
}
