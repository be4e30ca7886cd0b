package io.scorewatch.stats;

/**
 * The two-sample Kolmogorov-Smirnov test when one sample or both are known only through a
 * quantile sketch. The statistic {@code D} is the largest gap between the two CDFs (a sketch's
 * CDF is its step function), and each sketch's CDF is within its rank error {@code e} of the
 * true one, so the true statistic is at least {@code D - e1 - e2}. The test decides on that
 * lower bound: drift only when {@code D - e1 - e2} exceeds the critical value of the exact KS
 * test at level alpha for the two sample sizes. It flags no more than the exact test would on
 * the same data (identical distributions stay undrifted) and still flags a shift larger than
 * the sketches' error. The p-value is the test's at the lower bound: an upper bound of the true
 * one.
 *
 * @param statistic     the gap between the two CDFs as the sketches give them
 * @param rankError     {@code e1 + e2}, the bound on how far the statistic may be off
 * @param adjusted      {@code max(0, statistic - rankError)}
 * @param criticalValue the exact test's critical value at alpha for sizes n and m
 * @param pValue        the p-value of the adjusted statistic
 * @param drifted       {@code adjusted > criticalValue}
 * @param n             the first sample's size
 * @param m             the second sample's size
 */
public record SketchKolmogorovSmirnov(double statistic, double rankError, double adjusted, double criticalValue,
        double pValue, boolean drifted, long n, long m) {

    /** A sorted sample known exactly (rank error 0) against a sketch. */
    public static SketchKolmogorovSmirnov test(SortedSample reference, QuantileSketch sample, double alpha) {
        double[] values = reference.values();
        int n = reference.size();
        long[] cumulative = new long[n];
        for (int i = 0; i < n; i++) {
            cumulative[i] = i + 1;
        }
        QuantileSketch.Steps exact = new QuantileSketch.Steps(java.util.Arrays.copyOf(values, n), cumulative, n);
        return decide(statistic(exact, sample.steps()), sample.rankError(), n, sample.count(), alpha);
    }

    /** Two sketches. */
    public static SketchKolmogorovSmirnov test(QuantileSketch first, QuantileSketch second, double alpha) {
        return decide(statistic(first.steps(), second.steps()), first.rankError() + second.rankError(),
                first.count(), second.count(), alpha);
    }

    /** The decision for a statistic whose two sides have rank errors summing to {@code rankError}. */
    static SketchKolmogorovSmirnov decide(double d, double rankError, long n, long m, double alpha) {
        if (n == 0 || m == 0) {
            return new SketchKolmogorovSmirnov(Double.NaN, rankError, Double.NaN, Double.NaN, Double.NaN, false, n, m);
        }
        double adjusted = Math.max(0, d - rankError);
        double critical = criticalValue(n, m, alpha);
        return new SketchKolmogorovSmirnov(d, rankError, adjusted, critical, pValue(adjusted, n, m),
                adjusted > critical, n, m);
    }

    /** The p-value of the two-sample statistic d for sizes n and m (exact up to scipy's exact size). */
    static double pValue(double d, long n, long m) {
        int n1 = (int) Math.min(n, Integer.MAX_VALUE);
        int n2 = (int) Math.min(m, Integer.MAX_VALUE);
        if (d <= 0) {
            return 1.0;
        }
        double p;
        if (Math.max(n1, n2) <= KolmogorovSmirnov.MAX_EXACT_SIZE) {
            TwoSampleKolmogorovExact.Attempt exact = TwoSampleKolmogorovExact.attempt(n1, n2, d);
            p = exact.success() ? exact.probability() : KolmogorovSmirnov.asymptoticPValue(d, n1, n2);
        } else {
            p = KolmogorovSmirnov.asymptoticPValue(d, n1, n2);
        }
        return Math.min(1.0, Math.max(0.0, p));
    }

    /** The smallest statistic whose p-value is below alpha, by bisection on [0, 1]. */
    static double criticalValue(long n, long m, double alpha) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (pValue(mid, n, m) < alpha) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The largest gap between two step CDFs, evaluated at every step of either. */
    static double statistic(QuantileSketch.Steps a, QuantileSketch.Steps b) {
        if (a.count() == 0 || b.count() == 0) {
            return Double.NaN;
        }
        double[] x = a.items();
        double[] y = b.items();
        long[] wx = a.cumulativeWeights();
        long[] wy = b.cumulativeWeights();
        double na = a.count();
        double nb = b.count();
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length || j < y.length) {
            double v = j >= y.length || i < x.length && x[i] <= y[j] ? x[i] : y[j];
            while (i < x.length && x[i] <= v) {
                i++;
            }
            while (j < y.length && y[j] <= v) {
                j++;
            }
            double fa = i == 0 ? 0 : wx[i - 1] / na;
            double fb = j == 0 ? 0 : wy[j - 1] / nb;
            d = Math.max(d, Math.abs(fa - fb));
        }
        return d;
    }
}
