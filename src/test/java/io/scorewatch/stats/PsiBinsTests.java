package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * The PSI bins against numpy ({@code psi_bin_edges} in src/test/python/generate_stats_golden.py):
 * every mass point of the reference alone in a bin, so that a shift off it is never invisible.
 */
class PsiBinsTests {

    static Stream<Named<JsonNode>> numericCases() {
        return Golden.cases("psi.json", "numeric");
    }

    static JsonNode golden(String name) {
        return numericCases().filter(c -> c.getName().equals(name)).findFirst().orElseThrow().getPayload();
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void edgesAreTheDecilesWithEachMassPointAlone(JsonNode expected) {
        PsiBins bins = PsiBins.of(SortedSample.of(Golden.doubles(expected.get("reference"))));

        assertThat(bins.edges()).containsExactly(Golden.doubles(expected.get("bin_edges")));
        assertThat(bins.count()).isEqualTo(expected.get("bins").asInt());
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void theIndexOfCountsEqualsTheIndexOfTheSample(JsonNode expected) {
        double[] production = Golden.doubles(expected.get("production"));
        PsiBins bins = PsiBins.of(SortedSample.of(Golden.doubles(expected.get("reference"))));

        long[] unsorted = bins.counts(production);
        long[] sorted = bins.counts(SortedSample.of(production));

        assertThat(sorted).containsExactly(unsorted);
        assertRelative(bins.psi(unsorted).value(), expected.get("psi").asDouble(), "psi of counts");
    }

    @Test
    void aConstantReferenceMovedUpOrDownIsTheSameLargeShift() {
        JsonNode up = golden("constant_moved_up");
        JsonNode down = golden("constant_moved_down");

        PopulationStabilityIndex upward = PopulationStabilityIndex.numeric(Golden.doubles(up.get("reference")),
                Golden.doubles(up.get("production")));
        PopulationStabilityIndex downward = PopulationStabilityIndex.numeric(Golden.doubles(down.get("reference")),
                Golden.doubles(down.get("production")));

        assertRelative(upward.value(), up.get("psi").asDouble(), "up");
        assertThat(upward.value()).isEqualTo(downward.value()).isGreaterThan(0.25);
        assertThat(upward.band()).contains(PopulationStabilityIndex.Band.SIGNIFICANT);
    }

    @Test
    void aZeroInflatedFeatureLosingItsZerosIsASignificantShift() {
        JsonNode losing = golden("zero_inflated_losing_zeros");

        PopulationStabilityIndex psi = PopulationStabilityIndex.numeric(Golden.doubles(losing.get("reference")),
                Golden.doubles(losing.get("production")));

        assertRelative(psi.value(), losing.get("psi").asDouble(), "psi");
        assertThat(psi.value()).isGreaterThan(0.25);
    }

    @Test
    void massPointsAreTheValuesHeldByMoreThanATenth() {
        double[] values = new double[100];
        Arrays.fill(values, 0, 11, 1.0); // 11%: a mass point
        Arrays.fill(values, 11, 21, 2.0); // 10%: not more than a bin's share
        for (int i = 21; i < 100; i++) {
            values[i] = 3 + i;
        }

        assertThat(PsiBins.massPoints(SortedSample.of(values))).containsExactly(1.0);
        assertThat(PsiBins.massPoints(SortedSample.of(values).compacted())).containsExactly(1.0);
        assertThat(PsiBins.of(SortedSample.of(values)).edges()).contains(1.0, Math.nextUp(1.0));
    }

    @Test
    void countsMustMatchTheBins() {
        PsiBins bins = PsiBins.of(SortedSample.of(new double[] {5, 5, 5}));

        assertThat(bins.count()).isEqualTo(3);
        assertThat(bins.referenceCounts()).containsExactly(0, 3, 0);
        assertThat(bins.psi(new long[3]).value()).isNaN();
        assertThatIllegalArgumentException().isThrownBy(() -> bins.psi(new long[2]));
        assertThatIllegalArgumentException().isThrownBy(() -> bins.psi(new long[] {1, -1, 0}));
        assertThatIllegalArgumentException().isThrownBy(() -> PsiBins.of(SortedSample.of(new double[0])));
    }
}
