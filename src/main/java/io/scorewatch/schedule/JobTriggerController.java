package io.scorewatch.schedule;

import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/**
 * Runs a scheduled job now (admins): under the same lock as its scheduled run, so it never runs
 * twice at once across replicas; answers the runs it recorded, one per model.
 */
@RestController
@Tag(name = "Schedule", description = "What the scheduled jobs did")
class JobTriggerController {

    private final ScheduledJobs jobs;
    private final JobRuns runs;
    private final LockingTaskExecutor locks;
    private final Duration lockAtMostFor;
    private final Clock clock;

    JobTriggerController(ScheduledJobs jobs, JobRuns runs, LockProvider lockProvider,
            @Value("${scorewatch.schedule.lock-at-most-for}") Duration lockAtMostFor, Clock clock) {
        this.jobs = jobs;
        this.runs = runs;
        this.locks = new DefaultLockingTaskExecutor(lockProvider);
        this.lockAtMostFor = lockAtMostFor;
        this.clock = clock;
    }

    /** The optional body: the range a roll-up re-rolls (a back-fill). */
    record JobRunRequest(String from, String to) {
    }

    /** The job and the runs it recorded, one per model. */
    record JobRunsResponse(String job, List<JobRuns.JobRun> runs) {
    }

    @PostMapping("/api/v1/jobs/{job}/runs")
    @Operation(summary = "Runs a scheduled job now: rollup, retention, daily, weekly or monthly",
            description = "For rollup, from and to (ISO-8601) re-roll every closed bucket in that range.")
    JobRunsResponse run(@PathVariable String job, @RequestBody(required = false) JobRunRequest request) {
        Supplier<List<Long>> work = switch (job) {
            case "rollup" -> {
                Instant[] range = range(request);
                yield () -> jobs.rollup(range[0], range[1]);
            }
            case "retention" -> jobs::purge;
            case "daily" -> jobs::runDaily;
            case "weekly" -> jobs::runWeekly;
            case "monthly" -> jobs::runMonthly;
            default -> throw unknownJob(job);
        };
        LockConfiguration lock = new LockConfiguration(clock.instant(), job, lockAtMostFor, Duration.ZERO);
        LockingTaskExecutor.TaskResult<List<Long>> result;
        try {
            result = locks.executeWithLock(work::get, lock);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!result.wasExecuted()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Job '" + job + "' is running now; try again when it has finished.");
            problem.setTitle("Job running");
            problem.setType(URI.create("urn:scorewatch:problem:job-running"));
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        return new JobRunsResponse(job, runs.byIds(result.getResult()));
    }

    private static Instant[] range(JobRunRequest request) {
        if (request == null || request.from() == null && request.to() == null) {
            return new Instant[] {null, null};
        }
        List<FieldProblem> problems = new ArrayList<>();
        Instant from = instant("from", request.from(), problems);
        Instant to = instant("to", request.to(), problems);
        if (problems.isEmpty() && !from.isBefore(to)) {
            problems.add(FieldProblem.of("from", "must be before to"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The roll-up range is invalid.", problems);
        }
        return new Instant[] {from, to};
    }

    private static Instant instant(String field, String text, List<FieldProblem> problems) {
        if (text == null) {
            problems.add(FieldProblem.of(field, "is required with " + (field.equals("from") ? "to" : "from")));
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            problems.add(FieldProblem.of(field, "must be an ISO-8601 instant with an offset, such as 2026-01-05T00:00:00Z"));
            return null;
        }
    }

    private static ErrorResponseException unknownJob(String job) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no job '"
                + job.substring(0, Math.min(job.length(), 100)) + "'; the jobs are rollup, retention, daily, weekly"
                + " and monthly.");
        problem.setTitle("Unknown job");
        problem.setType(URI.create("urn:scorewatch:problem:unknown-job"));
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
