package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Isotonic calibration, expected calibration error and the confidence-based estimate against
 * scikit-learn and numpy (src/test/python/generate_estimation_golden.py), and the estimate's
 * promise: on calibrated data the realised metrics fall within three standard errors of it.
 */
class ConfidenceBasedEstimateTests {

    static JsonNode golden() {
        try (InputStream in = ConfidenceBasedEstimateTests.class
                .getResourceAsStream("/golden/estimation/estimation.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Named<JsonNode>> cases() {
        return golden().get("cases").valueStream().map(c -> Named.of(c.get("name").asString(), c));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isotonicRegressionPredictsAsScikitLearn(JsonNode c) {
        IsotonicRegression fit = IsotonicRegression.fit(Golden.doubles(c.get("scores")),
                Golden.doubles(c.get("labels")));
        double[] predicted = fit.predict(Golden.doubles(c.get("queries")));
        double[] expected = Golden.doubles(c.get("isotonic"));
        for (int i = 0; i < expected.length; i++) {
            assertThat(predicted[i]).as("query %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    static Stream<Named<JsonNode>> isotonicCorners() {
        return golden().get("isotonic_corners").valueStream().map(c -> Named.of(c.get("name").asString(), c));
    }

    @ParameterizedTest
    @MethodSource("isotonicCorners")
    void isotonicRegressionPoolsInputsWithinTheResolutionAsScikitLearn(JsonNode c) {
        IsotonicRegression fit = IsotonicRegression.fit(Golden.doubles(c.get("x")), Golden.doubles(c.get("y")));
        double[] predicted = fit.predict(Golden.doubles(c.get("queries")));
        double[] expected = Golden.doubles(c.get("predicted"));
        for (int i = 0; i < expected.length; i++) {
            assertThat(predicted[i]).as("query %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void expectedCalibrationErrorAndTheEstimateMatchNumpy(JsonNode c) {
        double[] scores = Golden.doubles(c.get("scores"));
        int[] labels = Golden.ints(c.get("labels"));
        IsotonicRegression isotonic = IsotonicRegression.fit(scores, Golden.doubles(c.get("labels")));
        double[] calibrated = isotonic.predict(scores);

        assertThat(ExpectedCalibrationError.of(scores, labels, 10).value())
                .isCloseTo(c.get("ece_raw").asDouble(), within(1e-12));
        assertThat(ExpectedCalibrationError.of(calibrated, labels, 10).value())
                .isCloseTo(c.get("ece_calibrated").asDouble(), within(1e-12));
        assertEstimate(ConfidenceBasedEstimate.of(scores, p -> p, 0.3282, 10, 1), c.get("cbpe_raw"));
        assertEstimate(ConfidenceBasedEstimate.of(scores, isotonic::predict, 0.3282, 10, 1),
                c.get("cbpe_calibrated"));
    }

    private static void assertEstimate(ConfidenceBasedEstimate estimate, JsonNode expected) {
        assertThat(estimate.truePositives()).isCloseTo(expected.get("tp").asDouble(), within(1e-9));
        assertThat(estimate.falsePositives()).isCloseTo(expected.get("fp").asDouble(), within(1e-9));
        assertThat(estimate.falseNegatives()).isCloseTo(expected.get("fn").asDouble(), within(1e-9));
        assertThat(estimate.trueNegatives()).isCloseTo(expected.get("tn").asDouble(), within(1e-9));
        assertThat(estimate.precision()).isCloseTo(expected.get("precision").asDouble(), within(1e-12));
        assertThat(estimate.recall()).isCloseTo(expected.get("recall").asDouble(), within(1e-12));
        assertThat(estimate.f1()).isCloseTo(expected.get("f1").asDouble(), within(1e-12));
        assertThat(estimate.businessCost()).isCloseTo(expected.get("business_cost").asDouble(), within(1e-9));
        assertThat(estimate.rocAuc()).isCloseTo(expected.get("roc_auc").asDouble(), within(1e-12));
    }

    /**
     * 400 windows of 2,000 calibrated predictions: the realised ROC-AUC, precision and recall lie
     * within three standard errors of the estimate in at least 95% of the windows.
     */
    @Test
    void onCalibratedDataTheRealisedMetricsFallWithinTheBandIn95PercentOfWindows() {
        SplittableRandom random = new SplittableRandom(11);
        int windows = 400;
        int[] covered = new int[3];
        for (int w = 0; w < windows; w++) {
            Window window = Window.calibrated(random, 2_000, 1.0);
            ConfidenceBasedEstimate estimate = ConfidenceBasedEstimate.of(window.scores, p -> p, 0.3282, 10, 1);
            ConfusionMatrix realised = ConfusionMatrix.atThreshold(window.labels, window.scores, 0.3282);
            double auc = RocAuc.of(window.labels, window.scores).value();
            covered[0] += Math.abs(auc - estimate.rocAuc()) <= 3 * estimate.rocAucStandardError() ? 1 : 0;
            covered[1] += Math.abs(realised.precision() - estimate.precision())
                    <= 3 * estimate.precisionStandardError() ? 1 : 0;
            covered[2] += Math.abs(realised.recall() - estimate.recall()) <= 3 * estimate.recallStandardError() ? 1
                    : 0;
        }
        assertThat(covered[0]).as("ROC-AUC windows covered").isGreaterThanOrEqualTo(windows * 95 / 100);
        assertThat(covered[1]).as("precision windows covered").isGreaterThanOrEqualTo(windows * 95 / 100);
        assertThat(covered[2]).as("recall windows covered").isGreaterThanOrEqualTo(windows * 95 / 100);
    }

    /**
     * Concept drift: the same scores, but defaults twice as likely. The estimate only sees the
     * scores and misses it; the realised recall and precision (once labels arrive) show it.
     */
    @Test
    void conceptDriftIsMissedByTheEstimateAndCaughtByTheRealisedMetrics() {
        SplittableRandom random = new SplittableRandom(12);
        Window drifted = Window.calibrated(random, 20_000, 2.0);
        ConfidenceBasedEstimate estimate = ConfidenceBasedEstimate.of(drifted.scores, p -> p, 0.3282, 10, 1);
        ConfusionMatrix realised = ConfusionMatrix.atThreshold(drifted.labels, drifted.scores, 0.3282);

        assertThat(Math.abs(realised.precision() - estimate.precision()))
                .isGreaterThan(3 * estimate.precisionStandardError());
        assertThat(estimate.businessCost() + 3 * estimate.businessCostStandardError())
                .isLessThan(10.0 * realised.falseNegatives() + realised.falsePositives());
    }

    @Test
    void oneClassOnlyOrNothingDecidedGivesUndefinedFiguresNotErrors() {
        ConfidenceBasedEstimate allLow = ConfidenceBasedEstimate.of(new double[] {0.01, 0.02}, p -> 0, 0.3282, 10,
                1);
        assertThat(allLow.precision()).isNaN();
        assertThat(allLow.recall()).isNaN();
        assertThat(allLow.rocAuc()).isNaN();
        assertThat(allLow.businessCost()).isZero();
    }

    /** Scores from a Beta distribution; labels drawn with probability min(1, k * score). */
    record Window(double[] scores, int[] labels) {
        static Window calibrated(SplittableRandom random, int n, double k) {
            double[] scores = new double[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                double u = beta(random, 1.2, 9.0);
                scores[i] = u;
                labels[i] = random.nextDouble() < Math.min(1, k * u) ? 1 : 0;
            }
            return new Window(scores, labels);
        }

        private static double beta(SplittableRandom random, double a, double b) {
            double x = gamma(random, a);
            return x / (x + gamma(random, b));
        }

        /** Marsaglia and Tsang. */
        private static double gamma(SplittableRandom random, double shape) {
            if (shape < 1) {
                return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x;
                double v;
                do {
                    x = normal(random);
                    v = 1 + c * x;
                } while (v <= 0);
                v = v * v * v;
                double u = random.nextDouble();
                if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }

        private static double normal(SplittableRandom random) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
