package io.scorewatch.schedule;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.drift.DriftRuns;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * The seed's run schedule, crons from {@code scorewatch.schedule.*}. Each job holds a lock in
 * the shared store while it runs (and at least {@code lock-at-least-for}), so with several
 * replicas it runs once per tick.
 */
@Component
class ScheduledJobs {

    private final JobRuns jobs;
    private final DriftRuns drift;

    ScheduledJobs(JobRuns jobs, DriftRuns drift) {
        this.jobs = jobs;
        this.drift = drift;
    }

    /** Weekly: feature, prediction and target drift over the last week. */
    @Scheduled(cron = "${scorewatch.schedule.weekly}")
    @SchedulerLock(name = "weekly", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    void weekly() {
        jobs.forEachModel("weekly", model -> {
            DriftRunCompleted run = drift.runDefaultWindow(model.name());
            return "drift run " + run.runId() + ": " + run.driftedFeatures() + " features drifted (share "
                    + run.driftShare() + ")";
        });
    }
}
