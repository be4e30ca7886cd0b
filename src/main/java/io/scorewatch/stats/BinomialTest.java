package io.scorewatch.stats;

import org.apache.commons.math3.special.Beta;

/**
 * The exact one-sided binomial test of a grade's PD: {@code p = P(X >= D)} for
 * {@code X ~ Binomial(N, PD)}, as
 * {@code scipy.stats.binomtest(D, N, PD, alternative='greater').pvalue}.
 *
 * <p>H0: the PD is not underestimated. A small p means more defaults than the PD predicts.
 *
 * <p>For {@code D >= 1} the tail is the regularized incomplete beta function
 * {@code I_pd(D, N - D + 1)}, which keeps its relative precision far into the tail (no
 * {@code 1 - cdf}); for {@code D = 0} it is 1. A grade without clients has no p-value (NaN;
 * scipy requires {@code N >= 1}).
 *
 * @param grade  the grade tested
 * @param pValue the one-sided p-value in [0, 1], NaN for an empty grade
 */
public record BinomialTest(GradeOutcome grade, double pValue) {

    /** Tests one grade. */
    public static BinomialTest of(GradeOutcome grade) {
        return new BinomialTest(grade, pValue(grade.count(), grade.defaults(), grade.pd()));
    }

    /** Tests {@code defaults} defaults among {@code count} clients against {@code pd}. */
    public static BinomialTest of(long count, long defaults, double pd) {
        return of(new GradeOutcome(count, defaults, pd));
    }

    private static double pValue(long n, long d, double pd) {
        if (n == 0) {
            return Double.NaN;
        }
        if (d == 0 || pd == 1.0) {
            return 1.0;
        }
        if (pd == 0.0) {
            return 0.0;
        }
        return Beta.regularizedBeta(pd, d, n - d + 1.0);
    }
}
