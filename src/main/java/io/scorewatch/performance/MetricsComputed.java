package io.scorewatch.performance;

/**
 * Published when a model's metrics over the default window have been computed (on the
 * real-time schedule), for alerting.
 *
 * @param metrics the figures
 */
public record MetricsComputed(ModelMetrics metrics) {
}
