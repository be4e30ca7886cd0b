package io.scorewatch.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboard page and the drift reports ({@code scorewatch.dashboard.*}).
 *
 * @param defaultWindow     window of the dashboard data when a request names none
 * @param maxWindow         longest window a request may ask for
 * @param hourlyUpTo        windows up to this long count predictions per hour, longer ones per day (UTC)
 * @param probabilityBins   equal-width bins of the probability histogram over [0, 1]
 * @param featureBins       bins of a numerical feature's histogram in a drift report
 * @param maxCategories     categories drawn for a categorical feature; the rest are summed as "(other)"
 * @param historyMaxRuns    drift runs a feature's history answers at most (the newest of its window)
 */
@ConfigurationProperties("scorewatch.dashboard")
record DashboardProperties(
        @DefaultValue("7d") Duration defaultWindow,
        @DefaultValue("1830d") Duration maxWindow,
        @DefaultValue("7d") Duration hourlyUpTo,
        @DefaultValue("20") int probabilityBins,
        @DefaultValue("20") int featureBins,
        @DefaultValue("20") int maxCategories,
        @DefaultValue("5000") int historyMaxRuns) {

    DashboardProperties {
        if (probabilityBins < 1 || featureBins < 1 || maxCategories < 2 || historyMaxRuns < 1) {
            throw new IllegalArgumentException("scorewatch.dashboard: probability-bins and feature-bins must be at"
                    + " least 1, max-categories at least 2, history-max-runs at least 1");
        }
        if (defaultWindow.isNegative() || defaultWindow.isZero() || maxWindow.compareTo(defaultWindow) < 0) {
            throw new IllegalArgumentException("scorewatch.dashboard: default-window must be positive and not longer"
                    + " than max-window");
        }
    }
}
