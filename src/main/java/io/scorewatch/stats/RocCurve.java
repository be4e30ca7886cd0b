package io.scorewatch.stats;

import java.util.Arrays;

/**
 * The ROC curve of a score: the points (false-positive rate, true-positive rate) at every
 * distinct threshold, equal to {@code sklearn.metrics.roc_curve(labels, scores,
 * drop_intermediate=False)}.
 *
 * <p>A row is predicted positive when its score is at or above the threshold. The first vertex is
 * (0, 0) at threshold +Infinity (scikit-learn 1.3 on writes {@code inf}; older versions the
 * highest score plus one); then one vertex per distinct score, from the highest down, the last
 * being (1, 1) at the lowest score. Tied scores move the curve along a diagonal, as the AUC's
 * one-half for ties does. The rates are integer counts divided by the class sizes, computed once
 * from each class's sorted scores: O(n log n).
 *
 * <p>The curve needs both classes; {@link #thinned(int)} reduces it to a bounded number of points
 * for display.
 */
public final class RocCurve {

    private final double[] falsePositiveRates;
    private final double[] truePositiveRates;
    private final double[] thresholds;
    private final long positives;
    private final long negatives;

    private RocCurve(double[] falsePositiveRates, double[] truePositiveRates, double[] thresholds, long positives,
            long negatives) {
        this.falsePositiveRates = falsePositiveRates;
        this.truePositiveRates = truePositiveRates;
        this.thresholds = thresholds;
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * @param labels 0/1 true classes (1 = positive, e.g. default); both classes must be present
     * @param scores scores, higher meaning more likely positive; NaN is rejected
     */
    public static RocCurve of(int[] labels, double[] scores) {
        return of(BinaryLabels.toBoolean(labels), scores);
    }

    /** {@link #of(int[], double[])} with {@code true} for label 1. */
    public static RocCurve of(boolean[] labels, double[] scores) {
        ScoresByClass split = ScoresByClass.split(labels, scores);
        double[] pos = split.positives();
        double[] neg = split.negatives();
        if (pos.length == 0 || neg.length == 0) {
            throw new IllegalArgumentException("a ROC curve needs both classes: " + pos.length + " positives, "
                    + neg.length + " negatives");
        }
        int capacity = pos.length + neg.length + 1;
        double[] fpr = new double[capacity];
        double[] tpr = new double[capacity];
        double[] threshold = new double[capacity];
        threshold[0] = Double.POSITIVE_INFINITY;
        int size = 1;
        int i = pos.length - 1;
        int j = neg.length - 1;
        long truePositives = 0;
        long falsePositives = 0;
        while (i >= 0 || j >= 0) {
            double t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
            while (i >= 0 && pos[i] == t) {
                truePositives++;
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                falsePositives++;
                j--;
            }
            fpr[size] = (double) falsePositives / neg.length;
            tpr[size] = (double) truePositives / pos.length;
            threshold[size] = t;
            size++;
        }
        return new RocCurve(Arrays.copyOf(fpr, size), Arrays.copyOf(tpr, size), Arrays.copyOf(threshold, size),
                pos.length, neg.length);
    }

    /** The false-positive rates of the vertices, from 0 to 1, non-decreasing. */
    public double[] falsePositiveRates() {
        return falsePositiveRates.clone();
    }

    /** The true-positive rates of the vertices, from 0 to 1, non-decreasing. */
    public double[] truePositiveRates() {
        return truePositiveRates.clone();
    }

    /**
     * The thresholds of the vertices, decreasing: +Infinity for (0, 0), then each distinct score.
     * A curve from {@link #thinned(int)} keeps the thresholds of the vertices it keeps.
     */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** The number of points. */
    public int size() {
        return falsePositiveRates.length;
    }

    /** Rows labelled 1. */
    public long positives() {
        return positives;
    }

    /** Rows labelled 0. */
    public long negatives() {
        return negatives;
    }

    /**
     * The trapezoidal area under the points. On the full curve it equals the AUC ({@link RocAuc},
     * ties counting one half) up to rounding.
     */
    public double area() {
        CompensatedSum sum = new CompensatedSum();
        for (int k = 1; k < falsePositiveRates.length; k++) {
            sum.add((falsePositiveRates[k] - falsePositiveRates[k - 1])
                    * (truePositiveRates[k] + truePositiveRates[k - 1]) / 2);
        }
        return sum.value();
    }

    /**
     * The curve reduced to at most {@code maxPoints} of its vertices, for display.
     *
     * <p>Rule: the position of a vertex along the curve is s = FPR + TPR (its L1 arc length from
     * (0, 0), which runs from 0 to 2 and grows strictly from vertex to vertex). The corners (0, 0)
     * and (1, 1) are always kept; walking from (0, 0), a vertex is kept when its s is at least
     * d = 2 / (maxPoints - 1) past the last kept vertex. Kept vertices other than (1, 1) lie at
     * least d apart in [0, 2), so there are at most maxPoints - 1 of them. A curve with at most
     * {@code maxPoints} vertices is returned whole. Between two kept vertices the exact curve is
     * replaced by the chord; because every skipped vertex lies less than d along the curve from
     * the kept one before it, the chord's area differs from the exact area under that stretch by
     * less than d times half the stretch's length, and in total
     * |{@code thinned(m).area()} - AUC| &lt; 2 / (m - 1) (see {@link #areaBound(int)}).
     *
     * @param maxPoints at least 2 (2 keeps the corners only)
     */
    public RocCurve thinned(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a thinned ROC curve keeps at least its two corners, got " + maxPoints);
        }
        int n = falsePositiveRates.length;
        if (n <= maxPoints) {
            return this;
        }
        double step = 2.0 / (maxPoints - 1);
        int[] kept = new int[maxPoints];
        int size = 0;
        kept[size++] = 0;
        double last = 0;
        for (int k = 1; k < n - 1; k++) {
            double s = falsePositiveRates[k] + truePositiveRates[k];
            if (s - last >= step && size < maxPoints - 1) {
                kept[size++] = k;
                last = s;
            }
        }
        kept[size++] = n - 1;
        double[] fpr = new double[size];
        double[] tpr = new double[size];
        double[] threshold = new double[size];
        for (int k = 0; k < size; k++) {
            fpr[k] = falsePositiveRates[kept[k]];
            tpr[k] = truePositiveRates[kept[k]];
            threshold[k] = thresholds[kept[k]];
        }
        return new RocCurve(fpr, tpr, threshold, positives, negatives);
    }

    /**
     * The bound on the area error of {@link #thinned(int)}: the trapezoidal area of a curve thinned
     * to {@code maxPoints} lies strictly within 2 / (maxPoints - 1) of the exact AUC.
     */
    public static double areaBound(int maxPoints) {
        return 2.0 / (maxPoints - 1);
    }
}
