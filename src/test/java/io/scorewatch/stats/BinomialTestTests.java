package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The exact one-sided binomial test against scipy.stats.binomtest(d, n, pd, alternative='greater'). */
class BinomialTestTests {

    static Stream<Named<JsonNode>> grades() {
        return CreditGolden.cases("calibration.json", "grades");
    }

    @ParameterizedTest
    @MethodSource("grades")
    void pValueAgreesWithScipyBinomtest(JsonNode expected) {
        BinomialTest test = BinomialTest.of(expected.get("count").asLong(), expected.get("defaults").asLong(),
                expected.get("pd").asDouble());

        CreditGolden.assertRelative(test.pValue(), CreditGolden.number(expected.get("binomial_p")), "binomial p");
    }

    @Test
    void tailOfSmallGradesIsTheExactSum() {
        // P(X >= 2) for X ~ Bin(3, 0.5) = 4/8; P(X >= 3) = 1/8
        assertThat(BinomialTest.of(3, 2, 0.5).pValue()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(BinomialTest.of(3, 3, 0.5).pValue()).isCloseTo(0.125, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(BinomialTest.of(5, 0, 0.3).pValue()).isEqualTo(1.0);
        assertThat(BinomialTest.of(0, 0, 0.3).pValue()).isNaN();
    }
}
