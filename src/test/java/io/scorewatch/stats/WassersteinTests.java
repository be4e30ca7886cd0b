package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

class WassersteinTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("wasserstein.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void agreesWithScipyWassersteinDistance(JsonNode expected) {
        double[] reference = Golden.doubles(expected.get("reference"));
        double[] production = Golden.doubles(expected.get("production"));

        Wasserstein result = Wasserstein.between(reference, production);

        assertRelative(result.distance(), Golden.number(expected.get("distance")), "distance");
        assertRelative(result.referenceStandardDeviation(), Golden.number(expected.get("reference_std")), "std");
        if (result.referenceStandardDeviation() > 0) {
            assertRelative(result.normalized(), Golden.number(expected.get("normalized")), "normalized");
        }
    }

    @Test
    void constantReferenceNormalisesByTheFloorOnItsDeviation() {
        double[] constant = {3, 3, 3};

        assertThat(Wasserstein.between(constant, new double[] {3, 3}).normalized()).isZero();
        assertThat(Wasserstein.between(constant, new double[] {3, 4}).normalized()).isEqualTo(0.5 / 0.001);
        goldenCases().map(Named::getPayload).filter(c -> c.get("reference_std").asDouble() == 0.0).forEach(c -> {
            Wasserstein result = Wasserstein.between(Golden.doubles(c.get("reference")),
                    Golden.doubles(c.get("production")));
            assertRelative(result.normalized(), Golden.number(c.get("normalized")), c.get("name").asString());
            assertThat(result.normalized()).isFinite().isGreaterThan(0.1);
        });
    }

    @Test
    void nanValuesAreIgnoredAndEmptySidesAreUndefined() {
        Wasserstein withNaN = Wasserstein.between(new double[] {0, Double.NaN, 1}, new double[] {Double.NaN, 2});
        Wasserstein without = Wasserstein.between(new double[] {0, 1}, new double[] {2});

        assertThat(withNaN).isEqualTo(without);
        assertThat(Wasserstein.between(new double[0], new double[] {1}).distance()).isNaN();
        assertThat(Wasserstein.between(new double[0], new double[] {1}).normalized()).isNaN();
    }

    @Test
    void isSymmetricInDistance() {
        JsonNode testCase = goldenCases().filter(c -> c.getName().equals("exponential_vs_normal"))
                .findFirst().orElseThrow().getPayload();
        double[] u = Golden.doubles(testCase.get("reference"));
        double[] v = Golden.doubles(testCase.get("production"));

        assertRelative(Wasserstein.between(v, u).distance(), Wasserstein.between(u, v).distance(), "swapped");
    }
}
