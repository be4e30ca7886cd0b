package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.scorewatch.window.DecisionCounts;
import io.scorewatch.window.ScoreColumns;
import io.scorewatch.model.ModelDefinition;

/** The metrics computed from a window's columns, worked out by hand. */
class ModelMetricsTests {

    private static final Offset<Double> EXACT = within(1e-15);
    private static final Instant FROM = Instant.parse("2026-01-08T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-15T00:00:00Z");
    private static final double NaN = Double.NaN;

    /** Threshold 0.5, high risk above 0.8, a missed default costs 10 and a refused good client 1. */
    private static final ModelDefinition MODEL = new ModelDefinition("m", "", 0.5, 0.08, 0.8,
            new ModelDefinition.Costs(10, 1), new ModelDefinition.ReferenceColumns("target", "probability"), Map.of());

    /**
     * probability 0.1 0.4 0.5 0.6 0.8 0.9; decision 0 1 1 0 1 1 (posted, not always the
     * threshold's); outcome 0 0 1 1 ? 0; latency 10 - 30 20 40 -.
     */
    private static ScoreColumns window() {
        return window(new byte[] {0, 0, 1, 1, -1, 0});
    }

    private static ScoreColumns window(byte[] labels) {
        return new ScoreColumns("m", FROM, TO, 6, new double[] {0.1, 0.4, 0.5, 0.6, 0.8, 0.9},
                new byte[] {0, 1, 1, 0, 1, 1}, labels, new double[] {10, NaN, 30, 20, 40, NaN});
    }

    /** Previous window: 3 predictions, one labelled default let through (cost 10), 1 error. */
    private static final DecisionCounts PREVIOUS = new DecisionCounts(3, 0, 0, 1, 0);

    @Test
    void sharesAreOverEveryPredictionAndUseThePostedDecision() {
        ModelMetrics metrics = ModelMetrics.of(MODEL, window(), 2, PREVIOUS, 1, 5);

        assertThat(metrics.model()).isEqualTo("m");
        assertThat(metrics.from()).isEqualTo(FROM);
        assertThat(metrics.to()).isEqualTo(TO);
        assertThat(metrics.predictionCount()).isEqualTo(6);
        assertThat(metrics.defaultRate()).isCloseTo(4 / 6.0, EXACT);
        assertThat(metrics.avgProbability()).isCloseTo(3.3 / 6, EXACT);
        // strictly above 0.8: 0.8 itself is not high risk
        assertThat(metrics.highRiskShare()).isCloseTo(1 / 6.0, EXACT);
    }

    @Test
    void theBusinessCostCountsThePostedDecisionsAgainstTheOutcomes() {
        BusinessCost cost = ModelMetrics.of(MODEL, window(), 2, PREVIOUS, 1, 5).businessCost();

        // decision/outcome: 0/0, 1/0 FP, 1/1, 0/1 FN, 1/0 FP
        assertThat(cost.labeledCount()).isEqualTo(5);
        assertThat(cost.falseNegatives()).isEqualTo(1);
        assertThat(cost.falsePositives()).isEqualTo(2);
        assertThat(cost.totalCost()).isEqualTo(12.0);
        assertThat(cost.avgCost()).isCloseTo(2.4, EXACT);
        assertThat(cost.weekOverWeekChange()).isCloseTo(0.2, EXACT);
    }

    @Test
    void theChangeIsNullWhenThePreviousWindowHasNoLabelsOrNoCost() {
        ModelDefinition.Costs costs = MODEL.costs();
        DecisionCounts current = new DecisionCounts(10, 3, 1, 1, 1);
        assertThat(BusinessCost.of(current, new DecisionCounts(5, 0, 0, 0, 0), costs).weekOverWeekChange()).isNull();
        assertThat(BusinessCost.of(current, new DecisionCounts(5, 4, 0, 0, 1), costs).weekOverWeekChange()).isNull();
        assertThat(BusinessCost.of(new DecisionCounts(10, 0, 0, 0, 0), new DecisionCounts(5, 0, 1, 0, 0), costs))
                .isEqualTo(new BusinessCost(null, null, 0, 0, 0, null));
    }

    @Test
    void performanceDecidesByTheThresholdNotByThePostedDecision() {
        Performance performance = ModelMetrics.of(MODEL, window(), 2, PREVIOUS, 1, 5).performance();

        // probability >= 0.5 against outcome: 0.1/0 TN, 0.4/0 TN, 0.5/1 TP, 0.6/1 TP, 0.9/0 FP
        assertThat(performance.labeledCount()).isEqualTo(5);
        assertThat(performance.confusionMatrix()).isEqualTo(new Performance.ConfusionCounts(2, 1, 0, 2));
        assertThat(performance.precision()).isCloseTo(2 / 3.0, EXACT);
        assertThat(performance.recall()).isEqualTo(1.0);
        assertThat(performance.f1()).isCloseTo(0.8, EXACT);
        // positives 0.5, 0.6 against negatives 0.1, 0.4, 0.9: 4 of 6 pairs ordered
        assertThat(performance.rocAuc()).isCloseTo(4 / 6.0, EXACT);
        assertThat(performance.gini()).isCloseTo(1 / 3.0, EXACT);
        assertThat(performance.ksSeparation()).isCloseTo(2 / 3.0, EXACT);
        assertThat(performance.brierScore()).isCloseTo((0.01 + 0.16 + 0.25 + 0.16 + 0.81) / 5, EXACT);
        assertThat(performance.classificationReport().negative().support()).isEqualTo(3);
        assertThat(performance.classificationReport().positive().recall()).isEqualTo(1.0);
        assertThat(performance.classificationReport().accuracy()).isCloseTo(0.8, EXACT);
        assertThat(performance.note()).isNull();
    }

    @Test
    void belowTheMinimumOnlyTheCountIsGiven() {
        Performance performance = ModelMetrics.of(MODEL, window(), 2, PREVIOUS, 1, 6).performance();

        assertThat(performance).isEqualTo(new Performance(5, 6, null, null, null, null, null, null, null, null, null,
                "5 labelled predictions, 6 needed"));
    }

    @Test
    void oneClassLeavesTheRankingMetricsUndefined() {
        Performance performance = ModelMetrics.of(MODEL, window(new byte[] {0, 0, 0, 0, -1, 0}), 0, PREVIOUS, 0, 5)
                .performance();

        assertThat(performance.rocAuc()).isNull();
        assertThat(performance.gini()).isNull();
        assertThat(performance.ksSeparation()).isNull();
        assertThat(performance.note()).startsWith("all 5 labelled predictions are of class 0");
        assertThat(performance.precision()).isZero();
        assertThat(performance.recall()).isZero();
        assertThat(performance.classificationReport().positive().support()).isZero();
        assertThat(performance.brierScore()).isNotNull();
    }

    @Test
    void systemFiguresCountErrorsAsRequestsAndSkipMissingLatencies() {
        SystemFigures system = ModelMetrics.of(MODEL, window(), 2, PREVIOUS, 1, 5).system();

        assertThat(system.requestCount()).isEqualTo(8);
        assertThat(system.requestVolumeChange()).isEqualTo(1.0); // 8 against 3 + 1
        assertThat(system.errorCount()).isEqualTo(2);
        assertThat(system.errorRate()).isEqualTo(0.25);
        // numpy.percentile([10, 30, 20, 40], [50, 95, 99])
        assertThat(system.latencyP50Ms()).isEqualTo(25.0);
        assertThat(system.latencyP95Ms()).isEqualTo(38.5);
        assertThat(system.latencyP99Ms()).isCloseTo(39.7, within(1e-12));
    }

    @Test
    void anEmptyWindowHasNullFiguresAndNoDivisionByZero() {
        ScoreColumns empty = new ScoreColumns("m", FROM, TO, 0, new double[0], new byte[0], new byte[0],
                new double[0]);

        ModelMetrics metrics = ModelMetrics.of(MODEL, empty, 0, new DecisionCounts(0, 0, 0, 0, 0), 0, 5);

        assertThat(metrics.predictionCount()).isZero();
        assertThat(metrics.defaultRate()).isNull();
        assertThat(metrics.avgProbability()).isNull();
        assertThat(metrics.highRiskShare()).isNull();
        assertThat(metrics.businessCost()).isEqualTo(new BusinessCost(null, null, 0, 0, 0, null));
        assertThat(metrics.performance().labeledCount()).isZero();
        assertThat(metrics.system()).isEqualTo(new SystemFigures(0, null, null, null, null, 0, null));
    }
}
