package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class BrierScoreTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("classification.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void agreesWithSklearnBrierScoreLoss(JsonNode expected) {
        int[] labels = Golden.ints(expected.get("labels"));
        double[] probabilities = Golden.doubles(expected.get("scores"));

        assertRelative(BrierScore.of(labels, probabilities).value(), Golden.number(expected.get("brier")), "brier");
    }

    @Test
    void rejectsProbabilitiesOutsideTheUnitInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> BrierScore.of(new int[] {0, 1}, new double[] {0.5, 1.2}));
        assertThatIllegalArgumentException().isThrownBy(() -> BrierScore.of(new int[] {0, 1}, new double[] {Double.NaN, 1}));
        assertThatIllegalArgumentException().isThrownBy(() -> BrierScore.of(new int[0], new double[0]));
    }
}
