package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.scorewatch.stats.PopulationStabilityIndex.Band;
import tools.jackson.databind.JsonNode;

class PopulationStabilityIndexTests {

    static Stream<Named<JsonNode>> numericCases() {
        return Golden.cases("psi.json", "numeric");
    }

    static Stream<Named<JsonNode>> categoricalCases() {
        return Golden.cases("psi.json", "categorical");
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void numericAgreesWithNumpyDecileBinning(JsonNode expected) {
        double[] reference = Golden.doubles(expected.get("reference"));
        double[] production = Golden.doubles(expected.get("production"));

        PopulationStabilityIndex psi = PopulationStabilityIndex.numeric(reference, production);

        double[] expectedEdges = Golden.doubles(expected.get("edges"));
        assertThat(PopulationStabilityIndex.decileEdges(SortedSample.of(reference))).containsExactly(expectedEdges);
        assertThat(psi.bins()).isEqualTo(expected.get("bins").asInt());
        assertRelative(psi.value(), expected.get("psi").asDouble(), "psi");
    }

    @ParameterizedTest
    @MethodSource("categoricalCases")
    void categoricalAgreesWithGolden(JsonNode expected) {
        PopulationStabilityIndex psi = PopulationStabilityIndex.categorical(
                Golden.counts(expected.get("reference")), Golden.counts(expected.get("production")));

        assertThat(psi.bins()).isEqualTo(expected.get("bins").asInt());
        assertRelative(psi.value(), expected.get("psi").asDouble(), "psi");
    }

    @Test
    void bandsFollowCreditPractice() {
        assertThat(Band.of(0.0)).isEqualTo(Band.STABLE);
        assertThat(Band.of(0.0999)).isEqualTo(Band.STABLE);
        assertThat(Band.of(0.1)).isEqualTo(Band.MODERATE);
        assertThat(Band.of(0.2499)).isEqualTo(Band.MODERATE);
        assertThat(Band.of(0.25)).isEqualTo(Band.SIGNIFICANT);
        assertThatIllegalArgumentException().isThrownBy(() -> Band.of(Double.NaN));
    }

    @Test
    void undefinedWhenASideIsEmpty() {
        PopulationStabilityIndex noProduction = PopulationStabilityIndex.numeric(new double[] {1, 2, 3},
                new double[] {Double.NaN});
        PopulationStabilityIndex noReference = PopulationStabilityIndex.numeric(new double[0], new double[] {1});
        PopulationStabilityIndex noCategories = PopulationStabilityIndex.categorical(Map.of("a", 3L), Map.<String, Long>of());

        assertThat(noProduction.value()).isNaN();
        assertThat(noProduction.band()).isEmpty();
        assertThat(noReference.value()).isNaN();
        assertThat(noCategories.value()).isNaN();
    }

    @Test
    void presortedReferenceGivesTheSameIndex() {
        JsonNode testCase = numericCases().findFirst().orElseThrow().getPayload();
        double[] reference = Golden.doubles(testCase.get("reference"));
        double[] production = Golden.doubles(testCase.get("production"));

        assertThat(PopulationStabilityIndex.numeric(SortedSample.of(reference), production))
                .isEqualTo(PopulationStabilityIndex.numeric(reference, production));
    }
}
