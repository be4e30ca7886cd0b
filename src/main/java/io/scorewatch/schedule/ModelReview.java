package io.scorewatch.schedule;

import java.time.Instant;
import java.util.List;

import io.scorewatch.credit.ValidationArchive;
import io.scorewatch.drift.DriftRunSummary;
import io.scorewatch.performance.ModelMetrics;

/**
 * The monitoring guide's monthly model review: a calendar month's metrics, its drift runs and its
 * monitoring runs (with their retraining decisions) in one report.
 *
 * @param month              the month, {@code yyyy-MM} (UTC)
 * @param validationReportId the validation report of the month stored with the review; null when the model
 *                           has no master scale (no grades and no reference)
 * @param validationReport   the printable page of that stored report; null without one
 */
record ModelReview(Long id, String model, String month, Instant from, Instant to, Instant createdAt,
        ModelMetrics metrics, List<DriftRunSummary> driftRuns, List<MonitoringRunSummary> monitoringRuns,
        Long validationReportId, String validationReport) {

    ModelReview {
        if (validationReportId != null) {
            validationReport = ValidationArchive.page(validationReportId);
        }
    }

    ModelReview withId(long reviewId) {
        return new ModelReview(reviewId, model, month, from, to, createdAt, metrics, driftRuns, monitoringRuns,
                validationReportId, validationReport);
    }

    /** A monitoring run of the month and what it decided. */
    record MonitoringRunSummary(long id, Instant startedAt, Long driftRunId, Double driftShare, Double rocAuc,
            boolean shouldRetrain, List<String> reasons) {
    }
}
