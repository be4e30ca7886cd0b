package io.scorewatch.stats;

/** Validation shared by the classification metrics: labels are 0/1 and scores are numbers. */
final class BinaryLabels {

    private BinaryLabels() {
    }

    /** Converts 0/1 labels to booleans (1 = positive, e.g. default). */
    static boolean[] toBoolean(int[] labels) {
        boolean[] positive = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + label + " at index " + i);
            }
            positive[i] = label == 1;
        }
        return positive;
    }

    static void requireSameLength(int labels, int values) {
        if (labels != values) {
            throw new IllegalArgumentException("labels and values differ in length: " + labels + " vs " + values);
        }
    }

    static void requireNoNaN(double[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score is NaN at index " + i);
            }
        }
    }
}
