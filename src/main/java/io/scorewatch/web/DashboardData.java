package io.scorewatch.web;

import java.time.Instant;
import java.util.List;

/**
 * What the dashboard draws that the rest of the API does not give: prediction volume over time
 * and the probability distribution of the window against the reference.
 *
 * @param model                    the model
 * @param window                   the window's length as asked (e.g. {@code 7d})
 * @param from                     start of the window (inclusive)
 * @param to                       end of the window (exclusive)
 * @param bucket                   length of a volume bucket: {@code 1h} or {@code 1d} (UTC)
 * @param predictionCount          predictions in the window
 * @param previousPredictionCount  predictions in the window of the same length just before
 * @param predictionCountChange    {@code (count - previous) / previous}; null when the previous window had none
 * @param volume                   predictions per bucket, oldest first
 * @param probability              probability histogram, production against the reference
 * @param referenceId              the active reference dataset, null when none was uploaded
 * @param referenceRows            its rows
 * @param retrainingRunsAvailable  whether this service records retraining runs ({@code GET /api/v1/retraining-runs})
 */
record DashboardData(String model, String window, Instant from, Instant to, String bucket, long predictionCount,
        long previousPredictionCount, Double predictionCountChange, List<VolumeBucket> volume, Histogram probability,
        Long referenceId, Long referenceRows, boolean retrainingRunsAvailable,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
        String segment) {
}
