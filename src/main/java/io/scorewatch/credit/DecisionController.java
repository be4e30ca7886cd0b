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

/**
 * The decisions around the model's own: challengers scoring the same applications in shadow, and
 * people overriding the model. Both read a window of the model (the metrics' default window and
 * limit) and optionally one segment value.
 */
@RestController
@Tag(name = "Credit validation")
class DecisionController {

    private final ModelRegistry models;
    private final ChallengerReads challengers;
    private final OverrideReads overrides;
    private final SegmentDictionary segments;
    private final MetricsProperties properties;
    private final Clock clock;

    DecisionController(ModelRegistry models, ChallengerReads challengers, OverrideReads overrides,
            SegmentDictionary segments, MetricsProperties properties, Clock clock) {
        this.models = models;
        this.challengers = challengers;
        this.overrides = overrides;
        this.segments = segments;
        this.properties = properties;
        this.clock = clock;
    }

    /** A read's model, segment value (null for the total) and window, from the request's parameters. */
    private record Read(ModelDefinition model, Segment segment, MetricsWindow window) {

        String segmentName() {
            return segment == null ? null : segment.toString();
        }
    }

    private Read read(String model, String window, String from, String to, String segment) {
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        return new Read(definition, selected, MetricsWindow.parse(window, from, to, clock.instant(),
                properties.defaultWindow(), properties.maxWindow()));
    }

    @GetMapping("/api/v1/models/{model}/challengers")
    @Operation(summary = "Champion against challenger versions over a window",
            description = "A challenger is a model_version of the model whose predictions name the champion's"
                    + " prediction in shadow_of. Per version: labeled_pairs, champion_auc, challenger_auc, delong_z and"
                    + " delong_p_value (paired DeLong test, two-sided, as pROC's roc.test), champion_cost and"
                    + " challenger_cost (FN and FP costs of the model, each at its own decisions), psi of the"
                    + " challenger's scores against the champion's, and champion_roc and challenger_roc: both ROC"
                    + " curves on the labelled pairs (vertices, fpr, tpr), at most scorewatch.credit.roc-points"
                    + " points from (0, 0) to (1, 1).")
    ChallengerReport challengers(@PathVariable String model,
            @Parameter(description = "Window length: 1h, 24h, 7d, 30d, 2w or ISO-8601 (PT12H)", example = "30d")
            @RequestParam(required = false) String window,
            @Parameter(description = "Start, ISO-8601 with offset (inclusive)", example = "2026-01-05T00:00:00Z")
            @RequestParam(required = false) String from,
            @Parameter(description = "End, ISO-8601 with offset (exclusive); default now")
            @RequestParam(required = false) String to,
            @Parameter(description = "A segment KEY:VALUE the model declares (of the champion's predictions)",
                    example = "channel:branch")
            @RequestParam(required = false) String segment) {
        Read read = read(model, window, from, to, segment);
        return new ChallengerReport(model, read.window().from(), read.window().to(), read.segmentName(), "exact",
                challengers.read(read.model(), read.segment(), read.window().from(), read.window().to()).stream()
                        .map(ChallengerReport.Entry::of).toList());
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
        Read read = read(model, window, from, to, segment);
        return OverrideReport.of(model, read.window().from(), read.window().to(), read.segmentName(),
                overrides.read(read.model(), read.segment(), read.window().from(), read.window().to()));
    }
}
