package io.scorewatch.stats;

/**
 * Expected calibration error of probabilities against 0/1 outcomes: the probabilities are cut
 * into equal-width bins over [0, 1] (the last bin includes 1), and
 * {@code ECE = sum over bins of (n_bin / n) * |mean(p in bin) - mean(y in bin)|}.
 *
 * @param value the error; NaN without data
 * @param bins  the number of bins
 */
public record ExpectedCalibrationError(double value, int bins) {

    public static ExpectedCalibrationError of(double[] probabilities, int[] labels, int bins) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("need one label per probability");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("need at least one bin");
        }
        int n = probabilities.length;
        if (n == 0) {
            return new ExpectedCalibrationError(Double.NaN, bins);
        }
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        long[] count = new long[bins];
        for (int i = 0; i < n; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(probabilities[i] * bins));
            b = Math.max(0, b);
            sumP[b] += probabilities[i];
            sumY[b] += labels[i];
            count[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(sumP[b] - sumY[b]) / n;
            }
        }
        return new ExpectedCalibrationError(ece, bins);
    }
}
