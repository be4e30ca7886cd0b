package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * AUC, DeLong variance, the AUC-fall test and DeLong's paired and unpaired tests against R's
 * pROC (delong.json) on the data sets of roc_cases.json, whose AUCs are also scikit-learn's.
 */
class DeLongTests {

    private static final Map<String, JsonNode> PROC = new HashMap<>();

    static {
        CreditGolden.load("delong.json").get("cases").valueStream()
                .forEach(c -> PROC.put(c.get("name").asString(), c));
    }

    static Stream<Named<JsonNode>> rocCases() {
        return CreditGolden.cases("roc_cases.json", "cases");
    }

    private static JsonNode proc(JsonNode rocCase) {
        JsonNode expected = PROC.get(rocCase.get("name").asString());
        assertThat(expected).as("pROC values of " + rocCase.get("name")).isNotNull();
        return expected;
    }

    private static double value(JsonNode node, String key) {
        return CreditGolden.number(node.get(key));
    }

    @ParameterizedTest
    @MethodSource("rocCases")
    void aucAndVarianceAgreeWithProc(JsonNode rocCase) {
        JsonNode expected = proc(rocCase);
        int[] labels = CreditGolden.ints(rocCase.get("labels"));

        DeLongAuc first = DeLongAuc.of(labels, CreditGolden.doubles(rocCase.get("scores")));
        DeLongAuc second = DeLongAuc.of(labels, CreditGolden.doubles(rocCase.get("scores2")));
        DeLongAuc other = DeLongAuc.of(CreditGolden.ints(rocCase.get("labels_b")),
                CreditGolden.doubles(rocCase.get("scores_b")));

        CreditGolden.assertRelative(first.auc(), value(expected, "auc"), "AUC");
        CreditGolden.assertRelative(first.auc(), value(rocCase, "auc_sklearn"), "AUC (sklearn)");
        CreditGolden.assertRelative(first.variance(), value(expected, "variance"), "variance");
        CreditGolden.assertRelative(second.auc(), value(expected, "auc2"), "second AUC");
        CreditGolden.assertRelative(second.auc(), value(rocCase, "auc2_sklearn"), "second AUC (sklearn)");
        CreditGolden.assertRelative(second.variance(), value(expected, "variance2"), "second variance");
        CreditGolden.assertRelative(other.auc(), value(expected, "auc_b"), "other sample's AUC");
        CreditGolden.assertRelative(other.auc(), value(rocCase, "auc_b_sklearn"), "other sample's AUC (sklearn)");
        CreditGolden.assertRelative(other.variance(), value(expected, "variance_b"), "other sample's variance");
        CreditGolden.assertRelative(first.gini().value(), 2 * value(expected, "auc") - 1, "Gini");
    }

    @ParameterizedTest
    @MethodSource("rocCases")
    void aucFallAgreesWithPnorm(JsonNode rocCase) {
        JsonNode expected = proc(rocCase);
        DeLongAuc current = DeLongAuc.of(CreditGolden.ints(rocCase.get("labels")),
                CreditGolden.doubles(rocCase.get("scores")));

        AucFallTest test = AucFallTest.of(current, rocCase.get("initial_auc").asDouble());

        CreditGolden.assertRelative(test.z(), value(expected, "fall_z"), "z");
        CreditGolden.assertRelative(test.pValue(), value(expected, "fall_p"), "p");
    }

    @ParameterizedTest
    @MethodSource("rocCases")
    void pairedTestAgreesWithRocTest(JsonNode rocCase) {
        JsonNode expected = proc(rocCase);

        PairedDeLongTest test = PairedDeLongTest.of(CreditGolden.ints(rocCase.get("labels")),
                CreditGolden.doubles(rocCase.get("scores")), CreditGolden.doubles(rocCase.get("scores2")));

        CreditGolden.assertRelative(test.firstAuc(), value(expected, "auc"), "first AUC");
        CreditGolden.assertRelative(test.secondAuc(), value(expected, "auc2"), "second AUC");
        CreditGolden.assertRelative(test.z(), value(expected, "paired_z"), "z");
        CreditGolden.assertRelative(test.pValue(), value(expected, "paired_p"), "p");
    }

    @ParameterizedTest
    @MethodSource("rocCases")
    void unpairedTestAgreesWithRocTest(JsonNode rocCase) {
        JsonNode expected = proc(rocCase);

        UnpairedDeLongTest test = UnpairedDeLongTest.of(CreditGolden.ints(rocCase.get("labels")),
                CreditGolden.doubles(rocCase.get("scores")), CreditGolden.ints(rocCase.get("labels_b")),
                CreditGolden.doubles(rocCase.get("scores_b")));

        CreditGolden.assertRelative(test.statistic(), value(expected, "unpaired_d"), "D");
        CreditGolden.assertRelative(test.degreesOfFreedom(), value(expected, "unpaired_df"), "df");
        CreditGolden.assertRelative(test.pValue(), value(expected, "unpaired_p"), "p");
    }

    @Test
    void aucIsTheMannWhitneyAucAndPlacementsKeepTheRowOrder() {
        int[] labels = {0, 1, 1, 0, 1, 0, 0};
        double[] scores = {0.1, 0.7, 0.3, 0.3, 0.9, 0.2, 0.8};

        DeLongAuc auc = DeLongAuc.of(labels, scores);
        DeLongPlacements placements = DeLongPlacements.of(BinaryLabels.toBoolean(labels), scores);

        assertThat(auc.auc()).isEqualTo(RocAuc.of(labels, scores).value());
        // positives 0.7, 0.3, 0.9 over negatives {0.1, 0.3, 0.2, 0.8}: 3, 2.5 (one tie), 4 below
        assertThat(placements.positive()).containsExactly(6, 5, 8);
        // negatives 0.1, 0.3, 0.2, 0.8 under positives {0.7, 0.3, 0.9}: 3, 2.5, 3, 1 above
        assertThat(placements.negative()).containsExactly(6, 5, 6, 2);
    }

    @Test
    void undefinedWithoutBothClassesOrWithASingleCase() {
        assertThat(DeLongAuc.of(new int[] {0, 0}, new double[] {0.1, 0.2}).auc()).isNaN();
        assertThat(DeLongAuc.of(new int[] {0, 0}, new double[] {0.1, 0.2}).variance()).isNaN();
        DeLongAuc oneCase = DeLongAuc.of(new int[] {1, 0, 0}, new double[] {0.5, 0.2, 0.7});
        assertThat(oneCase.auc()).isEqualTo(0.5);
        assertThat(oneCase.variance()).isNaN();
    }

    @Test
    void rejectsInvalidInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeLongAuc.of(new int[] {0, 2}, new double[] {0.1, 0.2}));
        assertThatIllegalArgumentException().isThrownBy(() -> DeLongAuc.of(new int[] {0, 1}, new double[] {0.1}));
        assertThatIllegalArgumentException().isThrownBy(() -> DeLongAuc.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}));
        assertThatIllegalArgumentException().isThrownBy(() -> PairedDeLongTest.of(new int[] {0, 1},
                new double[] {0.1, 0.2}, new double[] {0.1}));
        DeLongAuc auc = DeLongAuc.of(new int[] {0, 1, 0, 1}, new double[] {0.1, 0.2, 0.3, 0.4});
        assertThatIllegalArgumentException().isThrownBy(() -> AucFallTest.of(auc, 1.2));
    }

    @Test
    void largeSampleIsComputedInOneSortPerClass() {
        int n = 1_000_000;
        Random random = new Random(3);
        int[] labels = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.1 ? 1 : 0;
            scores[i] = Math.round((random.nextGaussian() + labels[i]) * 100) / 100.0;
        }

        DeLongAuc auc = DeLongAuc.of(labels, scores);

        assertThat(auc.auc()).isEqualTo(RocAuc.of(labels, scores).value());
        // N(1,1) against N(0,1): AUC = Phi(1 / sqrt 2) ~ 0.7602; its standard error shrinks as 1 / sqrt(n)
        assertThat(auc.auc()).isCloseTo(0.7602, within(0.005));
        assertThat(auc.standardError()).isBetween(1e-4, 1e-3);
    }
}
