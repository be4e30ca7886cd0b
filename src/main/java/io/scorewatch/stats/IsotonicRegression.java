package io.scorewatch.stats;

import java.util.Arrays;

/**
 * Increasing isotonic regression by pool-adjacent-violators, as scikit-learn's
 * {@code IsotonicRegression(increasing=True, out_of_bounds='clip')}: x values closer than
 * {@value #RESOLUTION} to the first of their group are pooled first (weighted mean of y, the
 * group at its first x), as scikit-learn's {@code _make_unique} does with
 * {@code numpy.finfo(float64).resolution}; the fit is the weighted least-squares non-decreasing step
 * function, and a new x is predicted by linear interpolation between the fitted points,
 * clipped to the fitted range. Used to calibrate probabilities on a reference dataset.
 */
public final class IsotonicRegression {

    /** Inputs closer than this to the first of a group are one input ({@code numpy.finfo(float64).resolution}). */
    static final double RESOLUTION = 1e-15;

    private final double[] x;
    private final double[] y;

    private IsotonicRegression(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * Fits y on x (unit weights).
     *
     * @param xs the inputs, any order, finite
     * @param ys the targets, same length
     */
    public static IsotonicRegression fit(double[] xs, double[] ys) {
        int n = xs.length;
        if (n == 0 || ys.length != n) {
            throw new IllegalArgumentException("need as many targets as inputs, at least one");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
        // pool x closer than the resolution to the group's first: weighted mean of y
        double[] ux = new double[n];
        double[] uy = new double[n];
        double[] uw = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && !(xs[i] - ux[m - 1] >= RESOLUTION)) {
                uy[m - 1] += ys[i];
                uw[m - 1] += 1;
            } else {
                ux[m] = xs[i];
                uy[m] = ys[i];
                uw[m] = 1;
                m++;
            }
        }
        for (int i = 0; i < m; i++) {
            uy[i] /= uw[i];
        }
        // pool adjacent violators over blocks
        double[] blockValue = new double[m];
        double[] blockWeight = new double[m];
        int[] blockEnd = new int[m];
        int blocks = 0;
        for (int i = 0; i < m; i++) {
            blockValue[blocks] = uy[i];
            blockWeight[blocks] = uw[i];
            blockEnd[blocks] = i;
            blocks++;
            while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
                double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
                blockValue[blocks - 2] = (blockValue[blocks - 2] * blockWeight[blocks - 2]
                        + blockValue[blocks - 1] * blockWeight[blocks - 1]) / w;
                blockWeight[blocks - 2] = w;
                blockEnd[blocks - 2] = blockEnd[blocks - 1];
                blocks--;
            }
        }
        double[] fitted = new double[m];
        for (int b = 0, start = 0; b < blocks; b++) {
            for (int i = start; i <= blockEnd[b]; i++) {
                fitted[i] = blockValue[b];
            }
            start = blockEnd[b] + 1;
        }
        return new IsotonicRegression(Arrays.copyOf(ux, m), fitted);
    }

    /** The calibrated value of x: interpolated between fitted points, clipped to their range. */
    public double predict(double value) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        if (value <= x[0]) {
            return y[0];
        }
        int last = x.length - 1;
        if (value >= x[last]) {
            return y[last];
        }
        int i = Arrays.binarySearch(x, value);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (value - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    public double[] predict(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = predict(values[i]);
        }
        return out;
    }

    /** Number of distinct inputs the fit holds. */
    public int points() {
        return x.length;
    }
}
