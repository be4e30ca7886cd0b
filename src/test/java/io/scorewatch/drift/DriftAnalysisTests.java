package io.scorewatch.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.scorewatch.drift.DriftProperties.Correction;
import io.scorewatch.drift.DriftProperties.Policy;
import io.scorewatch.drift.DriftRunResponse.FeatureResult;
import io.scorewatch.drift.DriftRunResponse.Missing;
import io.scorewatch.stats.SortedSample;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DriftAnalysisTests {

    private static final Missing NO_MISSING = new Missing(0, 0, 0, false);

    @Test
    void bonferroniMultipliesByTheNumberOfTestsAndCapsAtOne() {
        double[] adjusted = DriftAnalysis.adjust(new double[] {0.01, 0.04, Double.NaN, 0.5}, Correction.BONFERRONI);
        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-15));
        assertThat(adjusted[1]).isCloseTo(0.12, within(1e-15));
        assertThat(adjusted[2]).isNaN();
        assertThat(adjusted[3]).isEqualTo(1.0);
    }

    @Test
    void benjaminiHochbergIsTheStepUpAdjustment() {
        // sorted p: 0.005, 0.01, 0.03, 0.04 -> p*m/rank: 0.02, 0.02, 0.04, 0.04 -> running minimum from the top
        double[] adjusted = DriftAnalysis.adjust(new double[] {0.01, 0.04, 0.03, 0.005}, Correction.BENJAMINI_HOCHBERG);
        assertThat(adjusted).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-15));
        assertThat(DriftAnalysis.adjust(new double[] {0.2, 0.9}, Correction.NONE)).containsExactly(0.2, 0.9);
    }

    @Test
    void thePolicyDecidesBetweenSignificanceAndEffectSize() {
        FeatureResult significantSmall = result("a", 0.001, 0.02, 0.01);
        FeatureResult insignificantLarge = result("b", 0.4, 0.3, 0.02);
        FeatureResult both = result("c", 0.001, 0.3, 0.2);
        List<FeatureResult> features = List.of(significantSmall, insignificantLarge, both);

        assertThat(drifted(features, Policy.P_VALUE)).containsExactly("a", "c");
        assertThat(drifted(features, Policy.EFFECT_SIZE)).containsExactly("b", "c");
        assertThat(drifted(features, Policy.BOTH)).containsExactly("c");
    }

    @Test
    void aCorrectionCanClearAMarginalFeature() {
        List<FeatureResult> features = List.of(result("a", 0.03, 0, 0), result("b", 0.5, 0, 0));
        DriftAnalysis.Settings bonferroni = new DriftAnalysis.Settings(0.05, Policy.P_VALUE, Correction.BONFERRONI,
                0.1, 0.1, 0.1);
        List<FeatureResult> decided = DriftAnalysis.decide(features, bonferroni);
        assertThat(decided.get(0).drifted()).isFalse();
        assertThat(decided.get(0).adjustedPValue()).isCloseTo(0.06, within(1e-15));
    }

    @Test
    void targetDriftWithoutLabelsSaysSoInsteadOfFailing() {
        DriftRunResponse.TargetDrift drift = DriftAnalysis.targetDrift(80, 920, new byte[] {-1, -1, -1}, 0.05);
        assertThat(drift.pValue()).isNull();
        assertThat(drift.drifted()).isFalse();
        assertThat(drift.note()).contains("no labelled predictions");
        assertThat(drift.trainPositiveRate()).isEqualTo(0.08);
    }

    @Test
    void aFeatureMissingEverywhereInTheWindowHasNoTestButItsMissingShareDrifts() {
        var reference = new io.scorewatch.reference.ReferenceData.NumericColumn("x",
                SortedSample.of(new double[] {1, 2, 3, 4}), 0);
        FeatureResult result = DriftAnalysis.numerical("x", reference, 4, new double[] {Double.NaN, Double.NaN},
                new DriftAnalysis.Settings(0.05, Policy.P_VALUE, Correction.NONE, 0.1, 0.1, 0.1));
        assertThat(result.pValue()).isNull();
        assertThat(result.missing().productionShare()).isEqualTo(1.0);
        assertThat(result.missing().drifted()).isTrue();
    }

    @Test
    void unseenCategoriesAreCounted() {
        var reference = new io.scorewatch.reference.ReferenceData.CategoricalColumn("c",
                Map.of("a", 50L, "b", 50L), 0);
        FeatureResult result = DriftAnalysis.categorical("c", reference, 100, Map.of("a", 40L, "z", 10L, "y", 5L),
                3, 58, new DriftAnalysis.Settings(0.05, Policy.P_VALUE, Correction.NONE, 0.1, 0.1, 0.1));
        assertThat(result.unseenCategories()).isEqualTo(2);
        assertThat(result.pValue()).isNotNull();
        assertThat(result.missing().productionShare()).isCloseTo(3 / 58.0, within(1e-15));
    }

    /**
     * A constant reference moved up or down and a zero-inflated feature losing its zeros (the
     * golden cases of src/test/python/generate_stats_golden.py) drift under every policy: the
     * mass point has a bin of its own, and the distance of a constant reference is finite.
     */
    @Test
    void aShiftOffAMassPointIsFlaggedUnderEveryPolicy() throws java.io.IOException {
        JsonNode golden;
        try (java.io.InputStream in = getClass().getResourceAsStream("/golden/stats/psi.json")) {
            golden = JsonMapper.builder().build().readTree(in);
        }
        for (String name : List.of("constant_moved_up", "constant_moved_down", "zero_inflated_losing_zeros")) {
            JsonNode c = golden.get("numeric").valueStream().filter(n -> n.get("name").asString().equals(name))
                    .findFirst().orElseThrow();
            double[] reference = c.get("reference").valueStream().mapToDouble(JsonNode::asDouble).toArray();
            double[] window = c.get("production").valueStream().mapToDouble(JsonNode::asDouble).toArray();
            for (Policy policy : Policy.values()) {
                DriftAnalysis.Settings settings = new DriftAnalysis.Settings(0.05, policy, Correction.NONE, 0.1, 0.1,
                        0.1);
                FeatureResult feature = DriftAnalysis.numerical(name, new io.scorewatch.reference.ReferenceData
                        .NumericColumn(name, SortedSample.of(reference), 0), reference.length, window, settings);

                FeatureResult decided = DriftAnalysis.decide(List.of(feature), settings).get(0);

                assertThat(decided.drifted()).as(name + " under " + policy).isTrue();
                assertThat(decided.psi()).as(name).isCloseTo(c.get("psi").asDouble(), within(1e-12))
                        .isGreaterThan(0.25);
                assertThat(decided.psiBand()).isEqualTo("significant");
                assertThat(decided.distance()).as(name + " distance").isNotNull().isGreaterThanOrEqualTo(0.1);
                assertThat(decided.pValue()).as(name + " p-value").isLessThan(0.05);
            }
        }
    }

    private static FeatureResult result(String name, double p, double psi, double distance) {
        return new FeatureResult(name, "numerical", "ks", 0.1, p, null, false, psi, null, distance, 100, 100,
                NO_MISSING, null);
    }

    private static List<String> drifted(List<FeatureResult> features, Policy policy) {
        return DriftAnalysis.decide(features, new DriftAnalysis.Settings(0.05, policy, Correction.NONE, 0.1, 0.1, 0.1))
                .stream().filter(FeatureResult::drifted).map(FeatureResult::name).toList();
    }
}
