package io.scorewatch.schedule;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * Runs a job for every model and stores each outcome, so an operator can see that the weekly
 * run ran: SUCCESS with a short detail, SKIPPED when there was nothing to do (no reference, an
 * empty window), FAILED with the error.
 */
@Component
class JobRuns {

    private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

    private final JdbcTemplate jdbc;
    private final ModelRegistry models;
    private final Clock clock;
    private final String replica;

    JobRuns(JdbcTemplate jdbc, ModelRegistry models, Clock clock) {
        this.jdbc = jdbc;
        this.models = models;
        this.clock = clock;
        this.replica = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This replica's name in the job runs it records. */
    String replica() {
        return replica;
    }

    /** A stored job run. */
    record JobRun(long id, String job, String model, String replica, Instant startedAt, Instant finishedAt,
            String outcome, String detail) {
    }

    /** Runs {@code work} for each configured model; {@code work} answers a one-line detail. */
    void forEachModel(String job, Function<ModelDefinition, String> work) {
        for (ModelDefinition model : models.all()) {
            Instant started = clock.instant();
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
            }
            jdbc.update("INSERT INTO job_run (job, model, replica, started_at, finished_at, outcome, detail)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", job, model.name(), replica, utc(started), utc(clock.instant()),
                    outcome, detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)));
        }
    }

    List<JobRun> recent(int limit) {
        return jdbc.query("SELECT id, job, model, replica, started_at, finished_at, outcome, detail FROM job_run"
                + " ORDER BY started_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY", (rs, row) -> new JobRun(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7), rs.getString(8)));
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
