package io.scorewatch.stats;

/**
 * Running sum with Neumaier's compensation: the error stays at a few ulps regardless of the
 * number of terms, so long sums agree with numpy's pairwise summation to ~1e-15 relative.
 */
final class CompensatedSum {

    private double sum;
    private double compensation;

    void add(double x) {
        double t = sum + x;
        if (Math.abs(sum) >= Math.abs(x)) {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }

    double value() {
        return sum + compensation;
    }
}
