package io.scorewatch.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.drift.DriftRuns;
import io.scorewatch.drift.PredictionDriftCheck;
import io.scorewatch.ingest.RawDataRetention;
import io.scorewatch.performance.MetricsService;
import io.scorewatch.performance.ModelMetrics;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * The monitoring guide's run schedule, crons from {@code scorewatch.schedule.*}. Each job holds a lock in
 * the shared store while it runs (and at least {@code lock-at-least-for}), so with several
 * replicas it runs once per tick.
 */
@Component
class ScheduledJobs {

    private final JobRuns jobs;
    private final MonitoringRuns monitoring;
    private final ModelReviews reviews;
    private final MetricsService metrics;
    private final DriftRuns drift;
    private final Duration dailyWindow;
    private final Clock clock;
    private final RawDataRetention retention;

    ScheduledJobs(JobRuns jobs, MonitoringRuns monitoring, ModelReviews reviews, MetricsService metrics,
            DriftRuns drift, @Value("${scorewatch.schedule.daily-window}") Duration dailyWindow, Clock clock,
            RawDataRetention retention) {
        this.jobs = jobs;
        this.monitoring = monitoring;
        this.reviews = reviews;
        this.metrics = metrics;
        this.drift = drift;
        this.dailyWindow = dailyWindow;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Daily: the day's prediction distribution and default rate, prediction drift against the
     * reference, and the purge of raw data past its retention.
     */
    @Scheduled(cron = "${scorewatch.schedule.daily}")
    @SchedulerLock(name = "daily", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void daily() {
        jobs.forEachModel("daily", model -> {
            Instant to = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Instant from = to.minus(dailyWindow);
            ModelMetrics day = metrics.compute(model.name(), from, to);
            String purged = "; " + retention.purge(model.name());
            String figures = String.format(Locale.ROOT, "%d predictions, default rate %s, average probability %s,"
                    + " high-risk share %s", day.predictionCount(), day.defaultRate(), day.avgProbability(),
                    day.highRiskShare());
            try {
                PredictionDriftCheck check = drift.predictionDrift(model.name(), from, to);
                return figures + String.format(Locale.ROOT, "; prediction drift p = %s%s, mean shift %s%%",
                        check.pValue(), check.drifted() ? " (drifted)" : "", check.pctShift()) + purged;
            } catch (ErrorResponseException nothingToCompare) {
                return figures + "; prediction drift skipped: " + nothingToCompare.getBody().getDetail() + purged;
            }
        });
    }

    /** Weekly: the monitoring guide's monitoring pipeline (feature drift, performance evaluation, retraining check). */
    @Scheduled(cron = "${scorewatch.schedule.weekly}")
    @SchedulerLock(name = "weekly", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void weekly() {
        jobs.forEachModel("weekly", model -> {
            MonitoringReport report = monitoring.run(model.name());
            return "monitoring run " + report.id() + (report.drift().runId() == null
                    ? ", drift skipped: " + report.drift().skipped()
                    : ", drift run " + report.drift().runId() + ": " + report.drift().driftedFeatures()
                            + " features drifted")
                    + (report.retraining().shouldRetrain() ? ", retraining advised: " + report.retraining().reasons()
                            : ", no retraining needed");
        });
    }

    /** Monthly: the model review of the last complete month. */
    @Scheduled(cron = "${scorewatch.schedule.monthly}")
    @SchedulerLock(name = "monthly", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void monthly() {
        jobs.forEachModel("monthly", model -> {
            ModelReview review = reviews.reviewLastMonth(model.name());
            return "review " + review.id() + " of " + review.month() + ": " + review.metrics().predictionCount()
                    + " predictions, " + review.driftRuns().size() + " drift runs, " + review.monitoringRuns().size()
                    + " monitoring runs";
        });
    }
}
