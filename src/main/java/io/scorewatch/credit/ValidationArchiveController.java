package io.scorewatch.credit;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.config.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Stored validation reports: stored on demand (admin) or by the monthly job, and read again. */
@RestController
@RequestMapping("/api/v1/models/{model}/validation-reports")
@Tag(name = "Credit validation")
class ValidationArchiveController {

    private final ValidationArchive archive;
    private final Clock clock;

    ValidationArchiveController(ValidationArchive archive, Clock clock) {
        this.archive = archive;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Make the validation report of a month and store it (default: the last complete month)",
            description = "The stored report keeps every figure with the thresholds, master scale and versions in"
                    + " force; it is never changed afterwards.")
    ResponseEntity<ValidationArchive.Entry> store(@PathVariable String model,
            @Parameter(description = "The month, YYYY-MM (UTC)", example = "2026-01") @RequestParam(required = false)
            String period,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total when absent")
            @RequestParam(required = false) String segment) {
        ValidationArchive.Entry entry = archive.store(model, period == null ? ValidationReports.lastMonth(clock)
                : period, segment, ValidationArchive.Origin.ON_DEMAND);
        return ResponseEntity.created(URI.create(entry.json())).body(entry);
    }

    @GetMapping
    @Operation(summary = "Stored validation reports, newest period first")
    List<ValidationArchive.Entry> list(@PathVariable String model,
            @Parameter(description = "Only the reports of this month, YYYY-MM") @RequestParam(required = false)
            String period,
            @RequestParam(defaultValue = "24") int limit) {
        if (period != null) {
            List<FieldProblem> problems = new ArrayList<>();
            CreditController.month("period", period, problems);
            if (!problems.isEmpty()) {
                throw new InvalidRequestException("Invalid period", problems);
            }
        }
        return archive.list(model, period, InvalidRequestException.requireLimit(limit, 200));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One stored validation report, as it was stored")
    ValidationArchive.Stored one(@PathVariable String model, @PathVariable long id) {
        return archive.find(model, id).orElseThrow(() -> notFound(model, id));
    }

    static ResourceNotFoundException notFound(String model, long id) {
        return new ResourceNotFoundException("Validation report not found",
                "Model '" + model + "' has no stored validation report " + id + ".", "validation-report-not-found");
    }
}
