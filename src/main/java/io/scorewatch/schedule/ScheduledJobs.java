package io.scorewatch.schedule;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * The seed's run schedule, crons from {@code scorewatch.schedule.*}. Each job holds a lock in
 * the shared store while it runs (and at least {@code lock-at-least-for}), so with several
 * replicas it runs once per tick.
 */
@Component
class ScheduledJobs {

    private final JobRuns jobs;
    private final MonitoringRuns monitoring;

    ScheduledJobs(JobRuns jobs, MonitoringRuns monitoring) {
        this.jobs = jobs;
        this.monitoring = monitoring;
    }

    /** Weekly: the seed's monitoring pipeline (feature drift, performance evaluation, retraining check). */
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
}
