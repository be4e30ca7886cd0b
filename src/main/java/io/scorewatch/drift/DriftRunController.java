package io.scorewatch.drift;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Drift runs: run one now over a window, list and read past ones. */
@RestController
@RequestMapping("/api/v1/models/{model}/drift-runs")
@Tag(name = "Drift", description = "Feature, prediction and target drift against the reference dataset")
class DriftRunController {

    /** Stores take years 1 to 9999 (ISO-8601's four-digit years). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final DriftRuns runs;

    DriftRunController(DriftRuns runs) {
        this.runs = runs;
    }

    /** Optional window: {@code from} inclusive, {@code to} exclusive (default: the last 7 days). */
    record DriftRunRequest(Instant from, Instant to) {
    }

    @PostMapping
    @Operation(summary = "Run drift detection now", description = "Body optional: from, to (ISO-8601 instants;"
            + " from inclusive, to exclusive; default the last 7 days). 409 without a reference dataset, 422 for an"
            + " empty window.")
    ResponseEntity<DriftRunResponse> run(@PathVariable String model,
            @RequestBody(required = false) DriftRunRequest request) {
        DriftRunResponse run;
        if (request == null || request.from() == null && request.to() == null) {
            run = runs.run(model);
        } else {
            List<FieldProblem> problems = new ArrayList<>();
            if (request.from() == null) {
                problems.add(FieldProblem.of("from", "is required with to"));
            }
            if (request.to() == null) {
                problems.add(FieldProblem.of("to", "is required with from"));
            }
            if (problems.isEmpty() && !request.from().isBefore(request.to())) {
                problems.add(FieldProblem.of("to", "must be after from"));
            }
            for (String field : List.of("from", "to")) {
                Instant value = field.equals("from") ? request.from() : request.to();
                if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
                    problems.add(FieldProblem.of(field, "must lie in the years 1 to 9999"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidRequestException("The drift window is invalid.", problems);
            }
            run = runs.run(model, request.from(), request.to());
        }
        return ResponseEntity.created(URI.create("/api/v1/models/" + model + "/drift-runs/" + run.id())).body(run);
    }

    @GetMapping
    @Operation(summary = "Past drift runs of the model, newest first")
    List<DriftRunSummary> list(@PathVariable String model,
            @RequestParam(defaultValue = "50") int limit) {
        return runs.list(model, InvalidRequestException.requireLimit(limit, 1000));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One drift run, as it was answered")
    DriftRunResponse one(@PathVariable String model, @PathVariable long id) {
        return runs.find(model, id).orElseThrow(() -> new ResourceNotFoundException("Drift run not found",
                "Model '" + model + "' has no drift run " + id + ".", "drift-run-not-found"));
    }
}
