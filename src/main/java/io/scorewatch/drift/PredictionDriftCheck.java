package io.scorewatch.drift;

/**
 * Prediction drift alone (the monitoring guide's detect_prediction_drift), for the daily job: KS of the
 * window's probabilities against the reference's, with the shift of their mean. A value that is
 * undefined is null.
 */
public record PredictionDriftCheck(long predictionCount, Double statistic, Double pValue, boolean drifted,
        double trainMean, Double prodMean, Double meanShift, Double pctShift) {
}
