package io.scorewatch.credit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.scorewatch.stats.TrafficLightThresholds;

/**
 * Configuration of the credit-validation reads.
 *
 * @param trafficLight     the p-value thresholds of a grade's traffic light
 * @param defaultWindow    the window of a read that names none, ending now (or at the end of the report's month)
 * @param maxWindow        the longest window a read may name
 * @param migrationMonths  the report's migration compares the month this many months before its period with it
 * @param aucFallSignificance the validation report calls the AUC fallen below the initial AUC when the
 *                         one-sided p-value of the fall is below this
 * @param rocPoints        the challenger comparison answers each ROC curve with at most this many points
 *                         ({@link io.scorewatch.stats.RocCurve#thinned(int)}), the corners included
 * @param refreshAfterDriftRuns the gauges are refreshed once no drift run of the model's total has
 *                         completed for this long
 */
@ConfigurationProperties("scorewatch.credit")
public record CreditProperties(
        @DefaultValue TrafficLight trafficLight,
        @DefaultValue("730d") Duration defaultWindow,
        @DefaultValue("3660d") Duration maxWindow,
        @DefaultValue("1") int migrationMonths,
        @DefaultValue("0.05") double aucFallSignificance,
        @DefaultValue("200") int rocPoints,
        @DefaultValue("10s") Duration refreshAfterDriftRuns) {

    public CreditProperties {
        if (defaultWindow.isNegative() || defaultWindow.isZero() || maxWindow.compareTo(defaultWindow) < 0) {
            throw new IllegalArgumentException("scorewatch.credit: default-window must be positive and at most"
                    + " max-window");
        }
        if (refreshAfterDriftRuns.isNegative()) {
            throw new IllegalArgumentException("scorewatch.credit.refresh-after-drift-runs must not be negative");
        }
        if (migrationMonths < 1 || migrationMonths > 120) {
            throw new IllegalArgumentException("scorewatch.credit.migration-months must lie in [1, 120]");
        }
        if (!(aucFallSignificance > 0 && aucFallSignificance < 1)) {
            throw new IllegalArgumentException("scorewatch.credit.auc-fall-significance must lie in (0, 1)");
        }
        if (rocPoints < 2 || rocPoints > 10_000) {
            throw new IllegalArgumentException("scorewatch.credit.roc-points must lie in [2, 10000]: a curve keeps"
                    + " at least its two corners");
        }
    }

    /**
     * @param yellowBelow a grade whose Jeffreys p-value is below this is yellow
     * @param redBelow    a grade whose Jeffreys p-value is below this is red
     */
    public record TrafficLight(@DefaultValue("0.05") double yellowBelow, @DefaultValue("0.01") double redBelow) {

        public TrafficLightThresholds thresholds() {
            return new TrafficLightThresholds(yellowBelow, redBelow);
        }
    }
}
