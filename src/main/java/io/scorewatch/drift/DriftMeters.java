package io.scorewatch.drift;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges of the latest drift run per model: {@code credit_scoring_drifted_features},
 * {@code credit_scoring_drift_share}, {@code credit_scoring_prediction_drift_p_value},
 * {@code credit_scoring_target_drift_p_value}, and per schema feature
 * {@code credit_scoring_feature_drift_p_value} and {@code credit_scoring_feature_psi}.
 * An undefined value exports NaN.
 */
@Component
class DriftMeters {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    DriftMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(DriftRunResponse run) {
        Tags model = Tags.of("model", run.model());
        set("credit_scoring_drifted_features", "Drifted features in the latest drift run", model,
                run.driftedFeatures().size());
        set("credit_scoring_drift_share", "Share of reference features drifted in the latest drift run", model,
                run.driftShare());
        set("credit_scoring_prediction_drift_p_value", "KS p-value of the probabilities against the reference",
                model, value(run.predictionDrift().pValue()));
        set("credit_scoring_target_drift_p_value", "Chi-square p-value of the labels against the reference targets",
                model, value(run.targetDrift().pValue()));
        for (DriftRunResponse.FeatureResult feature : run.features()) {
            Tags tags = model.and("feature", feature.name());
            set("credit_scoring_feature_drift_p_value", "Drift test p-value of a feature", tags,
                    value(feature.pValue()));
            set("credit_scoring_feature_psi", "Population stability index of a feature", tags, value(feature.psi()));
        }
    }

    /** The daily prediction-drift check updates the prediction-drift gauge between drift runs. */
    void predictionDrift(String model, Double pValue) {
        set("credit_scoring_prediction_drift_p_value", "KS p-value of the probabilities against the reference",
                Tags.of("model", model), value(pValue));
    }

    private static double value(Double value) {
        return value == null ? Double.NaN : value;
    }

    private void set(String name, String description, Tags tags, double value) {
        String key = name + tags;
        values.computeIfAbsent(key, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, holder, AtomicReference::get).description(description).tags(tags).register(registry);
            return holder;
        }).set(value);
    }
}
