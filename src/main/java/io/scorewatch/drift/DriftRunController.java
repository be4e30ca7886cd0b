package io.scorewatch.drift;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
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
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.scorewatch.summary.VersionParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
    private final SegmentDictionary segments;
    private final Clock clock;
    private final DriftProperties properties;
    private final VersionParameter versions;
    private final ModelRegistry models;

    DriftRunController(DriftRuns runs, SegmentDictionary segments, Clock clock, DriftProperties properties,
            VersionParameter versions, ModelRegistry models) {
        this.runs = runs;
        this.models = models;
        this.versions = versions;
        this.segments = segments;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Optional window: {@code from} inclusive, {@code to} exclusive (default: the last 7 days);
     * optional {@code segment} (KEY:VALUE) or {@code for_each_segment} (KEY), not both; optional
     * {@code model_version}: that version's predictions only.
     */
    record DriftRunRequest(Instant from, Instant to, String segment, String forEachSegment, String modelVersion) {
    }

    /** The runs of every value of one segment key. */
    record SegmentRuns(String model, String forEachSegment, List<DriftRunResponse> runs, List<String> emptyValues) {
    }

    @PostMapping
    @Operation(summary = "Run drift detection now", description = "Body optional: from, to (ISO-8601 instants;"
            + " from inclusive, to exclusive; default the last 7 days); segment (KEY:VALUE) runs over that segment's"
            + " predictions only; for_each_segment (KEY) runs once per value of the key that has predictions in the"
            + " window and answers them all as runs; model_version (in the body, or as the query parameter)"
            + " runs over that version's predictions only, with segment or for_each_segment as well. 409 without a"
            + " reference dataset, 422 for an empty window, 400 for a version the model has no prediction of.")
    ResponseEntity<?> runAny(@PathVariable String model, @RequestBody(required = false) DriftRunRequest request,
            @Parameter(description = "A model version: the run is over its"
                    + " predictions only; the same as model_version in the body", example = "1.4.0")
            @RequestParam(name = "model_version", required = false) String modelVersion) {
        String version = version(model, request, modelVersion);
        if (request == null || request.segment() == null && request.forEachSegment() == null) {
            return run(model, request, version);
        }
        if (request.segment() != null && request.forEachSegment() != null) {
            throw new InvalidRequestException(FieldProblem.of("segment", "give segment or for_each_segment, not both"));
        }
        Instant[] window = window(request);
        if (request.segment() != null) {
            Segment segment = segments.parse(model, request.segment(), "segment");
            if (segment == null) {
                throw new InvalidRequestException(FieldProblem.of("segment", "must be KEY:VALUE"));
            }
            DriftRunResponse run = runs.run(model, window[0], window[1], segment, version);
            return ResponseEntity.created(URI.create("/api/v1/models/" + model + "/drift-runs/" + run.id())).body(run);
        }
        String key = request.forEachSegment();
        segments.requireKey(model, key, "for_each_segment");
        List<DriftRunResponse> answered = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String value : segments.readableValues(model, key)) {
            try {
                answered.add(runs.run(model, window[0], window[1], new Segment(key, value), version));
            } catch (ErrorResponseException e) {
                if (e.getStatusCode().value() != 422) {
                    throw e;
                }
                empty.add(value);
            }
        }
        return ResponseEntity.ok(new SegmentRuns(model, key, answered, empty));
    }

    /** The version the request names, in its body or its query, checked; null when it names none. */
    private String version(String model, DriftRunRequest request, String query) {
        String body = request == null ? null : request.modelVersion();
        if (body != null && query != null && !body.equals(query)) {
            throw new InvalidRequestException(FieldProblem.of("model_version",
                    "the body and the query name different versions: give it once"));
        }
        String text = body != null ? body : query;
        return text == null ? null : versions.parse(models.get(model).name(), text, "model_version");
    }

    private ResponseEntity<DriftRunResponse> run(String model, DriftRunRequest request, String version) {
        DriftRunResponse run;
        if (version != null) {
            Instant[] window = request == null ? window(new DriftRunRequest(null, null, null, null, null))
                    : window(request);
            run = runs.run(model, window[0], window[1], null, version);
        } else if (request == null || request.from() == null && request.to() == null) {
            run = runs.run(model);
        } else {
            Instant[] window = window(request);
            run = runs.run(model, window[0], window[1]);
        }
        return ResponseEntity.created(URI.create("/api/v1/models/" + model + "/drift-runs/" + run.id())).body(run);
    }

    /** The request's window, checked; the default window when it names none. */
    private Instant[] window(DriftRunRequest request) {
        if (request.from() == null && request.to() == null) {
            Instant to = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return new Instant[] {to.minus(properties.defaultWindow()), to};
        }
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
        return new Instant[] {request.from(), request.to()};
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
