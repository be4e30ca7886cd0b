package io.scorewatch.performance;

/**
 * Published when a model's metrics over the default window have been computed (on the
 * real-time schedule), for alerting: the total's, then each segment value's (whose
 * {@link ModelMetrics#segment()} names it).
 *
 * @param metrics the figures
 */
public record MetricsComputed(ModelMetrics metrics) {
}
