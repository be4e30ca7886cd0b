package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;

/**
 * The ROC curve against scikit-learn's {@code roc_curve(..., drop_intermediate=False)} on the
 * committed credit ROC data sets (golden values from
 * {@code src/test/python/generate_roc_curve_golden.py}), and the thinned curve's guarantees.
 */
class RocCurveTests {

    /** Vertices agree with scikit-learn to this (absolute). */
    static final double VERTEX = 1e-12;

    static final Map<String, JsonNode> DATA_SETS = new HashMap<>();

    static {
        CreditGolden.load("roc_cases.json").get("cases").valueStream()
                .forEach(c -> DATA_SETS.put(c.get("name").asString(), c));
    }

    static Stream<Named<JsonNode>> curves() {
        return CreditGolden.cases("roc_curves.json", "curves");
    }

    private static int[] labels(JsonNode expected) {
        return CreditGolden.ints(DATA_SETS.get(expected.get("case").asString()).get(
                expected.get("labels_column").asString()));
    }

    private static double[] scores(JsonNode expected) {
        return CreditGolden.doubles(DATA_SETS.get(expected.get("case").asString()).get(
                expected.get("scores_column").asString()));
    }

    @ParameterizedTest
    @MethodSource("curves")
    void verticesAgreeWithSklearnRocCurveWithoutDroppingIntermediatePoints(JsonNode expected) {
        RocCurve curve = RocCurve.of(labels(expected), scores(expected));

        double[] fpr = CreditGolden.doubles(expected.get("fpr"));
        double[] tpr = CreditGolden.doubles(expected.get("tpr"));
        double[] thresholds = CreditGolden.doubles(expected.get("thresholds"));
        assertThat(curve.size()).isEqualTo(fpr.length);
        for (int k = 0; k < fpr.length; k++) {
            assertThat(curve.falsePositiveRates()[k]).as("fpr[%d]", k).isCloseTo(fpr[k], within(VERTEX));
            assertThat(curve.truePositiveRates()[k]).as("tpr[%d]", k).isCloseTo(tpr[k], within(VERTEX));
        }
        assertThat(curve.thresholds()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        for (int k = 1; k < thresholds.length; k++) {
            assertThat(curve.thresholds()[k]).as("threshold[%d]", k).isEqualTo(thresholds[k]);
        }
        double auc = expected.get("auc_sklearn").asDouble();
        assertThat(curve.area()).as("trapezoid area of all vertices").isCloseTo(auc, within(VERTEX));
        assertThat(curve.area()).isCloseTo(RocAuc.of(labels(expected), scores(expected)).value(), within(VERTEX));
    }

    @ParameterizedTest
    @MethodSource("curves")
    void theThinnedCurveKeepsTheCornersStaysMonotoneIsBoundedAndKeepsTheArea(JsonNode expected) {
        RocCurve full = RocCurve.of(labels(expected), scores(expected));
        double auc = expected.get("auc_sklearn").asDouble();
        for (int maxPoints : new int[] {2, 3, 10, 50, 200}) {
            assertThinned(full, full.thinned(maxPoints), maxPoints, auc);
        }
    }

    @Test
    void aLargeCurveIsThinnedToTheConfiguredNumberOfPointsAndKeepsItsShape() {
        JsonNode expected = CreditGolden.load("roc_curves.json").get("curves").valueStream()
                .filter(c -> c.get("name").asString().equals("large_5000/scores")).findFirst().orElseThrow();
        RocCurve full = RocCurve.of(labels(expected), scores(expected));
        assertThat(full.size()).isGreaterThan(1000);

        RocCurve thinned = full.thinned(200);

        // the greedy walk fills nearly all of the points it may use
        assertThat(thinned.size()).isBetween(150, 200);
        assertThat(Math.abs(thinned.area() - full.area())).isLessThan(RocCurve.areaBound(200));
        // no gap along the curve is wider than one step plus the single exact segment that ends it
        double[] fpr = thinned.falsePositiveRates();
        double[] tpr = thinned.truePositiveRates();
        for (int k = 1; k < thinned.size(); k++) {
            assertThat(fpr[k] - fpr[k - 1] + tpr[k] - tpr[k - 1]).isLessThan(2 * RocCurve.areaBound(200));
        }
    }

    @Property(tries = 400)
    void thinningHoldsItsGuaranteesOnAnyData(@ForAll("labelledScores") double[][] data,
            @ForAll @IntRange(min = 2, max = 40) int maxPoints) {
        int[] labels = Arrays.stream(data[0]).mapToInt(x -> (int) x).toArray();
        RocCurve full = RocCurve.of(labels, data[1]);
        double auc = RocAuc.of(labels, data[1]).value();

        assertThat(full.area()).isCloseTo(auc, within(VERTEX));
        assertThinned(full, full.thinned(maxPoints), maxPoints, auc);
    }

    @Provide
    Arbitrary<double[][]> labelledScores() {
        return Combinators.combine(SampleArbitraries.samples(300), Arbitraries.randoms()).as((scores, random) -> {
            double[] labels = new double[scores.length + 2];
            double[] all = Arrays.copyOf(scores, scores.length + 2);
            double rate = random.nextDouble();
            for (int i = 0; i < scores.length; i++) {
                labels[i] = random.nextDouble() < rate ? 1 : 0;
            }
            // both classes present
            labels[scores.length] = 1;
            all[scores.length] = scores[random.nextInt(scores.length)];
            labels[scores.length + 1] = 0;
            all[scores.length + 1] = scores[random.nextInt(scores.length)];
            return new double[][] {labels, all};
        });
    }

    private static void assertThinned(RocCurve full, RocCurve thinned, int maxPoints, double auc) {
        double[] fpr = thinned.falsePositiveRates();
        double[] tpr = thinned.truePositiveRates();
        int n = thinned.size();
        assertThat(n).as("points, at most %d", maxPoints).isLessThanOrEqualTo(maxPoints);
        if (full.size() <= maxPoints) {
            assertThat(n).as("a curve that fits is returned whole").isEqualTo(full.size());
        }
        assertThat(new double[] {fpr[0], tpr[0]}).as("corner (0, 0)").containsExactly(0, 0);
        assertThat(new double[] {fpr[n - 1], tpr[n - 1]}).as("corner (1, 1)").containsExactly(1, 1);
        for (int k = 1; k < n; k++) {
            assertThat(fpr[k]).as("fpr non-decreasing at %d", k).isGreaterThanOrEqualTo(fpr[k - 1]);
            assertThat(tpr[k]).as("tpr non-decreasing at %d", k).isGreaterThanOrEqualTo(tpr[k - 1]);
            assertThat(fpr[k] + tpr[k]).as("moves along the curve at %d", k).isGreaterThan(fpr[k - 1] + tpr[k - 1]);
            assertThat(thinned.thresholds()[k]).isLessThan(thinned.thresholds()[k - 1]);
        }
        // every kept point is an exact vertex, with its threshold
        double[] fullThresholds = full.thresholds();
        for (int k = 0; k < n; k++) {
            int at = indexOf(fullThresholds, thinned.thresholds()[k]);
            assertThat(at).isNotNegative();
            assertThat(full.falsePositiveRates()[at]).isEqualTo(fpr[k]);
            assertThat(full.truePositiveRates()[at]).isEqualTo(tpr[k]);
        }
        assertThat(Math.abs(thinned.area() - auc)).as("area of %d points against the AUC", n)
                .isLessThan(RocCurve.areaBound(maxPoints));
        if (full.size() <= maxPoints) {
            assertThat(thinned.area()).isEqualTo(full.area());
        }
    }

    private static int indexOf(double[] values, double value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void rejectsOneClassAndTooFewPoints() {
        assertThatIllegalArgumentException().isThrownBy(() -> RocCurve.of(new int[] {1, 1}, new double[] {0.1, 0.2}))
                .withMessageContaining("both classes");
        assertThatIllegalArgumentException().isThrownBy(() -> RocCurve.of(new int[] {0, 2}, new double[] {0.1, 0.2}));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RocCurve.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}));
        RocCurve curve = RocCurve.of(new int[] {0, 1, 0, 1}, new double[] {0.1, 0.2, 0.3, 0.4});
        assertThatIllegalArgumentException().isThrownBy(() -> curve.thinned(1));
    }

    @Test
    void tiedScoresMoveAlongADiagonal() {
        // sklearn: roc_curve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], drop_intermediate=False)
        // -> fpr [0, 0, 0.5, 1], tpr [0, 0.5, 1, 1]
        RocCurve curve = RocCurve.of(new int[] {0, 1, 0, 1}, new double[] {0.5, 0.5, 0.2, 0.9});

        assertThat(curve.falsePositiveRates()).containsExactly(0, 0, 0.5, 1);
        assertThat(curve.truePositiveRates()).containsExactly(0, 0.5, 1, 1);
        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.5, 0.2);
        assertThat(curve.area()).isEqualTo(0.875);
        assertThat(curve.positives()).isEqualTo(2);
        assertThat(curve.negatives()).isEqualTo(2);
    }
}
