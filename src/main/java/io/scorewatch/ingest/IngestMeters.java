package io.scorewatch.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The intake's Prometheus meters, under the names the monitoring guide's Grafana queries use:
 * {@code credit_scoring_requests_total{endpoint}}, {@code credit_scoring_response_seconds}
 * (histogram with buckets, from the model API's {@code latency_ms}) and
 * {@code credit_scoring_errors_total{error_type}}; plus data-quality violations by kind.
 * Tags come from bounded sets only: configured models, configured error types, violation kinds;
 * never a feature name or a category a client sent. Every series of every configured model is
 * registered at 0 at start, so that Grafana's panels show 0 rather than "No data" before the
 * first event.
 */
@Component
class IngestMeters {

    static final String PREDICT_ENDPOINT = "predict";

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final Set<String> errorTypes;

    IngestMeters(MeterRegistry registry, IngestProperties properties, ModelRegistry models) {
        this.registry = registry;
        this.buckets = properties.latencyBuckets().toArray(Duration[]::new);
        this.errorTypes = Set.copyOf(properties.errorTypes());
        // every series exists from the start, at 0: Prometheus's rate() counts an increase only
        // from a series' first scrape, so a series born with its first event would lose it
        for (ModelDefinition model : models.all()) {
            requests(model.name());
            response(model.name());
            for (String errorType : errorTypes) {
                errors(model.name(), errorType);
            }
            errors(model.name(), "other");
            for (FeatureEncoder.Violation kind : FeatureEncoder.Violation.values()) {
                violations(model.name(), kind);
            }
            newFeatures(model.name());
            unknownFeatures(model.name());
            otherCategories(model.name());
        }
    }

    void predictionsStored(String model, List<StoredPrediction> stored) {
        requests(model).increment(stored.size());
        Timer timer = null;
        for (StoredPrediction prediction : stored) {
            if (prediction.latencyMs() != null) {
                if (timer == null) {
                    timer = response(model);
                }
                timer.record(Duration.ofNanos(Math.round(prediction.latencyMs() * 1_000_000)));
            }
        }
    }

    void violations(String model, Map<FeatureEncoder.Violation, Map<String, Integer>> byKind) {
        byKind.forEach((kind, byFeature) -> violations(model, kind)
                .increment(byFeature.values().stream().mapToInt(Integer::intValue).sum()));
    }

    /** Values that came under names the model's schema lacks. */
    void unknownFeatures(String model, long count) {
        unknownFeatures(model).increment(count);
    }

    /** Categorical values beyond their feature's dictionary bound, stored as the "(other)" bucket. */
    void otherCategories(String model, Map<String, Integer> byFeature) {
        otherCategories(model).increment(byFeature.values().stream().mapToInt(Integer::intValue).sum());
    }

    private Counter unknownFeatures(String model) {
        return Counter.builder("credit_scoring_unknown_features")
                .description("Feature values under names the model's schema lacks (counted, never added)")
                .tag("model", model).register(registry);
    }

    private Counter otherCategories(String model) {
        return Counter.builder("credit_scoring_category_overflow")
                .description("Categorical values beyond their feature's dictionary bound, counted as one other bucket")
                .tag("model", model).register(registry);
    }

    void newFeatures(String model, int count) {
        newFeatures(model).increment(count);
    }

    private Counter violations(String model, FeatureEncoder.Violation kind) {
        return Counter.builder("credit_scoring_data_quality_violations")
                .description("Feature values stored as missing because of a data-quality problem")
                .tag("model", model).tag("kind", kind.tag())
                .register(registry);
    }

    private Counter newFeatures(String model) {
        return Counter.builder("credit_scoring_new_features").description("Features that joined a model's schema")
                .tag("model", model).register(registry);
    }

    /** The tag value of an error type: itself when configured, else "other". */
    String errorTag(String errorType) {
        return errorTypes.contains(errorType) ? errorType : "other";
    }

    void requestError(String model, String errorType) {
        errors(model, errorTag(errorType)).increment();
    }

    private Counter errors(String model, String errorTag) {
        return Counter.builder("credit_scoring_errors").description("Failed requests reported by the model API")
                .tag("model", model).tag("error_type", errorTag).register(registry);
    }

    private Counter requests(String model) {
        return Counter.builder("credit_scoring_requests").description("Predictions received from the model API")
                .tag("model", model).tag("endpoint", PREDICT_ENDPOINT).register(registry);
    }

    private Timer response(String model) {
        return Timer.builder("credit_scoring_response").description("Response time of the model API")
                .tag("model", model).tag("endpoint", PREDICT_ENDPOINT)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }
}
