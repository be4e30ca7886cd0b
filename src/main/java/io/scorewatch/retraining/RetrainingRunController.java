package io.scorewatch.retraining;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

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

/** Retraining on demand, and the record of every retraining and rollback run and decision. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Retraining", description = "Retraining and rollback runs: triggers, decisions, outcomes")
class RetrainingRunController {

    private static final int MAX_LIMIT = 500;

    private final RetrainingRuns runs;
    private final RetrainingProperties properties;

    RetrainingRunController(RetrainingRuns runs, RetrainingProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    /**
     * @param force  start without asking the retraining check (and within the cooldown)
     * @param reason why, with force (default "manual")
     */
    record RetrainingRunRequest(Boolean force, String reason) {
    }

    @PostMapping("/models/{model}/retraining-runs")
    @Operation(summary = "Ask for retraining now",
            description = "Body optional: force (default false), reason (with force). Without force the retraining"
                    + " check decides on the current ROC-AUC and the latest drift run, and a decision not_needed is"
                    + " recorded when it finds no reason. Always 201 with the stored record (Location:"
                    + " /api/v1/retraining-runs/{id}): state running for a run that started (it ends later; read it"
                    + " again), or finished with outcome skipped, not_needed or not_configured.")
    ResponseEntity<RetrainingRun> trigger(@PathVariable String model,
            @RequestBody(required = false) RetrainingRunRequest request) {
        boolean force = request != null && Boolean.TRUE.equals(request.force());
        String reason = request == null || request.reason() == null || request.reason().isBlank() ? null
                : request.reason().strip();
        if (reason != null && !force) {
            throw new InvalidRequestException(FieldProblem.of("reason",
                    "is taken only with force: true; without force the retraining check gives the reasons"));
        }
        if (reason != null && reason.length() > properties.maxReasonLength()) {
            throw new InvalidRequestException(FieldProblem.of("reason",
                    "must be at most " + properties.maxReasonLength() + " characters"));
        }
        RetrainingRun run = runs.manual(model, force, reason);
        return ResponseEntity.created(URI.create("/api/v1/retraining-runs/" + run.id())).body(run);
    }

    @GetMapping("/retraining-runs")
    @Operation(summary = "Retraining and rollback runs and decisions, newest first",
            description = "Optional model and kind (retraining | rollback); limit 1 to 500 (default 50). The"
                    + " command's output and error_output are shown to admins only.")
    List<RetrainingRun> list(@RequestParam(required = false) String model,
            @RequestParam(required = false) String kind, @RequestParam(defaultValue = "50") int limit,
            HttpServletRequest request) {
        InvalidRequestException.requireLimit(limit, MAX_LIMIT);
        RunKind runKind = null;
        if (kind != null) {
            try {
                runKind = RunKind.of(kind);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(FieldProblem.of("kind", "must be retraining or rollback"));
            }
        }
        List<RetrainingRun> found = runs.list(model, runKind, limit);
        return isAdmin(request) ? found : found.stream().map(RetrainingRun::withoutOutput).toList();
    }

    @GetMapping("/retraining-runs/{id}")
    @Operation(summary = "One retraining or rollback run or decision")
    RetrainingRun one(@PathVariable long id, HttpServletRequest request) {
        RetrainingRun run = runs.find(id).orElseThrow(() -> new ResourceNotFoundException("Retraining run not found",
                "There is no retraining run " + id + ".", "retraining-run-not-found"));
        return isAdmin(request) ? run : run.withoutOutput();
    }

    /** The command's output may carry anything it printed: only admins read it. */
    private static boolean isAdmin(HttpServletRequest request) {
        return request.isUserInRole("ADMIN");
    }
}
