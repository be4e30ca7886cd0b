package io.scorewatch.stats;

import org.apache.commons.math3.special.Beta;

/**
 * The Jeffreys test of a grade's PD, as in the ECB's instructions for reporting the validation
 * results of internal models (IRB, predictive ability of PD): with the Jeffreys prior
 * Beta(1/2, 1/2), the posterior of the grade's default rate after {@code D} defaults among
 * {@code N} clients is Beta(D + 1/2, N - D + 1/2), and the one-sided p-value is that posterior's
 * distribution function at the grade's PD,
 * {@code p = scipy.stats.beta.cdf(pd, D + 1/2, N - D + 1/2)}.
 *
 * <p>H0: the PD is not underestimated. A small p means more defaults than the PD predicts.
 *
 * <p>The distribution function is the regularized incomplete beta function
 * {@code I_pd(D + 1/2, N - D + 1/2)}. A grade without clients has no p-value (NaN).
 *
 * @param grade  the grade tested
 * @param pValue the one-sided p-value in [0, 1], NaN for an empty grade
 */
public record JeffreysTest(GradeOutcome grade, double pValue) {

    /** Tests one grade. */
    public static JeffreysTest of(GradeOutcome grade) {
        return new JeffreysTest(grade, pValue(grade.count(), grade.defaults(), grade.pd()));
    }

    /** Tests {@code defaults} defaults among {@code count} clients against {@code pd}. */
    public static JeffreysTest of(long count, long defaults, double pd) {
        return of(new GradeOutcome(count, defaults, pd));
    }

    private static double pValue(long n, long d, double pd) {
        if (n == 0) {
            return Double.NaN;
        }
        if (pd == 0.0) {
            return 0.0;
        }
        if (pd == 1.0) {
            return 1.0;
        }
        return Beta.regularizedBeta(pd, d + 0.5, n - d + 0.5);
    }
}
