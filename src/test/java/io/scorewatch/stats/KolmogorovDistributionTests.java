package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.assertPValue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** kstwo.sf and smirnov over a grid that reaches every branch of scipy's algorithm choice. */
class KolmogorovDistributionTests {

    static Stream<Named<JsonNode>> grid() {
        return Golden.load("ks_distribution.json").get("rows").valueStream()
                .map(r -> Named.of("n=" + r.get("n").asInt() + " d=" + r.get("d").asDouble(), r));
    }

    @ParameterizedTest
    @MethodSource("grid")
    void twoSidedSurvivalMatchesScipyKstwo(JsonNode row) {
        int n = row.get("n").asInt();
        double d = row.get("d").asDouble();

        assertPValue(KolmogorovDistribution.sf(n, d), Golden.number(row.get("kstwo_sf")), "kstwo.sf");
    }

    @ParameterizedTest
    @MethodSource("grid")
    void oneSidedSurvivalMatchesScipySmirnov(JsonNode row) {
        int n = row.get("n").asInt();
        double d = row.get("d").asDouble();

        assertPValue(SmirnovDistribution.sf(n, d), Golden.number(row.get("smirnov")), "smirnov");
    }
}
