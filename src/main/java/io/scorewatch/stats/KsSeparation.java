package io.scorewatch.stats;

/**
 * Kolmogorov-Smirnov separation of a scorecard: the largest gap between the score CDFs of
 * defaulters (label 1) and non-defaulters (label 0), {@code max_s |F_1(s) - F_0(s)|}.
 *
 * <p>Equal to the statistic of {@code scipy.stats.ks_2samp(scores[y == 1], scores[y == 0])}
 * before any lattice snapping (what scipy reports with {@code method='asymp'}). NaN when only
 * one class is present.
 *
 * @param statistic the separation in [0, 1]
 * @param positives number of rows labelled 1
 * @param negatives number of rows labelled 0
 */
public record KsSeparation(double statistic, long positives, long negatives) {

    /**
     * @param labels 0/1 true classes (1 = default)
     * @param scores scores; NaN is rejected
     */
    public static KsSeparation of(int[] labels, double[] scores) {
        return of(BinaryLabels.toBoolean(labels), scores);
    }

    /** {@link #of(int[], double[])} with {@code true} for label 1. */
    public static KsSeparation of(boolean[] labels, double[] scores) {
        ScoresByClass split = ScoresByClass.split(labels, scores);
        double d = KolmogorovSmirnov.statistic(SortedSample.ofSorted(split.positives()),
                SortedSample.ofSorted(split.negatives()));
        return new KsSeparation(d, split.positives().length, split.negatives().length);
    }
}
