package io.scorewatch.stats;

/**
 * Binary confusion matrix (label 1 = positive, e.g. default) with the usual rates, computed as
 * scikit-learn computes them.
 *
 * <p>Undefined ratios follow sklearn's default {@code zero_division='warn'}, which returns 0.0:
 * precision is 0 when nothing is predicted positive, recall is 0 when there is no positive
 * label, and F1 is 0 when precision + recall is 0.
 *
 * @param trueNegatives  label 0, predicted 0
 * @param falsePositives label 0, predicted 1
 * @param falseNegatives label 1, predicted 0
 * @param truePositives  label 1, predicted 1
 */
public record ConfusionMatrix(long trueNegatives, long falsePositives, long falseNegatives, long truePositives) {

    public ConfusionMatrix {
        if (trueNegatives < 0 || falsePositives < 0 || falseNegatives < 0 || truePositives < 0) {
            throw new IllegalArgumentException("counts must be non-negative");
        }
    }

    /**
     * Predicts positive when {@code score >= threshold} (as {@code y_pred = y_proba >= t} in
     * numpy; a NaN score is therefore predicted negative).
     */
    public static ConfusionMatrix atThreshold(int[] labels, double[] scores, double threshold) {
        return atThreshold(BinaryLabels.toBoolean(labels), scores, threshold);
    }

    /** {@link #atThreshold(int[], double[], double)} with {@code true} for label 1. */
    public static ConfusionMatrix atThreshold(boolean[] labels, double[] scores, double threshold) {
        BinaryLabels.requireSameLength(labels.length, scores.length);
        boolean[] predicted = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            predicted[i] = scores[i] >= threshold;
        }
        return fromPredictions(labels, predicted);
    }

    /** From 0/1 predictions, as {@code sklearn.metrics.confusion_matrix(labels, predictions).ravel()}. */
    public static ConfusionMatrix fromPredictions(int[] labels, int[] predictions) {
        return fromPredictions(BinaryLabels.toBoolean(labels), BinaryLabels.toBoolean(predictions));
    }

    /** {@link #fromPredictions(int[], int[])} with {@code true} for class 1. */
    public static ConfusionMatrix fromPredictions(boolean[] labels, boolean[] predictions) {
        BinaryLabels.requireSameLength(labels.length, predictions.length);
        long tn = 0;
        long fp = 0;
        long fn = 0;
        long tp = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i]) {
                if (predictions[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predictions[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tn, fp, fn, tp);
    }

    /** Number of rows counted. */
    public long total() {
        return trueNegatives + falsePositives + falseNegatives + truePositives;
    }

    /** tp / (tp + fp), 0 when nothing is predicted positive. */
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** tp / (tp + fn), 0 when there is no positive label. */
    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** Harmonic mean of precision and recall, 0 when both are 0. */
    public double f1() {
        return f1(precision(), recall());
    }

    /** (tp + tn) / total, NaN for an empty matrix. */
    public double accuracy() {
        return (double) (truePositives + trueNegatives) / total();
    }

    /** sklearn's {@code _prf_divide} with zero_division 0. */
    static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    /** F-beta with beta = 1 as sklearn evaluates it: (1 + 1) * p * r / (p + r). */
    static double f1(double precision, double recall) {
        double denominator = precision + recall;
        if (denominator == 0.0) {
            denominator = 1;
        }
        return 2 * precision * recall / denominator;
    }
}
