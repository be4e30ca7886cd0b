package io.scorewatch.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The job runs in progress on this replica, against their budgets. When a run passes its budget
 * it is counted once in {@code scorewatch_job_overrun_total{job}} and logged (WARN); while it
 * runs, {@code scorewatch_job_running_seconds{job}} shows the age of the job's oldest run in
 * progress (0 when none). Both exist from the start for every job with a configured budget.
 */
@Component
class JobWatch {

    private static final Logger log = LoggerFactory.getLogger(JobWatch.class);

    private final JobBudgetProperties budgets;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Counter> overruns = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-watch");
        thread.setDaemon(true);
        return thread;
    });

    JobWatch(JobBudgetProperties budgets, MeterRegistry registry, Clock clock) {
        this.budgets = budgets;
        this.registry = registry;
        this.clock = clock;
        budgets.budgets().keySet().forEach(this::meters);
    }

    /** A run in progress. */
    record Running(long runId, String job, String model, Instant startedAt, Duration budget) {
    }

    /** Notes a run's start, and looks again once its budget has passed. */
    Running started(long runId, String job, String model, Instant startedAt) {
        meters(job);
        Running run = new Running(runId, job, model, startedAt, budgets.of(job));
        running.put(runId, run);
        watch.schedule(() -> check(run), Math.max(0, run.budget().toMillis()), TimeUnit.MILLISECONDS);
        return run;
    }

    void ended(Running run) {
        running.remove(run.runId());
    }

    private void check(Running run) {
        if (running.containsKey(run.runId())) {
            overruns.get(run.job()).increment();
            log.warn("Job {} for model {} (run {}) runs past its budget of {} (started at {});"
                    + " the other jobs go on", run.job(), run.model(), run.runId(), run.budget(), run.startedAt());
        }
    }

    private void meters(String job) {
        overruns.computeIfAbsent(job, name -> {
            Gauge.builder("scorewatch_job_running_seconds", this, watch -> watch.oldestSeconds(name))
                    .description("Age of the job's oldest run in progress on this replica (0 when none)")
                    .tag("job", name)
                    .register(registry);
            return Counter.builder("scorewatch_job_overrun")
                    .description("Job runs that passed their budget (scorewatch.schedule.budgets.<job>)")
                    .tag("job", name)
                    .register(registry);
        });
    }

    private double oldestSeconds(String job) {
        Instant now = clock.instant();
        return running.values().stream().filter(run -> run.job().equals(job))
                .mapToDouble(run -> Duration.between(run.startedAt(), now).toMillis() / 1000.0).max().orElse(0);
    }

    @PreDestroy
    void stop() {
        watch.shutdownNow();
    }
}
