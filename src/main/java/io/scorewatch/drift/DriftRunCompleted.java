package io.scorewatch.drift;

/**
 * Published after every drift run, for alerting and retraining.
 *
 * @param model                  the model
 * @param runId                  the stored run
 * @param driftedFeatures        number of drifted features (the monitoring guide's {@code num_drifted_features})
 * @param driftShare             drifted features / reference features
 * @param predictionDriftPValue  KS p-value of the probabilities (NaN when undefined)
 * @param predictionDrifted      whether prediction drift was detected
 * @param targetDriftPValue      chi-square p-value of the labels (NaN when the window has no labels)
 * @param targetDrifted          whether target drift was detected
 */
public record DriftRunCompleted(String model, long runId, int driftedFeatures, double driftShare,
        double predictionDriftPValue, boolean predictionDrifted, double targetDriftPValue, boolean targetDrifted) {
}
