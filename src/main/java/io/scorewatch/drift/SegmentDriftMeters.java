package io.scorewatch.drift;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;

/**
 * The latest drift run of each segment value as gauges of their own families,
 * {@code credit_scoring_segment_*{model, segment_key, segment_value}}, so that a query of the
 * total's families never counts a segment. Tags come from declared keys and the values they
 * keep only; each is registered (NaN) at start for the values known then.
 */
@Component
class SegmentDriftMeters {

    static final String DRIFTED_FEATURES = "credit_scoring_segment_drifted_features";
    static final String DRIFT_SHARE = "credit_scoring_segment_drift_share";
    static final String PREDICTION_DRIFT = "credit_scoring_segment_prediction_drift_p_value";

    private final MeterRegistry registry;
    private final ModelRegistry models;
    private final SegmentDictionary dictionary;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    SegmentDriftMeters(MeterRegistry registry, ModelRegistry models, SegmentDictionary dictionary) {
        this.registry = registry;
        this.models = models;
        this.dictionary = dictionary;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerKnownValues() {
        for (ModelDefinition model : models.all()) {
            for (String key : model.segments().keySet()) {
                for (String value : dictionary.readableValues(model.name(), key)) {
                    Tags tags = tags(model.name(), new Segment(key, value));
                    holder(DRIFTED_FEATURES, "Drifted features in the segment's latest drift run", tags);
                    holder(DRIFT_SHARE, "Share of reference features drifted in the segment's latest drift run", tags);
                    holder(PREDICTION_DRIFT, "KS p-value of the segment's probabilities against the reference", tags);
                }
            }
        }
    }

    void record(Segment segment, DriftRunResponse run) {
        Tags tags = tags(run.model(), segment);
        holder(DRIFTED_FEATURES, "Drifted features in the segment's latest drift run", tags)
                .set((double) run.driftedFeatures().size());
        holder(DRIFT_SHARE, "Share of reference features drifted in the segment's latest drift run", tags)
                .set(run.driftShare());
        Double p = run.predictionDrift().pValue();
        holder(PREDICTION_DRIFT, "KS p-value of the segment's probabilities against the reference", tags)
                .set(p == null ? Double.NaN : p);
    }

    private static Tags tags(String model, Segment segment) {
        return Tags.of("model", model, "segment_key", segment.key(), "segment_value", segment.value());
    }

    private AtomicReference<Double> holder(String name, String description, Tags tags) {
        return values.computeIfAbsent(name + tags, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, holder, AtomicReference::get).description(description).tags(tags).register(registry);
            return holder;
        });
    }
}
