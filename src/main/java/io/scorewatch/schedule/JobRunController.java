package io.scorewatch.schedule;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The history of scheduled jobs. */
@RestController
@RequestMapping("/api/v1/job-runs")
@Tag(name = "Schedule", description = "What the scheduled jobs did")
class JobRunController {

    private final JobRuns runs;

    JobRunController(JobRuns runs) {
        this.runs = runs;
    }

    @GetMapping
    @Operation(summary = "Recent scheduled job runs, newest first: job, model, replica, start, end, outcome")
    List<JobRuns.JobRun> recent(@RequestParam(defaultValue = "100") int limit) {
        return runs.recent(InvalidRequestException.requireLimit(limit, 1000));
    }
}
