package io.scorewatch.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.window.PredictionWindow;
import io.scorewatch.window.PredictionWindowReader;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The figures of the dashboard page the other endpoints do not give. */
@RestController
@Tag(name = "Dashboard", description = "Prediction volume and probability distribution for the dashboard page")
class DashboardController {

    static final String RETRAINING_RUNS = "/api/v1/retraining-runs";

    private final ModelRegistry models;
    private final PredictionWindowReader windows;
    private final ReferenceProbabilities references;
    private final ApiEndpoints endpoints;
    private final DashboardProperties properties;
    private final Clock clock;
    private final SegmentDictionary segments;

    DashboardController(ModelRegistry models, PredictionWindowReader windows, ReferenceProbabilities references,
            ApiEndpoints endpoints, DashboardProperties properties, Clock clock, SegmentDictionary segments) {
        this.models = models;
        this.segments = segments;
        this.windows = windows;
        this.references = references;
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
    }

    /** A declared segment key and every value a read of it may name (the kept values, then other and missing). */
    record SegmentKey(String key, String source, String name, List<String> values) {
    }

    /** The segment keys of a model, for the dashboard's segment picker. */
    record SegmentsResponse(String model, List<SegmentKey> segments) {
    }

    @GetMapping("/api/v1/models/{model}/segments")
    @Operation(summary = "The model's declared segment keys and the values each may be read with",
            description = "Per key: its source (feature or tag) and name, and its values: those kept, sorted, then"
                    + " other and missing.")
    SegmentsResponse segments(@PathVariable String model) {
        ModelDefinition definition = models.get(model);
        return new SegmentsResponse(definition.name(), definition.segments().values().stream()
                .map(declared -> new SegmentKey(declared.key(), declared.source().name().toLowerCase(Locale.ROOT),
                        declared.name(), segments.readableValues(definition.name(), declared.key())))
                .toList());
    }

    @GetMapping("/api/v1/models/{model}/dashboard")
    @Operation(summary = "Prediction volume over time and the probability histogram of a window",
            description = "The window ends now. Volume per hour for windows up to scorewatch.dashboard.hourly-up-to,"
                    + " else per day (UTC). The probability histogram has equal bins over [0, 1], the production"
                    + " window against the active reference (null without one).")
    DashboardData dashboard(@PathVariable String model,
            @Parameter(description = "Window length: 24h, 7d, 30d, 2w or ISO-8601 (PT12H)", example = "7d")
            @RequestParam(required = false) String window,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total when absent",
                    example = "product:Cash loans")
            @RequestParam(required = false) String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        DashboardWindow range = DashboardWindow.parse(window, clock.instant(), properties.defaultWindow(),
                properties.maxWindow());
        PredictionWindow scores = windows.scores(definition.name(), selected, range.from(), range.to());
        DashboardWindow previous = range.previous();
        long before = windows.decisionCounts(definition.name(), selected, previous.from(), previous.to()).predictions();
        boolean hourly = range.length().compareTo(properties.hourlyUpTo()) <= 0;
        Optional<ReferenceProbabilities.Binned> reference = references.active(definition.name(),
                properties.probabilityBins());
        Histogram production = Histogram.probability(null, scores.probability(), properties.probabilityBins());
        return new DashboardData(definition.name(), range.label(), range.from(), range.to(), hourly ? "1h" : "1d",
                scores.size(), before, before == 0 ? null : (double) (scores.size() - before) / before,
                VolumeBucket.of(scores.epochMicros(), range.from(), range.to(),
                        hourly ? Duration.ofHours(1) : Duration.ofDays(1)),
                production.withReference(reference.map(ReferenceProbabilities.Binned::counts).orElse(null)),
                reference.map(r -> r.reference().id()).orElse(null),
                reference.map(r -> r.reference().rows()).orElse(null),
                endpoints.answersGet(RETRAINING_RUNS), selected == null ? null : selected.toString());
    }
}
