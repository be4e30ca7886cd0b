package io.scorewatch.schedule;

import java.time.Instant;
import java.util.List;

import io.scorewatch.drift.DriftRunSummary;
import io.scorewatch.performance.ModelMetrics;

/**
 * The monitoring guide's monthly model review: a calendar month's metrics, its drift runs and its
 * monitoring runs (with their retraining decisions) in one report.
 *
 * @param month            the month, {@code yyyy-MM} (UTC)
 * @param validationReport the path of the month's credit validation report
 */
record ModelReview(Long id, String model, String month, Instant from, Instant to, Instant createdAt,
        ModelMetrics metrics, List<DriftRunSummary> driftRuns, List<MonitoringRunSummary> monitoringRuns,
        String validationReport) {

    ModelReview {
        validationReport = "/reports/validation/" + model + "?period=" + month;
    }

    ModelReview withId(long reviewId) {
        return new ModelReview(reviewId, model, month, from, to, createdAt, metrics, driftRuns, monitoringRuns,
                validationReport);
    }

    /** A monitoring run of the month and what it decided. */
    record MonitoringRunSummary(long id, Instant startedAt, Long driftRunId, Double driftShare, Double rocAuc,
            boolean shouldRetrain, List<String> reasons) {
    }
}
