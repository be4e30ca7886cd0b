package io.scorewatch.stats;

import org.apache.commons.math3.special.Beta;

/**
 * DeLong's test for two ROC curves of different samples (for instance the same model on two
 * periods), as R's pROC computes it with {@code roc.test(roc1, roc2, method = "delong",
 * paired = FALSE)}.
 *
 * <p>With the DeLong variances {@code V1} and {@code V2} of the two AUCs ({@link DeLongAuc}), the
 * statistic is {@code D = (AUC1 - AUC2) / sqrt(V1 + V2)}, compared, as pROC does, with a
 * Student t distribution with Welch-Satterthwaite degrees of freedom
 * {@code df = (V1 + V2)^2 / (V1^2 / (N1 - 1) + V2^2 / (N2 - 1))} (N the number of rows of each
 * sample); the two-sided p-value is {@code 2 * pt(-|D|, df)}. For large samples df is large and
 * this is the normal z test.
 *
 * @param firstAuc         the AUC of the first sample
 * @param secondAuc        the AUC of the second sample
 * @param statistic        D
 * @param degreesOfFreedom the Welch-Satterthwaite degrees of freedom
 * @param pValue           the two-sided p-value
 */
public record UnpairedDeLongTest(double firstAuc, double secondAuc, double statistic, double degreesOfFreedom,
        double pValue) {

    /** Compares the ROC curves of two samples. */
    public static UnpairedDeLongTest of(DeLongAuc first, DeLongAuc second) {
        double v1 = first.variance();
        double v2 = second.variance();
        long n1 = first.positives() + first.negatives();
        long n2 = second.positives() + second.negatives();
        double d = (first.auc() - second.auc()) / Math.sqrt(v1 + v2);
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        return new UnpairedDeLongTest(first.auc(), second.auc(), d, df, 2 * studentLowerTail(-Math.abs(d), df));
    }

    /** {@link #of(DeLongAuc, DeLongAuc)} from labels (0/1, 1 = positive) and scores of each sample. */
    public static UnpairedDeLongTest of(int[] firstLabels, double[] firstScores, int[] secondLabels,
            double[] secondScores) {
        return of(DeLongAuc.of(firstLabels, firstScores), DeLongAuc.of(secondLabels, secondScores));
    }

    /**
     * R's {@code pt(t, df)} for {@code t <= 0}: {@code I_{df / (df + t^2)}(df / 2, 1 / 2) / 2},
     * the regularized incomplete beta function, which keeps the relative precision of the tail.
     */
    static double studentLowerTail(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df)) {
            return Double.NaN;
        }
        if (t == 0.0) {
            return 0.5;
        }
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return 0.5 * Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }
}
