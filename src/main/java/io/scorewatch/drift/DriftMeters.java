package io.scorewatch.drift;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * Gauges of the latest drift run per model: {@code credit_scoring_drifted_features},
 * {@code credit_scoring_drift_share}, {@code credit_scoring_prediction_drift_p_value},
 * {@code credit_scoring_target_drift_p_value}, and per schema feature
 * {@code credit_scoring_feature_drift_p_value} and {@code credit_scoring_feature_psi}.
 * An undefined value exports NaN.
 *
 * <p>The run is the latest stored one, whichever replica ran it: every replica reads the latest
 * run of each model from the store on the real-time schedule ({@code scorewatch.schedule.realtime})
 * and records it when it is not the one its gauges show, so that all replicas export the same
 * figures and a query can take them once ({@code max by (model)}).
 */
@Component
class DriftMeters {

    private static final Logger log = LoggerFactory.getLogger(DriftMeters.class);

    private final MeterRegistry registry;
    private final DriftRunStore store;
    private final ModelRegistry models;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();
    /** Per model, the id of the run the gauges show. */
    private final Map<String, Long> shown = new ConcurrentHashMap<>();

    DriftMeters(MeterRegistry registry, DriftRunStore store, ModelRegistry models) {
        this.registry = registry;
        this.store = store;
        this.models = models;
    }

    /** Records the latest stored run of each model whose gauges show another (or none). */
    @Scheduled(cron = "${scorewatch.schedule.realtime}")
    void refresh() {
        for (ModelDefinition model : models.all()) {
            try {
                List<DriftRunSummary> latest = store.list(model.name(), 1);
                if (!latest.isEmpty() && !Long.valueOf(latest.get(0).id()).equals(shown.get(model.name()))) {
                    store.find(latest.get(0).id()).ifPresent(this::record);
                }
            } catch (RuntimeException e) {
                log.warn("Could not read the latest drift run of model {}; its gauges keep their values",
                        model.name(), e);
            }
        }
    }

    void record(DriftRunResponse run) {
        if (run.id() != null) {
            shown.put(run.model(), run.id());
        }
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
