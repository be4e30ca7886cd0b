package io.scorewatch.alerting;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.scorewatch.credit.CreditValidated;
import io.scorewatch.credit.OverridesComputed;
import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.performance.ModelMetrics;
import io.scorewatch.segment.Segment;

/**
 * The latest values of one model that rules are evaluated against: the metrics over the
 * default window, a drift run, or both. A rule whose metric is not covered is not evaluated; a
 * covered metric without a value (null) does not fire and leaves an open alert as it is.
 *
 * @param model      the model
 * @param covered    the metrics this snapshot speaks for, with their values (null: unknown)
 * @param driftRunId the drift run the drift values come from, if any
 * @param source     what produced the values, e.g. {@code metrics}, {@code drift-run:12}
 * @param segment    the segment value the values are of; null for the model's total
 */
record MetricSnapshot(String model, Map<AlertMetric, Double> covered, Long driftRunId, String source,
        Segment segment) {

    static MetricSnapshot of(ModelMetrics metrics, DriftRunCompleted drift, String source) {
        return of(metrics, drift, source, null);
    }

    static MetricSnapshot of(ModelMetrics metrics, DriftRunCompleted drift, String source, Segment segment) {
        Map<AlertMetric, Double> values = new EnumMap<>(AlertMetric.class);
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.fromOverrides() || metric.fromCreditValidation()) {
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
                source, segment);
    }

    /** The snapshot of a model's overrides: it covers the overrides metrics only. */
    static MetricSnapshot of(OverridesComputed overrides) {
        Map<AlertMetric, Double> values = new EnumMap<>(AlertMetric.class);
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.fromOverrides()) {
                values.put(metric, metric.valueIn(overrides));
            }
        }
        return new MetricSnapshot(overrides.model(), Collections.unmodifiableMap(values), null, "overrides", null);
    }

    /** The values of a daily credit validation. */
    static MetricSnapshot of(CreditValidated validated) {
        Map<AlertMetric, Double> values = new EnumMap<>(AlertMetric.class);
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.fromCreditValidation()) {
                values.put(metric, metric.valueIn(validated));
            }
        }
        return new MetricSnapshot(validated.model(), Collections.unmodifiableMap(values), null, "credit-validation",
                null);
    }

    boolean covers(AlertMetric metric) {
        return covered.containsKey(metric);
    }

    /** Whether a rule speaks of these values: a total's rule of the total, a per-segment rule of its key's values. */
    boolean concerns(AlertRule rule) {
        return segment == null ? !rule.perSegment() : segment.key().equals(rule.forEachSegment());
    }

    /** The segment as the store and the messages write it (KEY:VALUE), or null. */
    String segmentText() {
        return segment == null ? null : segment.toString();
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
