package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.assertj.core.data.Offset;

/** The agreement required between our results and scipy / scikit-learn. */
final class Tolerance {

    /** Statistics such as KS D and AUC: absolute. */
    static final Offset<Double> STATISTIC = within(1e-12);
    /** Relative agreement of p-values down to the smallest normal double. */
    static final double P_RELATIVE = 1e-9;
    /** Other continuous statistics (chi-square, PSI, distances, rates): relative. */
    static final double RELATIVE = 1e-12;

    private Tolerance() {
    }

    /**
     * Relative 1e-9 for every p-value scipy reports in the normal double range, including the
     * tiny ones (so never 0 where scipy is positive). Below the normal range (subnormal or 0 in
     * scipy, whose own subnormal values are partly underflowed) ours must be below it too.
     */
    static void assertPValue(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (expected >= Double.MIN_NORMAL) {
            assertThat(actual).as(what).isPositive().isCloseTo(expected, withinPercentage(P_RELATIVE * 100));
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
