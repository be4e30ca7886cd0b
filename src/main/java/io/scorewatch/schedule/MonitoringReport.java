package io.scorewatch.schedule;

import java.time.Instant;

import java.util.List;

import io.scorewatch.alerting.AlertOutcome;
import io.scorewatch.performance.ModelMetrics;
import io.scorewatch.retraining.RetrainingCheck;

/**
 * One run of the monitoring guide's run_monitoring.py: feature drift, performance evaluation, the
 * retraining check and the alert rules, in one report.
 *
 * @param drift       the drift run's outcome, or why there was none
 * @param performance the metrics over the drift window
 * @param retraining  the monitoring guide's should_retrain decision from ROC-AUC and the drifted share
 * @param alerts      every rule evaluated against these values: its state and what changed
 */
record MonitoringReport(Long id, String model, Instant startedAt, Instant finishedAt, Instant from, Instant to,
        Drift drift, ModelMetrics performance, RetrainingCheck.Decision retraining, List<AlertOutcome> alerts) {

    MonitoringReport withId(long runId) {
        return new MonitoringReport(runId, model, startedAt, finishedAt, from, to, drift, performance, retraining,
                alerts);
    }

    /** The drift step: the stored run and its headline figures, or {@code skipped} with the reason. */
    record Drift(Long runId, Integer driftedFeatures, Double driftShare, Double predictionDriftPValue,
            Boolean predictionDrifted, Double targetDriftPValue, Boolean targetDrifted, String skipped) {
    }
}
