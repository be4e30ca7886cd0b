package io.scorewatch.credit;

import java.time.Clock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsProperties;
import io.scorewatch.performance.MetricsWindow;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Overrides of a model's decisions: low side, high side, by reason and by segment. */
@RestController
@Tag(name = "Credit validation", description = "Credit-risk validation reads")
class OverrideController {

    private final ModelRegistry models;
    private final OverrideReads reads;
    private final SegmentDictionary segments;
    private final MetricsProperties properties;
    private final Clock clock;

    OverrideController(ModelRegistry models, OverrideReads reads, SegmentDictionary segments,
            MetricsProperties properties, Clock clock) {
        this.models = models;
        this.reads = reads;
        this.segments = segments;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/models/{model}/overrides")
    @Operation(summary = "Overrides of the model's decisions over a window",
            description = "Of the predictions that carry final_decision: low_side_rate, the share of those the model"
                    + " declined (prediction 1) that were approved anyway; high_side_rate, the share of those it"
                    + " approved that were declined anyway; by_reason, by_segment, and overridden_bad_rate, the"
                    + " default rate of overridden predictions with a known outcome. Challengers' (shadow)"
                    + " predictions never count.")
    OverrideReport overrides(@PathVariable String model,
            @Parameter(description = "Window length: 1h, 24h, 7d, 30d, 2w or ISO-8601 (PT12H)", example = "30d")
            @RequestParam(required = false) String window,
            @Parameter(description = "Start, ISO-8601 with offset (inclusive)", example = "2026-01-05T00:00:00Z")
            @RequestParam(required = false) String from,
            @Parameter(description = "End, ISO-8601 with offset (exclusive); default now")
            @RequestParam(required = false) String to,
            @Parameter(description = "A segment KEY:VALUE the model declares; the total when absent",
                    example = "channel:branch")
            @RequestParam(required = false) String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        MetricsWindow range = MetricsWindow.parse(window, from, to, clock.instant(), properties.defaultWindow(),
                properties.maxWindow());
        return OverrideReport.of(model, range.from(), range.to(), selected == null ? null : selected.toString(),
                reads.read(definition, selected, range.from(), range.to()));
    }
}
