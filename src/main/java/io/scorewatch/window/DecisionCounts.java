package io.scorewatch.window;

/**
 * How the predictions of a window split by decision (the stored 0/1 {@code prediction}, as
 * posted or derived from the threshold) and by known outcome.
 *
 * @param predictions    every prediction of the window, labelled or not
 * @param trueNegatives  decision 0, outcome 0
 * @param falsePositives decision 1, outcome 0
 * @param falseNegatives decision 0, outcome 1
 * @param truePositives  decision 1, outcome 1
 */
public record DecisionCounts(long predictions, long trueNegatives, long falsePositives, long falseNegatives,
        long truePositives) {

    /** Predictions whose outcome is known. */
    public long labeled() {
        return trueNegatives + falsePositives + falseNegatives + truePositives;
    }
}
