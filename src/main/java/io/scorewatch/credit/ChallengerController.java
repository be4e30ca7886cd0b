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

/** Champion and challengers: discrimination, cost and score stability of each challenger version. */
@RestController
@Tag(name = "Credit validation")
class ChallengerController {

    private final ModelRegistry models;
    private final ChallengerReads reads;
    private final SegmentDictionary segments;
    private final MetricsProperties properties;
    private final Clock clock;

    ChallengerController(ModelRegistry models, ChallengerReads reads, SegmentDictionary segments,
            MetricsProperties properties, Clock clock) {
        this.models = models;
        this.reads = reads;
        this.segments = segments;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/models/{model}/challengers")
    @Operation(summary = "Champion against challenger versions over a window",
            description = "A challenger is a model_version of the model whose predictions name the champion's"
                    + " prediction in shadow_of. Per version: labeled_pairs, champion_auc, challenger_auc, delong_z and"
                    + " delong_p_value (paired DeLong test, two-sided, as pROC's roc.test), champion_cost and"
                    + " challenger_cost (FN and FP costs of the model, each at its own decisions) and psi of the"
                    + " challenger's scores against the champion's.")
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
        ModelDefinition definition = models.get(model);
        Segment selected = segments.parse(model, segment, "segment");
        MetricsWindow range = MetricsWindow.parse(window, from, to, clock.instant(), properties.defaultWindow(),
                properties.maxWindow());
        return new ChallengerReport(model, range.from(), range.to(), selected == null ? null : selected.toString(),
                "exact", reads.read(definition, selected, range.from(), range.to()).stream()
                        .map(ChallengerReport.Entry::of).toList());
    }
}
