package io.scorewatch.stats;

/**
 * Area under the ROC curve, equal to {@code sklearn.metrics.roc_auc_score(labels, scores)}.
 *
 * <p>Computed as the Mann-Whitney statistic: the probability that a random positive scores
 * higher than a random negative, tied pairs counting one half (the same as sklearn's
 * trapezoidal area, which joins tied scores with a diagonal). Counting is done in exact integer
 * arithmetic after sorting each class, O(n log n).
 *
 * <p>When only one class is present the AUC is undefined (sklearn raises an error): the value
 * is NaN and {@link #isDefined()} is false.
 *
 * @param value     the AUC in [0, 1], or NaN when undefined
 * @param positives number of rows labelled 1
 * @param negatives number of rows labelled 0
 */
public record RocAuc(double value, long positives, long negatives) {

    /**
     * @param labels 0/1 true classes (1 = positive)
     * @param scores scores, higher meaning more likely positive; NaN is rejected
     */
    public static RocAuc of(int[] labels, double[] scores) {
        return of(BinaryLabels.toBoolean(labels), scores);
    }

    /** {@link #of(int[], double[])} with {@code true} for label 1. */
    public static RocAuc of(boolean[] labels, double[] scores) {
        return of(ScoresByClass.split(labels, scores));
    }

    static RocAuc of(ScoresByClass split) {
        double[] pos = split.positives();
        double[] neg = split.negatives();
        long p = pos.length;
        long n = neg.length;
        if (p == 0 || n == 0) {
            return new RocAuc(Double.NaN, p, n);
        }
        // twiceU = sum over positives of 2 * (#negatives below) + (#negatives tied)
        long twiceU = 0;
        int i = 0;
        int j = 0;
        while (i < pos.length) {
            double s = pos[i];
            int tiedPositives = 0;
            while (i < pos.length && pos[i] == s) {
                tiedPositives++;
                i++;
            }
            while (j < neg.length && neg[j] < s) {
                j++;
            }
            int below = j;
            int tiedNegatives = 0;
            while (j + tiedNegatives < neg.length && neg[j + tiedNegatives] == s) {
                tiedNegatives++;
            }
            twiceU += tiedPositives * (2L * below + tiedNegatives);
        }
        return new RocAuc(twiceU / (2.0 * p * n), p, n);
    }

    /** False when only one class was present. */
    public boolean isDefined() {
        return !Double.isNaN(value);
    }
}
