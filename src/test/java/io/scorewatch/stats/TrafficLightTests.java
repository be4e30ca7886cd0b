package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** Traffic lights of the Jeffreys p-values of whole portfolios, with the thresholds of the golden file. */
class TrafficLightTests {

    static Stream<Named<JsonNode>> portfolios() {
        return CreditGolden.cases("calibration.json", "portfolios");
    }

    private static TrafficLightThresholds thresholds(JsonNode portfolio) {
        JsonNode t = portfolio.get("thresholds");
        return new TrafficLightThresholds(t.get("yellow_below").asDouble(), t.get("red_below").asDouble());
    }

    @ParameterizedTest
    @MethodSource("portfolios")
    void perGradeJeffreysAndLightsAgreeWithScipy(JsonNode portfolio) {
        List<GradeOutcome> grades = HosmerLemeshowTests.grades(portfolio);
        TrafficLightThresholds thresholds = thresholds(portfolio);

        for (int g = 0; g < grades.size(); g++) {
            double p = JeffreysTest.of(grades.get(g)).pValue();
            CreditGolden.assertRelative(p, CreditGolden.number(portfolio.get("jeffreys_p").get(g)), "Jeffreys p of grade " + g);
            CreditGolden.assertRelative(BinomialTest.of(grades.get(g)).pValue(),
                    CreditGolden.number(portfolio.get("binomial_p").get(g)), "binomial p of grade " + g);
            JsonNode light = portfolio.get("traffic_lights").get(g);
            if (light.isNull()) {
                assertThat(p).as("an empty grade has no p-value").isNaN();
            } else {
                assertThat(TrafficLight.of(p, thresholds)).as("grade " + g).isEqualTo(TrafficLight.valueOf(light.asString()));
            }
        }
    }

    @Test
    void onlyTheMiscalibratedGradeAmongCalibratedOnesIsRed() {
        JsonNode calibrated = CreditGolden.load("calibration.json").get("portfolios").get(0);
        JsonNode doctored = CreditGolden.load("calibration.json").get("portfolios").get(1);
        assertThat(calibrated.get("name").asString()).isEqualTo("calibrated_7_grades");
        assertThat(doctored.get("name").asString()).isEqualTo("grade_3_underestimated");
        TrafficLightThresholds thresholds = thresholds(doctored);

        List<TrafficLight> before = HosmerLemeshowTests.grades(calibrated).stream()
                .map(g -> TrafficLight.of(JeffreysTest.of(g).pValue(), thresholds)).toList();
        List<TrafficLight> after = HosmerLemeshowTests.grades(doctored).stream()
                .map(g -> TrafficLight.of(JeffreysTest.of(g).pValue(), thresholds)).toList();

        assertThat(before).containsOnly(TrafficLight.GREEN);
        assertThat(after).containsExactly(TrafficLight.GREEN, TrafficLight.GREEN, TrafficLight.GREEN,
                TrafficLight.RED, TrafficLight.GREEN, TrafficLight.GREEN, TrafficLight.GREEN);
        assertThat(HosmerLemeshow.of(HosmerLemeshowTests.grades(calibrated)).pValue()).isGreaterThan(0.05);
        assertThat(HosmerLemeshow.of(HosmerLemeshowTests.grades(doctored)).pValue()).isLessThan(0.01);
    }

    @Test
    void thresholdsAreStrictUpperBoundsOfEachZone() {
        TrafficLightThresholds thresholds = new TrafficLightThresholds(0.1, 0.02);

        assertThat(TrafficLight.of(0.1, thresholds)).isEqualTo(TrafficLight.GREEN);
        assertThat(TrafficLight.of(Math.nextDown(0.1), thresholds)).isEqualTo(TrafficLight.YELLOW);
        assertThat(TrafficLight.of(0.02, thresholds)).isEqualTo(TrafficLight.YELLOW);
        assertThat(TrafficLight.of(Math.nextDown(0.02), thresholds)).isEqualTo(TrafficLight.RED);
        assertThat(TrafficLight.of(0.0, thresholds)).isEqualTo(TrafficLight.RED);
        assertThatIllegalArgumentException().isThrownBy(() -> TrafficLight.of(Double.NaN, thresholds));
    }

    @Test
    void rejectsThresholdsOutOfOrder() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrafficLightThresholds(0.01, 0.05));
        assertThatIllegalArgumentException().isThrownBy(() -> new TrafficLightThresholds(1.5, 0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> new TrafficLightThresholds(0.05, -0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> new TrafficLightThresholds(Double.NaN, 0.01));
    }
}
