package io.scorewatch.stats;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution function, precise in both tails. */
final class StandardNormal {

    private static final double SQRT2 = Math.sqrt(2.0);

    private StandardNormal() {
    }

    /**
     * {@code Phi(z) = erfc(-z / sqrt 2) / 2} (R's {@code pnorm}): the complementary error
     * function keeps the relative precision of tiny lower-tail values, which
     * {@code (1 + erf(z / sqrt 2)) / 2} loses to cancellation. NaN stays NaN.
     */
    static double cdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return 0.5 * Erf.erfc(-z / SQRT2);
    }
}
