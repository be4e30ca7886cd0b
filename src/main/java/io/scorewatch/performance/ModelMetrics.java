package io.scorewatch.performance;

import java.time.Instant;

import io.scorewatch.window.DecisionCounts;
import io.scorewatch.window.ScoreColumns;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.summary.BucketSummary;
import io.scorewatch.summary.Summaries;

/**
 * A model's business, performance and system metrics over a window, as the metrics endpoint
 * answers them. Shares are over every prediction of the window; a figure that is undefined (an
 * empty window, too few labels, one class) is null.
 *
 * @param model           the model
 * @param from            start of the window (inclusive)
 * @param to              end of the window (exclusive)
 * @param predictionCount predictions in the window
 * @param defaultRate     share of decisions 1 (the stored {@code prediction}, posted or derived)
 * @param avgProbability  mean predicted probability
 * @param highRiskShare   share of probabilities above the model's high-risk probability
 * @param businessCost    cost of the wrong decisions among the labelled predictions
 * @param performance     model performance at the decision threshold, once enough labels are in
 * @param system          requests, latency and errors of the model API
 * @param estimatedPerformance performance estimated from the probabilities alone, for every
 *                        prediction of the window, labelled or not
 * @param segment         the segment the figures are over; null for the total
 * @param method          {@code exact} (from raw rows) or {@code summary} (from merged summaries)
 * @param errorBound      for {@code summary}: how far the figures may be from the exact ones
 * @param modelVersion    the model version whose predictions the figures are over; null for every version
 */
public record ModelMetrics(String model, Instant from, Instant to, long predictionCount, Double defaultRate,
        Double avgProbability, Double highRiskShare, BusinessCost businessCost, Performance performance,
        SystemFigures system, EstimatedPerformance estimatedPerformance, String segment, String method,
        Summaries.ErrorBound errorBound, String modelVersion) {

    /** The same figures, named as those of one segment value ({@code KEY:VALUE}). */
    ModelMetrics withSegment(String segment) {
        return new ModelMetrics(model, from, to, predictionCount, defaultRate, avgProbability, highRiskShare,
                businessCost, performance, system, estimatedPerformance, segment, method, errorBound, modelVersion);
    }

    /** The same figures, named as those of one model version. */
    ModelMetrics withModelVersion(String version) {
        return new ModelMetrics(model, from, to, predictionCount, defaultRate, avgProbability, highRiskShare,
                businessCost, performance, system, estimatedPerformance, segment, method, errorBound, version);
    }

    ModelMetrics withEstimate(EstimatedPerformance estimate) {
        return new ModelMetrics(model, from, to, predictionCount, defaultRate, avgProbability, highRiskShare,
                businessCost, performance, system, estimate, segment, method, errorBound, modelVersion);
    }

    /**
     * The metrics of a window from its merged summary: counts, the label counters per
     * probability bin and the sketches instead of the rows.
     */
    static ModelMetrics ofSummary(ModelDefinition model, Instant from, Instant to, Summaries.SummaryRead read,
            long currentErrors, DecisionCounts previous, long previousErrors, int minLabels) {
        BucketSummary s = read.summary();
        long n = s.predictions();
        long[] cells = s.decisionCells();
        DecisionCounts counts = new DecisionCounts(n, cells[0], cells[1], cells[2], cells[3]);
        double highRisk = s.highRiskProbability() == model.highRiskProbability() ? s.highRisk()
                : s.probability().count() - s.probability().countBelow(Math.nextUp(model.highRiskProbability()));
        return new ModelMetrics(model.name(), from, to, n,
                n == 0 ? null : (double) s.scores().decidedPositive() / n,
                n == 0 ? null : s.scores().sumProbability() / n,
                n == 0 ? null : highRisk / n,
                BusinessCost.of(counts, previous, model.costs()),
                Performance.ofSummary(s, model.decisionThreshold(), minLabels),
                SystemFigures.ofSummary(n, currentErrors, s.latency(), previous.predictions(), previousErrors), null,
                null, "summary", read.errorBound(), null);
    }

    /**
     * @param current            the window's predictions
     * @param currentErrors      request errors reported in the window
     * @param previous           decisions and outcomes of the previous window of the same length
     * @param previousErrors     request errors reported in the previous window
     * @param minLabels          labels needed for performance metrics
     */
    static ModelMetrics of(ModelDefinition model, ScoreColumns current, long currentErrors,
            DecisionCounts previous, long previousErrors, int minLabels) {
        int n = current.size();
        double[] probability = current.probability();
        byte[] decision = current.prediction();
        byte[] label = current.label();

        long positives = 0;
        long highRisk = 0;
        double sum = 0;
        double compensation = 0;
        long[] cells = new long[4]; // index: 2 * outcome + decision
        int labeled = current.labeledCount();
        int[] labels = new int[labeled];
        double[] labeledProbability = new double[labeled];
        for (int i = 0, k = 0; i < n; i++) {
            double p = probability[i];
            positives += decision[i];
            if (p > model.highRiskProbability()) {
                highRisk++;
            }
            // Neumaier's compensated sum: the mean stays exact to the last bits over millions of rows
            double t = sum + p;
            compensation += Math.abs(sum) >= Math.abs(p) ? (sum - t) + p : (p - t) + sum;
            sum = t;
            if (label[i] >= 0) {
                cells[2 * label[i] + decision[i]]++;
                labels[k] = label[i];
                labeledProbability[k] = p;
                k++;
            }
        }
        DecisionCounts counts = new DecisionCounts(n, cells[0], cells[1], cells[2], cells[3]);
        return new ModelMetrics(model.name(), current.from(), current.to(), n,
                n == 0 ? null : (double) positives / n,
                n == 0 ? null : (sum + compensation) / n,
                n == 0 ? null : (double) highRisk / n,
                BusinessCost.of(counts, previous, model.costs()),
                Performance.of(labels, labeledProbability, model.decisionThreshold(), minLabels),
                SystemFigures.of(n, currentErrors, current.latencyMs(), previous.predictions(), previousErrors), null,
                null, "exact", null, null);
    }
}
