package io.scorewatch.stats;

/**
 * Brier score, {@code sklearn.metrics.brier_score_loss(labels, probabilities)}: the mean
 * squared difference between the predicted probability of class 1 and the 0/1 outcome.
 * Lower is better; 0 is perfect.
 *
 * @param value the score in [0, 1]
 */
public record BrierScore(double value) {

    /**
     * @throws IllegalArgumentException for labels other than 0/1, probabilities outside [0, 1]
     *                                  or NaN, different lengths, or empty input
     */
    public static BrierScore of(int[] labels, double[] probabilities) {
        return of(BinaryLabels.toBoolean(labels), probabilities);
    }

    /** {@link #of(int[], double[])} with {@code true} for label 1. */
    public static BrierScore of(boolean[] labels, double[] probabilities) {
        BinaryLabels.requireSameLength(labels.length, probabilities.length);
        if (labels.length == 0) {
            throw new IllegalArgumentException("no observations");
        }
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < labels.length; i++) {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1], got " + p + " at index " + i);
            }
            double d = (labels[i] ? 1.0 : 0.0) - p;
            sum.add(d * d);
        }
        return new BrierScore(sum.value() / labels.length);
    }
}
