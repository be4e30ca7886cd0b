package io.scorewatch.stats;

/** Scores split by true class, each part sorted ascending. */
record ScoresByClass(double[] positives, double[] negatives) {

    static ScoresByClass split(boolean[] labels, double[] scores) {
        BinaryLabels.requireSameLength(labels.length, scores.length);
        BinaryLabels.requireNoNaN(scores);
        int positiveCount = 0;
        for (boolean positive : labels) {
            if (positive) {
                positiveCount++;
            }
        }
        double[] positives = new double[positiveCount];
        double[] negatives = new double[labels.length - positiveCount];
        int p = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i]) {
                positives[p++] = scores[i];
            } else {
                negatives[n++] = scores[i];
            }
        }
        DoubleSort.sort(positives);
        DoubleSort.sort(negatives);
        return new ScoresByClass(positives, negatives);
    }
}
