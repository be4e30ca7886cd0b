package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * The last ulps as scipy 1.10 ({@code underflow_cases} in src/test/python/generate_stats_golden.py):
 * the Smirnov series reaches the subnormal range where scipy's does (cephes MINLOG = log(2^-1075)),
 * and the chi-square survival function is 0 exactly where cephes' igamc underflows.
 */
class UnderflowTests {

    static Stream<Named<JsonNode>> rows(String array, String label) {
        return Golden.load("underflow.json").get(array).valueStream()
                .map(r -> Named.of(label + " " + r, r));
    }

    static Stream<Named<JsonNode>> smirnov() {
        return rows("smirnov", "smirnov");
    }

    static Stream<Named<JsonNode>> kstwo() {
        return rows("kstwo", "kstwo");
    }

    static Stream<Named<JsonNode>> chi2() {
        return rows("chi2_sf", "chi2.sf");
    }

    static Stream<Named<JsonNode>> tables() {
        return Golden.cases("underflow.json", "chi2_tables");
    }

    @ParameterizedTest
    @MethodSource("smirnov")
    void smirnovReachesTheSubnormalRangeAsScipy(JsonNode row) {
        double actual = SmirnovDistribution.sf(row.get("n").asInt(), row.get("d").asDouble());

        assertAsScipy(actual, row.get("smirnov").asDouble());
    }

    @ParameterizedTest
    @MethodSource("kstwo")
    void kolmogorovReachesTheSubnormalRangeAsScipy(JsonNode row) {
        double actual = KolmogorovDistribution.sf(row.get("n").asInt(), row.get("d").asDouble());

        assertAsScipy(actual, row.get("kstwo_sf").asDouble());
    }

    @ParameterizedTest
    @MethodSource("chi2")
    void chiSquareSurvivalUnderflowsWhereScipyDoes(JsonNode row) {
        double actual = ChiSquare.survival(row.get("x").asDouble(), row.get("dof").asInt());

        double expected = row.get("sf").asDouble();
        assertAsScipy(actual, expected);
        assertThat(actual == 0.0).as("0 exactly where scipy is 0").isEqualTo(expected == 0.0);
    }

    @ParameterizedTest
    @MethodSource("tables")
    void contingencyPValuesUnderflowWhereScipyDoes(JsonNode c) {
        ChiSquare chi2 = ChiSquare.test(Golden.matrix(c.get("table")));

        assertAsScipy(chi2.pValue(), c.get("pvalue").asDouble());
        assertThat(chi2.pValue() == 0.0).isEqualTo(c.get("pvalue").asDouble() == 0.0);
    }

    /**
     * To 1e-9 relative where scipy is in the normal range (never 0 there); below it, to 1e-6
     * relative or 1e-320 absolute (about 2,000 of the smallest subnormal steps, which scipy's own
     * deepest subnormal values are partly underflowed by), and positive from 1e-318 on.
     */
    private static void assertAsScipy(double actual, double expected) {
        if (expected >= Double.MIN_NORMAL) {
            assertThat(actual).isCloseTo(expected, withinPercentage(1e-7));
        } else {
            assertThat(actual).isGreaterThanOrEqualTo(0.0).isCloseTo(expected,
                    within(Math.max(1e-6 * expected, 1e-320)));
            if (expected >= 1e-318) {
                assertThat(actual).isPositive();
            }
        }
    }
}
