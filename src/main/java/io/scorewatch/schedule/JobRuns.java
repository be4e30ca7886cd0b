package io.scorewatch.schedule;

import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * Runs a job for every model and stores each outcome, so an operator can see that the weekly
 * run ran: SUCCESS with a short detail, SKIPPED when there was nothing to do (no reference, an
 * empty window), FAILED with the error. A run is stored as RUNNING when it starts, and its
 * state tells whether it keeps within its budget.
 */
@Component
class JobRuns {

    private static final Logger log = LoggerFactory.getLogger(JobRuns.class);
    private static final String RUNNING = "RUNNING";

    private final JdbcTemplate jdbc;
    private final ModelRegistry models;
    private final Clock clock;
    private final String replica;
    private final JobWatch watch;
    private final JobBudgetProperties budgets;

    JobRuns(JdbcTemplate jdbc, ModelRegistry models, Clock clock, JobWatch watch, JobBudgetProperties budgets) {
        this.jdbc = jdbc;
        this.models = models;
        this.clock = clock;
        this.watch = watch;
        this.budgets = budgets;
        this.replica = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This replica's name in the job runs it records. */
    String replica() {
        return replica;
    }

    /**
     * A stored job run.
     *
     * @param finishedAt    null while it runs
     * @param outcome       RUNNING, then SUCCESS, SKIPPED or FAILED
     * @param state         against its budget: running, running_past_budget, abandoned, finished or
     *                      finished_past_budget
     * @param budgetSeconds the job's budget ({@code scorewatch.schedule.budgets.<job>})
     * @param seconds       how long it ran, or has been running
     */
    record JobRun(long id, String job, String model, String replica, Instant startedAt, Instant finishedAt,
            String outcome, String detail, String state, long budgetSeconds, double seconds) {
    }

    /**
     * Runs {@code work} for each configured model; {@code work} answers a one-line detail. Each
     * run is stored when it starts (RUNNING), so a run that takes long is seen while it runs.
     */
    List<Long> forEachModel(String job, Function<ModelDefinition, String> work) {
        List<Long> ids = new java.util.ArrayList<>();
        for (ModelDefinition model : models.all()) {
            Instant started = clock.instant();
            long id = insertRunning(job, model.name(), started);
            ids.add(id);
            JobWatch.Running running = watch.started(id, job, model.name(), started);
            String outcome;
            String detail;
            try {
                detail = work.apply(model);
                outcome = "SUCCESS";
            } catch (ErrorResponseException nothingToDo) {
                outcome = "SKIPPED";
                detail = nothingToDo.getBody().getDetail();
            } catch (RuntimeException e) {
                outcome = "FAILED";
                detail = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("Job {} failed for model {}", job, model.name(), e);
            } finally {
                watch.ended(running);
            }
            jdbc.update("UPDATE job_run SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?",
                    utc(clock.instant()), outcome,
                    detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)), id);
        }
        return ids;
    }

    private long insertRunning(String job, String model, Instant started) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO job_run (job, model, replica, started_at,"
                    + " outcome) VALUES (?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, job);
            ps.setString(2, model);
            ps.setString(3, replica);
            ps.setObject(4, utc(started));
            ps.setString(5, RUNNING);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    List<JobRun> recent(int limit) {
        return query("ORDER BY started_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY");
    }

    /** The stored runs with these ids, in id order. */
    List<JobRun> byIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query("WHERE id IN (" + String.join(",", ids.stream().map(String::valueOf).toList()) + ") ORDER BY id");
    }

    private List<JobRun> query(String tail) {
        Instant now = clock.instant();
        return jdbc.query("SELECT id, job, model, replica, started_at, finished_at, outcome, detail FROM job_run "
                + tail, (rs, row) -> {
                    String job = rs.getString(2);
                    Instant startedAt = rs.getObject(5, OffsetDateTime.class).toInstant();
                    OffsetDateTime finished = rs.getObject(6, OffsetDateTime.class);
                    Instant finishedAt = finished == null ? null : finished.toInstant();
                    Duration took = Duration.between(startedAt, finishedAt == null ? now : finishedAt);
                    Duration budget = budgets.of(job);
                    return new JobRun(rs.getLong(1), job, rs.getString(3), rs.getString(4), startedAt, finishedAt,
                            rs.getString(7), rs.getString(8), state(finishedAt != null, took, budget).value(),
                            budget.toSeconds(), Math.max(0, took.toMillis()) / 1000.0);
                });
    }

    private JobRunState state(boolean finished, Duration took, Duration budget) {
        boolean past = took.compareTo(budget) > 0;
        if (finished) {
            return past ? JobRunState.FINISHED_PAST_BUDGET : JobRunState.FINISHED;
        }
        if (took.compareTo(budgets.lockAtMostFor()) > 0) {
            return JobRunState.ABANDONED;
        }
        return past ? JobRunState.RUNNING_PAST_BUDGET : JobRunState.RUNNING;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
