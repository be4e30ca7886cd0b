package io.scorewatch.performance;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Business, performance and system metrics ({@code scorewatch.metrics.*}).
 *
 * @param minLabels     labelled predictions a window needs before performance metrics are computed
 * @param defaultWindow length of the window ending now, when a request names none; the gauges use it too
 * @param maxWindow     longest window a request may ask for (and so the most rows one request reads)
 */
@ConfigurationProperties("scorewatch.metrics")
public record MetricsProperties(
        @DefaultValue("100") int minLabels,
        @DefaultValue("7d") Duration defaultWindow,
        @DefaultValue("1830d") Duration maxWindow) {

    public MetricsProperties {
        if (minLabels < 1) {
            throw new IllegalArgumentException("scorewatch.metrics.min-labels must be at least 1, was " + minLabels);
        }
        if (defaultWindow.isNegative() || defaultWindow.isZero()) {
            throw new IllegalArgumentException("scorewatch.metrics.default-window must be positive");
        }
        if (maxWindow.compareTo(defaultWindow) < 0) {
            throw new IllegalArgumentException("scorewatch.metrics.max-window must not be shorter than default-window");
        }
    }
}
