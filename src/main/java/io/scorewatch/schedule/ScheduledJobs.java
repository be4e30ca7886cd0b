package io.scorewatch.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.credit.ValidationArchive;
import io.scorewatch.drift.DriftRuns;
import io.scorewatch.drift.PredictionDriftCheck;
import io.scorewatch.ingest.RawDataRetention;
import io.scorewatch.performance.MetricsService;
import io.scorewatch.performance.ModelMetrics;
import io.scorewatch.summary.Summaries;

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
    private final Summaries summaries;

    ScheduledJobs(JobRuns jobs, MonitoringRuns monitoring, ModelReviews reviews, MetricsService metrics,
            DriftRuns drift, @Value("${scorewatch.schedule.daily-window}") Duration dailyWindow, Clock clock,
            RawDataRetention retention, Summaries summaries) {
        this.summaries = summaries;
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
        runDaily();
    }

    List<Long> runDaily() {
        return jobs.forEachModel("daily", model -> {
            Instant to = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Instant from = to.minus(dailyWindow);
            ModelMetrics day = metrics.compute(model.name(), from, to);
            String purged = "; " + retention.purge(model.name()) + "; purged " + summaries.purge(model.name())
                    + " summaries";
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

    /**
     * Summaries: rolls up each model's closed buckets, re-rolls those whose rows arrived or got
     * labels since, and compacts old buckets.
     */
    @Scheduled(cron = "${scorewatch.schedule.rollup}")
    @SchedulerLock(name = "rollup", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void rollup() {
        rollup(null, null);
    }

    /** The roll-up; with {@code from} and {@code to}, every closed bucket in that range is re-rolled too. */
    List<Long> rollup(Instant from, Instant to) {
        return jobs.forEachModel("rollup", model -> summaries.rollup(model.name(), from, to).toString());
    }

    /** The purges of raw rows and of summaries past their retentions. */
    @Scheduled(cron = "${scorewatch.schedule.retention}")
    @SchedulerLock(name = "retention", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void retention() {
        purge();
    }

    List<Long> purge() {
        return jobs.forEachModel("retention", model -> retention.purge(model.name()) + "; purged "
                + summaries.purge(model.name()) + " summaries");
    }

    /** Weekly: the monitoring guide's monitoring pipeline (feature drift, performance evaluation, retraining check). */
    @Scheduled(cron = "${scorewatch.schedule.weekly}")
    @SchedulerLock(name = "weekly", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void weekly() {
        runWeekly();
    }

    List<Long> runWeekly() {
        return jobs.forEachModel("weekly", model -> {
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
        runMonthly();
    }

    List<Long> runMonthly() {
        return jobs.forEachModel("monthly", model -> {
            ModelReview review = reviews.reviewLastMonth(model.name(), ValidationArchive.Origin.SCHEDULED);
            return "review " + review.id() + " of " + review.month() + ": " + review.metrics().predictionCount()
                    + " predictions, " + review.driftRuns().size() + " drift runs, " + review.monitoringRuns().size()
                    + " monitoring runs" + (review.validationReportId() == null ? ", no validation report"
                            : ", validation report " + review.validationReportId());
        });
    }
}
