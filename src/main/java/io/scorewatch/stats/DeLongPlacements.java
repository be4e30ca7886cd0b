package io.scorewatch.stats;

/**
 * The DeLong placement values of a ROC curve (DeLong, DeLong & Clarke-Pearson, Biometrics 44,
 * 1988), the structural components behind {@link DeLongAuc} and the DeLong tests.
 *
 * <p>For a positive (case, label 1) with score {@code x} the placement is the share of negatives
 * scored below it, a tied negative counting one half: {@code V10(x) = (#neg < x + #neg == x / 2)
 * / n}. For a negative with score {@code y} it is the share of positives scored above it, ties
 * one half: {@code V01(y) = (#pos > y + #pos == y / 2) / m}. The AUC is the mean of either. This
 * is the 0.5 weight of ties of pROC's {@code delongPlacements}.
 *
 * <p>The computation follows Sun & Xu (IEEE Signal Processing Letters 21, 2014): the placement of
 * a positive is its midrank among all scores minus its midrank among the positives, divided by
 * n, which equals the count of negatives below it plus half the tied ones. Those counts come from
 * a binary search in each class's sorted scores, in exact integer arithmetic, O(n log n) in all.
 * Placements keep the order of the input rows, so that two models scoring the same clients can
 * be paired.
 *
 * @param positive twice n times each positive's placement, i.e. {@code 2 #neg < x + #neg == x}, in input order
 * @param negative twice m times each negative's placement, i.e. {@code 2 #pos > y + #pos == y}, in input order
 * @param twiceU   the sum of {@code positive}: twice the Mann-Whitney U, {@code 2 m n AUC}
 */
record DeLongPlacements(long[] positive, long[] negative, long twiceU) {

    static DeLongPlacements of(boolean[] labels, double[] scores) {
        ScoresByClass split = ScoresByClass.split(labels, scores);
        double[] pos = split.positives();
        double[] neg = split.negatives();
        long[] positive = new long[pos.length];
        long[] negative = new long[neg.length];
        long twiceU = 0;
        int p = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            double s = scores[i];
            if (labels[i]) {
                long twice = countBelow(neg, s) + countAtMost(neg, s);
                positive[p++] = twice;
                twiceU += twice;
            } else {
                negative[n++] = 2L * pos.length - countBelow(pos, s) - countAtMost(pos, s);
            }
        }
        return new DeLongPlacements(positive, negative, twiceU);
    }

    int positives() {
        return positive.length;
    }

    int negatives() {
        return negative.length;
    }

    /** The AUC, NaN when a class is missing. */
    double auc() {
        if (positive.length == 0 || negative.length == 0) {
            return Double.NaN;
        }
        return twiceU / (2.0 * positive.length * negative.length);
    }

    /**
     * The sample covariance (denominator count - 1, as R's {@code var}) of the positives'
     * placements of this curve and another over the same rows; NaN with fewer than two positives.
     */
    double positiveCovariance(DeLongPlacements other) {
        return covariance(positive, twiceU, negative.length, other.positive, other.twiceU, other.negative.length);
    }

    /** The same for the negatives' placements. */
    double negativeCovariance(DeLongPlacements other) {
        return covariance(negative, twiceU, positive.length, other.negative, other.twiceU, other.positive.length);
    }

    /** pROC's {@code var(roc, method = "delong")}: {@code var(V10) / m + var(V01) / n}. */
    double variance() {
        return positiveCovariance(this) / positive.length + negativeCovariance(this) / negative.length;
    }

    /**
     * The sample covariance of two placement vectors given as twice-counts: placement
     * {@code k / (2 * other)}, with mean {@code twiceU / (2 m n)}. Each deviation
     * {@code (count * k - twiceU) / (2 m n)} is exact in integers before the one rounding.
     */
    private static double covariance(long[] a, long twiceUa, int otherA, long[] b, long twiceUb, int otherB) {
        int count = a.length;
        if (count < 2 || otherA == 0 || otherB == 0) {
            return Double.NaN;
        }
        double scaleA = 2.0 * count * otherA;
        double scaleB = 2.0 * count * otherB;
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < count; i++) {
            double da = (count * a[i] - twiceUa) / scaleA;
            double db = (count * b[i] - twiceUb) / scaleB;
            sum.add(da * db);
        }
        return sum.value() / (count - 1);
    }

    private static int countBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int countAtMost(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
