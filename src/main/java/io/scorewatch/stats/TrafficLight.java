package io.scorewatch.stats;

/**
 * The traffic light of a grade's calibration test, from its one-sided p-value (typically the
 * {@link JeffreysTest}'s) and configured {@link TrafficLightThresholds}: the three-zone reading of
 * calibration tests used in supervisory validation (for instance the ECB's reporting of PD
 * back-testing).
 */
public enum TrafficLight {
    /** {@code p >= yellowBelow}: no evidence that the PD is underestimated. */
    GREEN,
    /** {@code redBelow <= p < yellowBelow}: some evidence, worth a look. */
    YELLOW,
    /** {@code p < redBelow}: strong evidence that the PD is underestimated. */
    RED;

    /**
     * The light of a p-value.
     *
     * @throws IllegalArgumentException for a NaN p-value (a grade without clients has no light)
     */
    public static TrafficLight of(double pValue, TrafficLightThresholds thresholds) {
        if (Double.isNaN(pValue)) {
            throw new IllegalArgumentException("p-value is NaN (undefined)");
        }
        if (pValue < thresholds.redBelow()) {
            return RED;
        }
        return pValue < thresholds.yellowBelow() ? YELLOW : GREEN;
    }
}
