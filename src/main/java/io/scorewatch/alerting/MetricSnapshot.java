package io.scorewatch.alerting;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.scorewatch.credit.CreditValidated;
import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.performance.ModelMetrics;

/**
 * The latest values of one model that rules are evaluated against: the metrics over the
 * default window, a drift run, or both. A rule whose metric is not covered is not evaluated; a
 * covered metric without a value (null) does not fire and leaves an open alert as it is.
 *
 * @param model      the model
 * @param covered    the metrics this snapshot speaks for, with their values (null: unknown)
 * @param driftRunId the drift run the drift values come from, if any
 * @param source     what produced the values, e.g. {@code metrics}, {@code drift-run:12}
 */
record MetricSnapshot(String model, Map<AlertMetric, Double> covered, Long driftRunId, String source) {

    static MetricSnapshot of(ModelMetrics metrics, DriftRunCompleted drift, String source) {
        Map<AlertMetric, Double> values = new EnumMap<>(AlertMetric.class);
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.fromCreditValidation()) {
                continue;
            }
            if (metric.fromDriftRun()) {
                if (drift != null) {
                    values.put(metric, metric.valueIn(drift));
                }
            } else if (metrics != null) {
                values.put(metric, metric.valueIn(metrics));
            }
        }
        String model = metrics != null ? metrics.model() : drift.model();
        return new MetricSnapshot(model, Collections.unmodifiableMap(values), drift == null ? null : drift.runId(),
                source);
    }

    /** The values of a daily credit validation. */
    static MetricSnapshot of(CreditValidated validated) {
        Map<AlertMetric, Double> values = new EnumMap<>(AlertMetric.class);
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.fromCreditValidation()) {
                values.put(metric, metric.valueIn(validated));
            }
        }
        return new MetricSnapshot(validated.model(), Collections.unmodifiableMap(values), null, "credit-validation");
    }

    boolean covers(AlertMetric metric) {
        return covered.containsKey(metric);
    }

    Double value(AlertMetric metric) {
        return covered.get(metric);
    }

    /** Metric name -> value, for an investigation record. */
    Map<String, Double> byName() {
        Map<String, Double> named = new LinkedHashMap<>();
        covered.forEach((metric, value) -> named.put(metric.key(), value));
        return named;
    }
}
