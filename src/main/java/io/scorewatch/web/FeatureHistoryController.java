package io.scorewatch.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A feature's p-value, PSI and drift decision across the stored drift runs: its trend over time. */
@RestController
@Tag(name = "Dashboard", description = "Prediction volume and probability distribution for the dashboard page")
class FeatureHistoryController {

    /**
     * The trend of one feature.
     *
     * @param segment the segment value the runs are of; null for the total's runs
     * @param runs    one point per drift run that tested the feature, oldest first
     */
    record FeatureHistoryResponse(String model, String feature, String segment, String window, Instant from,
            Instant to, List<FeatureHistory.Point> runs) {
    }

    private final ModelRegistry models;
    private final SegmentDictionary segments;
    private final FeatureHistory history;
    private final DashboardProperties properties;
    private final Clock clock;

    FeatureHistoryController(ModelRegistry models, SegmentDictionary segments, FeatureHistory history,
            DashboardProperties properties, Clock clock) {
        this.models = models;
        this.segments = segments;
        this.history = history;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/models/{model}/features/{name}/history")
    @Operation(summary = "A feature's drift over time: each stored drift run's p-value, PSI and decision",
            description = "The drift runs started in the window (ending now), oldest first, at most"
                    + " scorewatch.dashboard.history-max-runs (the newest). With segment, the runs of that segment"
                    + " value; without, the total's runs. A feature no run tested answers an empty list.")
    FeatureHistoryResponse history(@PathVariable String model, @PathVariable String name,
            @Parameter(description = "Window length: 24h, 7d, 365d, 260w or ISO-8601", example = "365d")
            @RequestParam(required = false) String window,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total's runs when absent",
                    example = "product:Cash loans")
            @RequestParam(required = false) String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(definition.name(), segment, "segment");
        DashboardWindow range = DashboardWindow.parse(window, clock.instant(), properties.defaultWindow(),
                properties.maxWindow());
        String segmentText = selected == null ? null : selected.toString();
        return new FeatureHistoryResponse(definition.name(), name, segmentText, range.label(), range.from(),
                range.to(), history.points(definition.name(), segmentText, name, range.from(), range.to(),
                        properties.historyMaxRuns()));
    }
}
