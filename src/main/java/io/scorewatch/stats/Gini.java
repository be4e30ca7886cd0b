package io.scorewatch.stats;

/**
 * Gini coefficient (accuracy ratio) of a scorecard: {@code 2 * AUC - 1}, in [-1, 1].
 * NaN when the AUC is undefined (one class only).
 *
 * @param value the Gini coefficient
 */
public record Gini(double value) {

    /** Gini of scores against 0/1 labels (1 = default). */
    public static Gini of(int[] labels, double[] scores) {
        return of(RocAuc.of(labels, scores));
    }

    /** Gini with {@code true} for label 1. */
    public static Gini of(boolean[] labels, double[] scores) {
        return of(RocAuc.of(labels, scores));
    }

    /** Gini from an already computed AUC. */
    public static Gini of(RocAuc auc) {
        return new Gini(2 * auc.value() - 1);
    }
}
