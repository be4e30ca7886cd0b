package io.scorewatch.performance;

import io.scorewatch.segment.Segment;

/**
 * Published when a model's metrics over the default window have been computed (on the
 * real-time schedule), for alerting: the total's, then each segment value's.
 *
 * @param metrics the figures
 * @param segment the segment value the figures are of; null for the total
 */
public record MetricsComputed(ModelMetrics metrics, Segment segment) {

    /** The total's figures. */
    public MetricsComputed(ModelMetrics metrics) {
        this(metrics, null);
    }
}
