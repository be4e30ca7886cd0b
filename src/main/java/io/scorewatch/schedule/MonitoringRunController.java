package io.scorewatch.schedule;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The monitoring guide's weekly monitoring pipeline, on demand, and its past reports. */
@RestController
@RequestMapping("/api/v1/models/{model}/monitoring-runs")
@Tag(name = "Schedule", description = "What the scheduled jobs did")
class MonitoringRunController {

    private final MonitoringRuns runs;

    MonitoringRunController(MonitoringRuns runs) {
        this.runs = runs;
    }

    @PostMapping
    @Operation(summary = "Run the complete monitoring pipeline now: feature drift, performance, retraining check")
    ResponseEntity<MonitoringReport> run(@PathVariable String model) {
        MonitoringReport report = runs.run(model);
        return ResponseEntity.created(URI.create("/api/v1/models/" + model + "/monitoring-runs/" + report.id()))
                .body(report);
    }

    @GetMapping
    @Operation(summary = "Past monitoring reports, newest first")
    List<MonitoringReport> list(@PathVariable String model, @RequestParam(defaultValue = "20") int limit) {
        return runs.list(model, InvalidRequestException.requireLimit(limit, 200));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One monitoring report")
    MonitoringReport one(@PathVariable String model, @PathVariable long id) {
        return runs.find(model, id).orElseThrow(() -> new ResourceNotFoundException("Monitoring run not found",
                "Model '" + model + "' has no monitoring run " + id + ".", "monitoring-run-not-found"));
    }
}
