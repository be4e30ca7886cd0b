package io.scorewatch.performance;

import java.util.Arrays;

/**
 * Percentiles as {@code numpy.percentile(a, q)} with its default method {@code 'linear'}
 * (Hyndman and Fan's definition 7): the value at virtual index {@code (n - 1) * q / 100} of the
 * sorted sample, interpolated linearly between its two neighbours, evaluated in the same
 * floating-point steps as numpy so that the results agree bit for bit.
 *
 * <p>{@link #of(double[], double...)} needs no sorted input: it selects the few order statistics
 * it needs in linear expected time (quickselect, falling back to sorting a range that
 * partitions badly), which for a million latencies is several times faster than sorting them.
 */
final class LinearPercentile {

    /** Partition rounds before the range left is sorted instead: guards against quadratic inputs. */
    private static final int MAX_ROUNDS = 64;

    private LinearPercentile() {
    }

    /**
     * @param sorted  ascending values, no NaN
     * @param percent in [0, 100]
     * @return the percentile, NaN for an empty sample
     */
    static double ofSorted(double[] sorted, double percent) {
        requirePercent(percent);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double virtualIndex = (n - 1) * (percent / 100);
        if (virtualIndex >= n - 1) {
            return sorted[n - 1];
        }
        int i = (int) Math.floor(virtualIndex);
        return interpolate(sorted[i], sorted[i + 1], virtualIndex - i);
    }

    /**
     * The percentiles of values in any order, which are reordered in place.
     *
     * @param values   no NaN; reordered
     * @param percents each in [0, 100]
     * @return one percentile per requested percent, in the same order; NaN for an empty sample
     */
    static double[] of(double[] values, double... percents) {
        double[] result = new double[percents.length];
        Integer[] order = new Integer[percents.length];
        for (int p = 0; p < percents.length; p++) {
            requirePercent(percents[p]);
            order[p] = p;
        }
        int n = values.length;
        if (n == 0) {
            Arrays.fill(result, Double.NaN);
            return result;
        }
        // ascending percents: every later order statistic lies right of the one selected before
        Arrays.sort(order, (x, y) -> Double.compare(percents[x], percents[y]));
        int start = 0;
        for (int p : order) {
            double virtualIndex = (n - 1) * (percents[p] / 100);
            int i = virtualIndex >= n - 1 ? n - 1 : (int) Math.floor(virtualIndex);
            select(values, start, n - 1, i);
            start = i;
            if (virtualIndex >= n - 1) {
                result[p] = values[n - 1];
            } else {
                result[p] = interpolate(values[i], min(values, i + 1, n - 1), virtualIndex - i);
            }
        }
        return result;
    }

    /** numpy's {@code _lerp}: from the nearer end, so that t = 1 gives exactly b. */
    private static double interpolate(double a, double b, double t) {
        double difference = b - a;
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }

    /**
     * Reorders {@code v[lo..hi]} so that {@code v[k]} holds the value it would hold sorted,
     * nothing greater before it and nothing smaller after it.
     */
    private static void select(double[] v, int lo, int hi, int k) {
        int rounds = 0;
        while (hi > lo) {
            if (++rounds > MAX_ROUNDS) {
                Arrays.sort(v, lo, hi + 1);
                return;
            }
            double pivot = medianOfThree(v[lo], v[lo + (hi - lo) / 2], v[hi]);
            // three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                double x = v[i];
                if (x < pivot) {
                    v[i++] = v[lt];
                    v[lt++] = x;
                } else if (x > pivot) {
                    v[i] = v[gt];
                    v[gt--] = x;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static double min(double[] v, int from, int to) {
        double m = v[from];
        for (int i = from + 1; i <= to; i++) {
            if (v[i] < m) {
                m = v[i];
            }
        }
        return m;
    }

    private static void requirePercent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100], was " + percent);
        }
    }
}
