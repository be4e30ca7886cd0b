package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class JensenShannonTests {

    static Stream<Named<JsonNode>> vectorCases() {
        return Golden.cases("jensen_shannon.json", "vectors");
    }

    static Stream<Named<JsonNode>> mapCases() {
        return Golden.cases("jensen_shannon.json", "maps");
    }

    @ParameterizedTest
    @MethodSource("vectorCases")
    void agreesWithScipyJensenShannonBase2(JsonNode expected) {
        double distance = JensenShannon.distance(Golden.doubles(expected.get("p")), Golden.doubles(expected.get("q")));

        assertRelative(distance, Golden.number(expected.get("distance")), "distance");
    }

    @ParameterizedTest
    @MethodSource("mapCases")
    void mapsUseTheUnionOfCategories(JsonNode expected) {
        double distance = JensenShannon.distance(Golden.counts(expected.get("p")), Golden.counts(expected.get("q")));

        assertRelative(distance, Golden.number(expected.get("distance")), "distance");
    }

    @Test
    void undefinedForAllZeroWeights() {
        assertThat(JensenShannon.distance(new double[] {0, 0}, new double[] {1, 2})).isNaN();
    }

    @Test
    void rejectsInvalidWeights() {
        assertThatIllegalArgumentException().isThrownBy(() -> JensenShannon.distance(new double[] {1}, new double[] {1, 2}));
        assertThatIllegalArgumentException().isThrownBy(() -> JensenShannon.distance(new double[] {-1, 2}, new double[] {1, 2}));
        assertThatIllegalArgumentException().isThrownBy(() -> JensenShannon.distance(new double[] {Double.NaN, 2}, new double[] {1, 2}));
    }
}
