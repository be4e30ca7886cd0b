package io.scorewatch.stats;

import static io.scorewatch.stats.Tolerance.STATISTIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** AUC, Gini and KS separation against sklearn / scipy. */
class RocAucTests {

    static Stream<Named<JsonNode>> goldenCases() {
        return Golden.cases("classification.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void aucAgreesWithSklearnRocAucScore(JsonNode expected) {
        int[] labels = Golden.ints(expected.get("labels"));
        double[] scores = Golden.doubles(expected.get("scores"));

        RocAuc auc = RocAuc.of(labels, scores);

        double expectedAuc = Golden.number(expected.get("auc"));
        if (Double.isNaN(expectedAuc)) {
            assertThat(auc.isDefined()).as("sklearn raises: only one class present").isFalse();
            assertThat(auc.value()).isNaN();
        } else {
            assertThat(auc.isDefined()).isTrue();
            assertThat(auc.value()).isCloseTo(expectedAuc, STATISTIC);
        }
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void giniIsTwiceAucMinusOne(JsonNode expected) {
        int[] labels = Golden.ints(expected.get("labels"));
        double[] scores = Golden.doubles(expected.get("scores"));

        Gini gini = Gini.of(labels, scores);

        double expectedGini = Golden.number(expected.get("gini"));
        if (Double.isNaN(expectedGini)) {
            assertThat(gini.value()).isNaN();
        } else {
            assertThat(gini.value()).isCloseTo(expectedGini, STATISTIC);
        }
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void ksSeparationAgreesWithKs2sampStatistic(JsonNode expected) {
        int[] labels = Golden.ints(expected.get("labels"));
        double[] scores = Golden.doubles(expected.get("scores"));

        KsSeparation ks = KsSeparation.of(labels, scores);

        double expectedKs = Golden.number(expected.get("ks_separation"));
        if (Double.isNaN(expectedKs)) {
            assertThat(ks.statistic()).isNaN();
        } else {
            assertThat(ks.statistic()).isCloseTo(expectedKs, STATISTIC);
        }
    }

    @Test
    void booleanLabelsGiveTheSameResult() {
        int[] labels = {0, 1, 1, 0, 1, 0, 0};
        boolean[] flags = {false, true, true, false, true, false, false};
        double[] scores = {0.1, 0.7, 0.3, 0.3, 0.9, 0.2, 0.8};

        assertThat(RocAuc.of(flags, scores)).isEqualTo(RocAuc.of(labels, scores));
        assertThat(KsSeparation.of(flags, scores)).isEqualTo(KsSeparation.of(labels, scores));
    }

    @Test
    void largeInputIsExactAndFast() {
        int n = 1_000_000;
        java.util.Random random = new java.util.Random(11);
        int[] labels = new int[n];
        double[] scores = new double[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
            positives += labels[i];
            // coarse scores: many ties
            scores[i] = Math.round((random.nextGaussian() + labels[i]) * 100) / 100.0;
        }

        RocAuc auc = RocAuc.of(labels, scores);

        assertThat(auc.positives()).isEqualTo(positives);
        assertThat(auc.negatives()).isEqualTo(n - positives);
        // N(1,1) vs N(0,1): AUC = Phi(1/sqrt(2)) ~ 0.7602
        assertThat(auc.value()).isBetween(0.755, 0.765);
    }

    @Test
    void rejectsInvalidInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> RocAuc.of(new int[] {0, 2}, new double[] {0.1, 0.2}));
        assertThatIllegalArgumentException().isThrownBy(() -> RocAuc.of(new int[] {0, 1}, new double[] {0.1}));
        assertThatIllegalArgumentException().isThrownBy(() -> RocAuc.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}));
    }
}
