package io.scorewatch.performance;

import java.util.Arrays;

/**
 * The model API's traffic in a window: requests (predictions plus reported failures), the change
 * against the previous window of the same length, response-time percentiles from the
 * predictions' {@code latency_ms} ({@code numpy.percentile}'s default linear interpolation, see
 * {@link LinearPercentile}; predictions without a latency are left out) and the error rate.
 *
 * @param requestCount        predictions + reported request errors
 * @param requestVolumeChange {@code (count - previous) / previous}; null when the previous window had none
 * @param latencyP50Ms        median latency in milliseconds; null when no prediction reported one
 * @param latencyP95Ms        95th percentile
 * @param latencyP99Ms        99th percentile
 * @param errorCount          reported request errors
 * @param errorRate           errors / (predictions + errors); null without requests
 */
public record SystemFigures(long requestCount, Double requestVolumeChange, Double latencyP50Ms, Double latencyP95Ms,
        Double latencyP99Ms, long errorCount, Double errorRate) {

    /** The figures of a merged summary: the latency percentiles from its sketch. */
    static SystemFigures ofSummary(long predictions, long errors, io.scorewatch.stats.QuantileSketch latency,
            long previousPredictions, long previousErrors) {
        long requests = predictions + errors;
        long previous = previousPredictions + previousErrors;
        Double change = previous == 0 ? null : (double) (requests - previous) / previous;
        boolean any = latency.count() > 0;
        return new SystemFigures(requests, change, any ? latency.quantile(0.5) : null,
                any ? latency.quantile(0.95) : null, any ? latency.quantile(0.99) : null, errors,
                requests == 0 ? null : (double) errors / requests);
    }

    static SystemFigures of(long predictions, long errors, double[] latencyMs, long previousPredictions,
            long previousErrors) {
        long requests = predictions + errors;
        long previous = previousPredictions + previousErrors;
        Double change = previous == 0 ? null : (double) (requests - previous) / previous;
        double[] reported = new double[latencyMs.length];
        int n = 0;
        for (double latency : latencyMs) {
            if (!Double.isNaN(latency)) {
                reported[n++] = latency;
            }
        }
        Double p50 = null;
        Double p95 = null;
        Double p99 = null;
        if (n > 0) {
            double[] percentiles = LinearPercentile.of(Arrays.copyOf(reported, n), 50, 95, 99);
            p50 = percentiles[0];
            p95 = percentiles[1];
            p99 = percentiles[2];
        }
        return new SystemFigures(requests, change, p50, p95, p99, errors,
                requests == 0 ? null : (double) errors / requests);
    }
}
