package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The Jeffreys test against scipy.stats.beta.cdf(pd, d + 1/2, n - d + 1/2). */
class JeffreysTestTests {

    static Stream<Named<JsonNode>> grades() {
        return CreditGolden.cases("calibration.json", "grades");
    }

    @ParameterizedTest
    @MethodSource("grades")
    void pValueAgreesWithScipyBetaCdf(JsonNode expected) {
        JeffreysTest test = JeffreysTest.of(expected.get("count").asLong(), expected.get("defaults").asLong(),
                expected.get("pd").asDouble());

        CreditGolden.assertRelative(test.pValue(), CreditGolden.number(expected.get("jeffreys_p")), "Jeffreys p");
    }

    @Test
    void moreDefaultsGiveASmallerPValue() {
        double calibrated = JeffreysTest.of(1000, 20, 0.02).pValue();
        double above = JeffreysTest.of(1000, 35, 0.02).pValue();

        assertThat(above).isLessThan(calibrated);
        assertThat(calibrated).isBetween(0.4, 0.6);
    }

    @Test
    void emptyGradeHasNoPValueAndPdBoundsAreCertain() {
        assertThat(JeffreysTest.of(0, 0, 0.02).pValue()).isNaN();
        assertThat(JeffreysTest.of(new GradeOutcome(0, 0, Double.NaN)).pValue()).isNaN();
        assertThat(JeffreysTest.of(10, 0, 0.0).pValue()).isZero();
        assertThat(JeffreysTest.of(10, 10, 1.0).pValue()).isEqualTo(1.0);
    }

    @Test
    void rejectsImpossibleGrades() {
        assertThatIllegalArgumentException().isThrownBy(() -> JeffreysTest.of(10, 11, 0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> JeffreysTest.of(10, -1, 0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> JeffreysTest.of(-1, 0, 0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> JeffreysTest.of(10, 1, 1.5));
        assertThatIllegalArgumentException().isThrownBy(() -> JeffreysTest.of(10, 1, Double.NaN));
    }
}
