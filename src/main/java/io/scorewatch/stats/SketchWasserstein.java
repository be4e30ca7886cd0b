package io.scorewatch.stats;

/**
 * The Wasserstein-1 distance between a sorted sample known exactly and a sample known through a
 * quantile sketch: the area between the exact CDF and the sketch's step CDF. The sketch's CDF is
 * within its rank error {@code e} of the true one at every point, so the distance is within
 * {@code e} times the span of the two samples' values of the exact one: an approximation, with
 * no guarantee beyond that.
 */
public final class SketchWasserstein {

    private SketchWasserstein() {
    }

    /** The distance and the reference's standard deviation; NaN distance when either side is empty. */
    public static Wasserstein between(SortedSample reference, QuantileSketch sample) {
        QuantileSketch.Steps steps = sample.steps();
        int n = reference.size();
        if (n == 0 || steps.count() == 0) {
            return new Wasserstein(Double.NaN, reference.standardDeviation());
        }
        double[] x = steps.items();
        long[] w = steps.cumulativeWeights();
        double nb = steps.count();
        int i = 0;
        int j = 0;
        double sum = 0;
        double previous = Double.NaN;
        double gap = 0;
        while (i < n || j < x.length) {
            double v = j >= x.length || i < n && reference.get(i) <= x[j] ? reference.get(i) : x[j];
            if (!Double.isNaN(previous)) {
                sum += gap * (v - previous);
            }
            while (i < n && reference.get(i) <= v) {
                i++;
            }
            while (j < x.length && x[j] <= v) {
                j++;
            }
            double fa = (double) i / n;
            double fb = j == 0 ? 0 : w[j - 1] / nb;
            gap = Math.abs(fa - fb);
            previous = v;
        }
        return new Wasserstein(sum, reference.standardDeviation());
    }
}
