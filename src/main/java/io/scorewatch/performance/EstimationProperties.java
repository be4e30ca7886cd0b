package io.scorewatch.performance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Performance estimated before labels arrive ({@code scorewatch.estimation.*}).
 *
 * @param calibrationBins      equal-width bins of the expected calibration error
 * @param minReferenceRows     reference rows with a probability needed to check the calibration
 * @param bandStandardErrors   the band around an estimate, in standard errors
 */
@ConfigurationProperties("scorewatch.estimation")
record EstimationProperties(
        @DefaultValue("10") int calibrationBins,
        @DefaultValue("100") int minReferenceRows,
        @DefaultValue("3") double bandStandardErrors) {
}
