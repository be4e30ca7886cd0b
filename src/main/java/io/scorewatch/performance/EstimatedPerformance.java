package io.scorewatch.performance;

import io.scorewatch.stats.ConfidenceBasedEstimate;

/**
 * Performance estimated from the probabilities alone, before the outcomes are known
 * (confidence-based estimation): the expected confusion matrix at the decision threshold with
 * (calibrated) probabilities as the chance of a default, and from it precision, recall, F1, the
 * business cost and ROC-AUC, each with a band of +/- k standard errors (the spread of the
 * realised value if the outcomes follow the calibrated probabilities). It assumes the
 * relation between scores and outcomes is the reference's: concept drift (the same scores,
 * more defaults) is invisible to it until labels arrive.
 *
 * @param predictions                 predictions of the window the estimate is over
 * @param calibration                 how the probabilities were judged and calibrated
 * @param estimatedRocAuc             expected ROC AUC; null with one expected class only
 * @param estimatedPrecision          expected TP / decided positive; null when nothing is decided positive
 * @param estimatedRecall             expected TP / expected defaults
 * @param estimatedF1                 2 TP / (2 TP + FP + FN), expected counts
 * @param estimatedBusinessCost       expected FN * cost FN + FP * cost FP
 * @param estimatedConfusionMatrix    expected counts
 * @param bands                       standard error and band of each estimate
 */
public record EstimatedPerformance(long predictions, Calibration calibration, Double estimatedRocAuc,
        Double estimatedPrecision, Double estimatedRecall, Double estimatedF1, Double estimatedBusinessCost,
        ExpectedCounts estimatedConfusionMatrix, Bands bands) {

    /**
     * @param referenceId      the reference dataset it was judged on
     * @param referenceRows    reference rows with a probability
     * @param eceRaw           expected calibration error of the raw probabilities on the reference
     * @param eceCalibrated    the same after isotonic calibration, out of sample (two folds)
     * @param isotonicApplied  whether production probabilities are calibrated before estimating
     * @param note             the verdict in words
     */
    public record Calibration(Long referenceId, long referenceRows, Double eceRaw, Double eceCalibrated,
            boolean isotonicApplied, String note) {
    }

    /** Expected confusion counts (fractions: sums of probabilities). */
    public record ExpectedCounts(double tn, double fp, double fn, double tp) {
    }

    /** A band: the estimate +/- k standard errors, clipped to the metric's range. */
    public record Band(Double standardError, Double lower, Double upper) {
    }

    public record Bands(Band estimatedRocAuc, Band estimatedPrecision, Band estimatedRecall, Band estimatedF1,
            Band estimatedBusinessCost) {
    }

    static EstimatedPerformance of(ConfidenceBasedEstimate e, Calibration calibration, double k) {
        return new EstimatedPerformance(e.rows(), calibration, finite(e.rocAuc()), finite(e.precision()),
                finite(e.recall()), finite(e.f1()), e.rows() == 0 ? null : finite(e.businessCost()),
                new ExpectedCounts(e.trueNegatives(), e.falsePositives(), e.falseNegatives(), e.truePositives()),
                new Bands(band(e.rocAuc(), e.rocAucStandardError(), k, 0, 1),
                        band(e.precision(), e.precisionStandardError(), k, 0, 1),
                        band(e.recall(), e.recallStandardError(), k, 0, 1),
                        band(e.f1(), e.f1StandardError(), k, 0, 1),
                        band(e.businessCost(), e.businessCostStandardError(), k, 0, Double.POSITIVE_INFINITY)));
    }

    private static Band band(double value, double se, double k, double min, double max) {
        if (!Double.isFinite(value) || !Double.isFinite(se)) {
            return new Band(finite(se), null, null);
        }
        return new Band(se, Math.max(min, value - k * se), Math.min(max, value + k * se));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
