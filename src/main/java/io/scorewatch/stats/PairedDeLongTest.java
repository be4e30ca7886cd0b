package io.scorewatch.stats;

/**
 * DeLong's test for two correlated ROC curves: two models scoring the same clients (DeLong,
 * DeLong & Clarke-Pearson, Biometrics 44, 1988), as R's pROC computes it with
 * {@code roc.test(roc1, roc2, method = "delong", paired = TRUE)}.
 *
 * <p>With the placement values of both curves over the same positives and negatives
 * ({@link DeLongPlacements}), {@code S = S10 / m + S01 / n} is the 2 x 2 covariance matrix of
 * the two AUCs (sample covariances, denominator count - 1), and
 * {@code z = (AUC1 - AUC2) / sqrt(S11 + S22 - 2 S12)}; the two-sided p-value is
 * {@code 2 Phi(-|z|)}. As pROC, a zero difference with zero variance gives {@code z = 0}.
 *
 * @param firstAuc  the AUC of the first model
 * @param secondAuc the AUC of the second model
 * @param z         the test statistic
 * @param pValue    the two-sided p-value
 */
public record PairedDeLongTest(double firstAuc, double secondAuc, double z, double pValue) {

    /**
     * Compares two models' scores of the same clients.
     *
     * @param labels 0/1 true classes (1 = positive, e.g. default), shared by both models
     * @throws IllegalArgumentException for arrays of different lengths, labels other than 0/1 or NaN scores
     */
    public static PairedDeLongTest of(int[] labels, double[] firstScores, double[] secondScores) {
        return of(BinaryLabels.toBoolean(labels), firstScores, secondScores);
    }

    /** {@link #of(int[], double[], double[])} with {@code true} for label 1. */
    public static PairedDeLongTest of(boolean[] labels, double[] firstScores, double[] secondScores) {
        BinaryLabels.requireSameLength(firstScores.length, secondScores.length);
        DeLongPlacements first = DeLongPlacements.of(labels, firstScores);
        DeLongPlacements second = DeLongPlacements.of(labels, secondScores);
        int m = first.positives();
        int n = first.negatives();
        double s11 = first.positiveCovariance(first) / m + first.negativeCovariance(first) / n;
        double s22 = second.positiveCovariance(second) / m + second.negativeCovariance(second) / n;
        double s12 = first.positiveCovariance(second) / m + first.negativeCovariance(second) / n;
        double sigma = Math.sqrt(s11 + s22 - 2 * s12);
        double difference = first.auc() - second.auc();
        double z = difference / sigma;
        if (Double.isNaN(z) && difference == 0.0 && sigma == 0.0) {
            z = 0.0;
        }
        return new PairedDeLongTest(first.auc(), second.auc(), z, 2 * StandardNormal.cdf(-Math.abs(z)));
    }
}
