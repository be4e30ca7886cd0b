package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** Grade assignment against numpy.searchsorted(bounds, p, side='left'); decile bounds against numpy.quantile. */
class MasterScaleTests {

    static Stream<Named<JsonNode>> scales() {
        return CreditGolden.cases("calibration.json", "master_scale");
    }

    static Stream<Named<JsonNode>> deciles() {
        return CreditGolden.cases("calibration.json", "deciles");
    }

    @ParameterizedTest
    @MethodSource("scales")
    void gradesHaveInclusiveUpperBounds(JsonNode expected) {
        MasterScale scale = MasterScale.of(CreditGolden.doubles(expected.get("bounds")));
        double[] probabilities = CreditGolden.doubles(expected.get("probabilities"));

        assertThat(scale.grades(probabilities)).containsExactly(CreditGolden.ints(expected.get("grades")));
    }

    @ParameterizedTest
    @MethodSource("deciles")
    void decileBoundsAgreeWithNumpyQuantiles(JsonNode expected) {
        SortedSample reference = SortedSample.of(CreditGolden.doubles(expected.get("sample")));
        double[] deciles = CreditGolden.doubles(expected.get("deciles"));

        double[] bounds = DecileBounds.of(reference);
        MasterScale scale = DecileBounds.scale(reference);

        assertThat(bounds).hasSameSizeAs(deciles);
        for (int k = 0; k < deciles.length; k++) {
            CreditGolden.assertRelative(bounds[k], deciles[k], "decile bound " + k);
        }
        assertThat(scale.grades()).isEqualTo(deciles.length + 1);
        assertThat(scale.upperBounds()[deciles.length]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(scale.grades(CreditGolden.doubles(expected.get("probabilities"))))
                .containsExactly(CreditGolden.ints(expected.get("grades")));
    }

    @Test
    void countsGiveTheGradeDistribution() {
        MasterScale scale = MasterScale.of(0.01, 0.05, 1.0);

        assertThat(scale.counts(new double[] {0.0, 0.01, 0.02, 0.05, 0.5, 1.0})).containsExactly(2, 2, 2);
    }

    @Test
    void rejectsBadScalesAndProbabilitiesOutsideTheScale() {
        assertThatIllegalArgumentException().isThrownBy(() -> MasterScale.of());
        assertThatIllegalArgumentException().isThrownBy(() -> MasterScale.of(0.1, 0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> MasterScale.of(0.2, 0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> MasterScale.of(0.1, Double.NaN));
        MasterScale scale = MasterScale.of(0.1, 0.5);
        assertThatIllegalArgumentException().isThrownBy(() -> scale.grade(0.6));
        assertThatIllegalArgumentException().isThrownBy(() -> scale.grade(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> DecileBounds.of(SortedSample.of(new double[0])));
    }

    @Test
    void keepsItsOwnCopyOfTheBounds() {
        double[] bounds = {0.1, 0.5};
        MasterScale scale = MasterScale.of(bounds);
        bounds[0] = 0.4;
        scale.upperBounds()[1] = 0.2;

        assertThat(Arrays.equals(scale.upperBounds(), new double[] {0.1, 0.5})).isTrue();
    }
}
