package io.scorewatch.performance;

/**
 * Percentiles of a sorted sample as {@code numpy.percentile(a, q)} with its default method
 * {@code 'linear'} (Hyndman and Fan's definition 7): the value at virtual index
 * {@code (n - 1) * q / 100}, interpolated linearly between its two neighbours, evaluated in the
 * same floating-point steps as numpy so that the results agree bit for bit.
 */
final class LinearPercentile {

    private LinearPercentile() {
    }

    /**
     * @param sorted  ascending values, no NaN
     * @param percent in [0, 100]
     * @return the percentile, NaN for an empty sample
     */
    static double of(double[] sorted, double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100], was " + percent);
        }
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double virtualIndex = (n - 1) * (percent / 100);
        if (virtualIndex >= n - 1) {
            return sorted[n - 1];
        }
        double below = Math.floor(virtualIndex);
        int i = (int) below;
        double a = sorted[i];
        double b = sorted[i + 1];
        double t = virtualIndex - below;
        double difference = b - a;
        // numpy's _lerp: from the nearer end, so that t = 1 gives exactly b
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }
}
