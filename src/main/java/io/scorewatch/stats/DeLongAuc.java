package io.scorewatch.stats;

/**
 * The area under the ROC curve with its DeLong variance (DeLong, DeLong & Clarke-Pearson,
 * Biometrics 44, 1988), as R's pROC computes them: {@code auc(roc)} and
 * {@code var(roc, method = "delong")} for {@code roc(labels, scores, levels = c(0, 1),
 * direction = "<")}.
 *
 * <p>The variance is {@code var(V10) / m + var(V01) / n}: the sample variances (denominator
 * count - 1) of the placement values of the m positives and the n negatives
 * ({@link DeLongPlacements}), computed in O(n log n) after Sun & Xu (2014). Tied scores count one
 * half, as in pROC and {@link RocAuc}; the AUC equals {@code RocAuc.of(labels, scores).value()}.
 *
 * <p>With one class missing the AUC and the variance are NaN; with a single positive or a
 * single negative the variance is NaN (R's {@code var} of one value is NA).
 *
 * @param auc       the AUC in [0, 1], NaN when a class is missing
 * @param variance  the DeLong variance of the AUC
 * @param positives number of rows labelled 1 (cases, defaults)
 * @param negatives number of rows labelled 0 (controls)
 */
public record DeLongAuc(double auc, double variance, long positives, long negatives) {

    /**
     * @param labels 0/1 true classes (1 = positive, e.g. default)
     * @param scores scores, higher meaning more likely positive; NaN is rejected
     */
    public static DeLongAuc of(int[] labels, double[] scores) {
        return of(BinaryLabels.toBoolean(labels), scores);
    }

    /** {@link #of(int[], double[])} with {@code true} for label 1. */
    public static DeLongAuc of(boolean[] labels, double[] scores) {
        return of(DeLongPlacements.of(labels, scores));
    }

    static DeLongAuc of(DeLongPlacements placements) {
        double auc = placements.auc();
        double variance = Double.isNaN(auc) ? Double.NaN : placements.variance();
        return new DeLongAuc(auc, variance, placements.positives(), placements.negatives());
    }

    /** The standard error, {@code sqrt(variance)}. */
    public double standardError() {
        return Math.sqrt(variance);
    }

    /** The Gini coefficient {@code 2 AUC - 1}. */
    public Gini gini() {
        return new Gini(2 * auc - 1);
    }
}
