package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.assertj.core.data.Offset;

/** The agreement required between our results and scipy / scikit-learn. */
final class Tolerance {

    /** Statistics such as KS D and AUC: absolute. */
    static final Offset<Double> STATISTIC = within(1e-12);
    /** Relative agreement of p-values above {@link #SMALL_P}. */
    static final double P_RELATIVE = 1e-9;
    /** Relative agreement of p-values between the smallest normal double and {@link #SMALL_P}. */
    static final double SMALL_P_RELATIVE = 1e-6;
    static final double SMALL_P = 1e-12;
    /** Other continuous statistics (chi-square, PSI, distances, rates): relative. */
    static final double RELATIVE = 1e-12;

    private Tolerance() {
    }

    /**
     * p > 1e-12: relative 1e-9. Down to the smallest normal double: relative 1e-6 (log p agrees to
     * ~1e-8). Below the normal range (subnormal or 0 in scipy): ours must be below it too.
     */
    static void assertPValue(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (expected > SMALL_P) {
            assertThat(actual).as(what).isCloseTo(expected, withinPercentage(P_RELATIVE * 100));
        } else if (expected >= Double.MIN_NORMAL) {
            assertThat(actual).as(what).isPositive().isCloseTo(expected, withinPercentage(SMALL_P_RELATIVE * 100));
        } else {
            assertThat(actual).as(what + " (scipy is below the normal double range)")
                    .isGreaterThanOrEqualTo(0.0).isLessThan(Double.MIN_NORMAL);
        }
    }

    /** Relative {@link #RELATIVE}, or exact equality for 0 and NaN. */
    static void assertRelative(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (expected == 0.0 || Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, withinPercentage(RELATIVE * 100));
        }
    }
}
