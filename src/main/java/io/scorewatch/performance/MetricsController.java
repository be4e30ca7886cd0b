package io.scorewatch.performance;

import java.time.Clock;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.scorewatch.summary.VersionParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Business, performance and system metrics of a model over a window, on demand. */
@RestController
@Tag(name = "Metrics", description = "Business, performance and system metrics over a window")
class MetricsController {

    private final ModelRegistry models;
    private final MetricsService metrics;
    private final MetricsProperties properties;
    private final Clock clock;

    private final SegmentDictionary segments;
    private final VersionParameter versions;

    MetricsController(ModelRegistry models, MetricsService metrics, MetricsProperties properties, Clock clock,
            SegmentDictionary segments, VersionParameter versions) {
        this.models = models;
        this.versions = versions;
        this.segments = segments;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/models/{model}/metrics")
    @Operation(summary = "A model's metrics over a window",
            description = "The window is window (ending at to, or now), or from .. to (to defaults to now);"
                    + " neither: scorewatch.metrics.default-window ending now. from is inclusive, to exclusive."
                    + " Performance metrics need scorewatch.metrics.min-labels labelled predictions. model_version"
                    + " restricts the figures to that version's predictions (with segment as well); a version the"
                    + " model has no prediction of is a 400.")
    ModelMetrics metrics(@PathVariable String model,
            @Parameter(description = "Window length: 1h, 24h, 7d, 30d, 2w or ISO-8601 (PT12H)", example = "7d")
            @RequestParam(required = false) String window,
            @Parameter(description = "Start, ISO-8601 with offset (inclusive)", example = "2026-01-05T00:00:00Z")
            @RequestParam(required = false) String from,
            @Parameter(description = "End, ISO-8601 with offset (exclusive); default now",
                    example = "2026-01-12T00:00:00Z")
            @RequestParam(required = false) String to,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total when absent",
                    example = "product:Cash loans")
            @RequestParam(required = false) String segment,
            @Parameter(description = "A model version: the figures of its predictions only; every version when"
                    + " absent", example = "1.4.0")
            @RequestParam(name = "model_version", required = false) String modelVersion) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        MetricsWindow range = MetricsWindow.parse(window, from, to, clock.instant(), properties.defaultWindow(),
                properties.maxWindow());
        String version = versions.parse(definition.name(), modelVersion, "model_version");
        ModelMetrics computed = metrics.compute(definition, range, selected, version);
        computed = version == null ? computed : computed.withModelVersion(version);
        return selected == null ? computed : computed.withSegment(selected.toString());
    }

    @GetMapping("/api/v1/models/{model}/cohorts")
    @Operation(summary = "Weekly cohorts: realised against estimated performance",
            description = "The predictions of each of the last weeks (Monday 00:00 UTC), newest first: how many have"
                    + " a label yet, their realised performance once scorewatch.metrics.min-labels are in, and the"
                    + " performance estimated from their probabilities.")
    List<Cohort> cohorts(@PathVariable String model,
            @Parameter(description = "Number of weeks, 1 to 104", example = "12")
            @RequestParam(defaultValue = "12") int weeks,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total when absent",
                    example = "product:Cash loans")
            @RequestParam(required = false) String segment) {
        models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        if (weeks < 1 || weeks > 104) {
            throw new InvalidRequestException(FieldProblem.of("weeks", "must be 1 to 104"));
        }
        return metrics.cohorts(model, weeks, clock.instant(), selected);
    }
}
