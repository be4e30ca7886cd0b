package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertPValue;
import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class ChiSquareTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("chi2.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void agreesWithScipyChi2Contingency(JsonNode expected) {
        ChiSquare result;
        if (expected.has("table")) {
            result = ChiSquare.test(Golden.matrix(expected.get("table")));
        } else {
            result = ChiSquare.homogeneity(Golden.counts(expected.get("reference")),
                    Golden.counts(expected.get("production")));
            assertThat(ChiSquare.categories(Golden.counts(expected.get("reference")),
                    Golden.counts(expected.get("production"))))
                    .containsExactlyElementsOf(expected.get("categories").valueStream().map(JsonNode::asString).toList());
        }

        assertThat(result.degreesOfFreedom()).isEqualTo(expected.get("dof").asInt());
        assertRelative(result.statistic(), Golden.number(expected.get("statistic")), "chi2");
        assertPValue(result.pValue(), Golden.number(expected.get("pvalue")), "p-value");
        double[][] expectedCounts = Golden.matrix(expected.get("expected"));
        double[][] actualCounts = result.expected();
        assertThat(actualCounts).hasDimensions(expectedCounts.length, expectedCounts[0].length);
        for (int r = 0; r < expectedCounts.length; r++) {
            for (int c = 0; c < expectedCounts[r].length; c++) {
                assertRelative(actualCounts[r][c], expectedCounts[r][c], "expected[" + r + "][" + c + "]");
            }
        }
    }

    @Test
    void verySmallPValuesDoNotUnderflowToZero() {
        // one degree of freedom, statistic ~ 222: p ~ 1e-50, far below what 1 - cdf can represent
        ChiSquare result = ChiSquare.test(new double[][] {{5000, 4000}, {4000, 5000}});

        assertThat(result.pValue()).isPositive().isLessThan(1e-40);
        assertThat(1 - new org.apache.commons.math3.distribution.ChiSquaredDistribution(1)
                .cumulativeProbability(result.statistic()))
                .as("the naive 1 - cdf loses it").isZero();
    }

    @Test
    void integerTableOverloadMatchesDoubleTable() {
        long[][] counts = {{12, 7, 30}, {9, 14, 22}};
        double[][] asDoubles = {{12, 7, 30}, {9, 14, 22}};

        assertThat(ChiSquare.test(counts)).isEqualTo(ChiSquare.test(asDoubles));
    }

    @Test
    void allZeroTableIsDegenerate() {
        ChiSquare result = ChiSquare.test(new double[][] {{0, 0}, {0, 0}});

        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.degreesOfFreedom()).isZero();
    }

    @Test
    void emptyMapsAreDegenerate() {
        ChiSquare result = ChiSquare.homogeneity(Map.<String, Long>of(), Map.<String, Long>of());

        assertThat(result.degreesOfFreedom()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void rejectsInvalidTables() {
        assertThatIllegalArgumentException().isThrownBy(() -> ChiSquare.test(new double[0][0]));
        assertThatIllegalArgumentException().isThrownBy(() -> ChiSquare.test(new double[][] {{1, 2}, {3}}));
        assertThatIllegalArgumentException().isThrownBy(() -> ChiSquare.test(new double[][] {{1, -2}, {3, 4}}));
        assertThatIllegalArgumentException().isThrownBy(() -> ChiSquare.test(new double[][] {{1, Double.NaN}, {3, 4}}));
    }

    @Test
    void expectedTableIsDefensivelyCopied() {
        ChiSquare result = ChiSquare.test(new double[][] {{10, 20}, {30, 25}});
        double[][] leaked = result.expected();
        leaked[0][0] = -1;

        assertThat(result.expected()[0][0]).isPositive();
    }
}
