package io.scorewatch.stats;

import java.util.Arrays;

/**
 * A numeric sample sorted in ascending order with its NaN values set aside.
 *
 * <p>Sort a reference sample once with {@link #of(double[])} and reuse it for every drift run;
 * the statistics that accept a {@code SortedSample} never sort it again. NaN values are not part
 * of the sample: they are only counted ({@link #missing()}).
 *
 * <p>The array is held by reference. {@link #sortInPlace(double[])} and
 * {@link #ofSorted(double[])} do not copy, so the caller must not modify the array afterwards
 * (quantities that depend on the values only, such as the PSI deciles of a reference, are
 * computed once and kept).
 */
public final class SortedSample {

    private final double[] values;
    private final int size;
    private final int missing;
    /** Computed on first use and kept: a reference is compared with many windows. */
    private volatile Double standardDeviation;
    private volatile PsiBins psiBins;
    private volatile Distinct distinct;

    /**
     * The distinct values of a sample, ascending, with how many of its values are at most each.
     *
     * @param values      the distinct values
     * @param countAtMost for each distinct value, the number of the sample's values at most it
     */
    record Distinct(double[] values, int[] countAtMost) {
        /** Kept when a sample has more distinct values than that: the values themselves serve. */
        private static final Distinct NONE = new Distinct(new double[0], new int[0]);
    }

    /** A sample with at most one distinct value in this many values keeps them ({@link #distinct()}). */
    static final int DISTINCT_SHARE = 8;

    private SortedSample(double[] values, int size) {
        this.values = values;
        this.size = size;
        this.missing = values.length - size;
    }

    /** A sample kept as its distinct values only (see {@link #compacted()}). */
    private SortedSample(Distinct distinct, int size, int missing, double standardDeviation,
            PsiBins psiBins) {
        this.values = null;
        this.size = size;
        this.missing = missing;
        this.distinct = distinct;
        this.standardDeviation = standardDeviation;
        this.psiBins = psiBins;
    }

    /**
     * This sample, or, when it is tied ({@link #distinct()} is not null), the same sample kept as
     * its distinct values and their counts only, with its standard deviation and PSI bins
     * computed now from the values themselves: for a reference, which is kept for many runs and
     * walked by its distinct values, a fraction of the memory. {@link #values()} and
     * {@link #toArray()} then rebuild the values at each call.
     */
    public SortedSample compacted() {
        Distinct tied = distinct();
        if (tied == null || values == null) {
            return this;
        }
        return new SortedSample(tied, size, missing, standardDeviation(), psiBins());
    }

    /** True when the sample is kept as its distinct values only. */
    boolean isCompact() {
        return values == null;
    }

    /** Copies and sorts {@code values}; the caller's array is left untouched. */
    public static SortedSample of(double[] values) {
        return sortInPlace(values.clone());
    }

    /** Sorts the caller's array in place (no copy) and wraps it. */
    public static SortedSample sortInPlace(double[] values) {
        DoubleSort.sort(values); // NaNs go to the end
        return new SortedSample(values, nonNaNPrefix(values));
    }

    /**
     * Wraps an array that is already in ascending order (NaNs, if any, at the end, as
     * {@link Arrays#sort(double[])} leaves them). The order is verified in one linear pass.
     *
     * @throws IllegalArgumentException if the array is not sorted
     */
    public static SortedSample ofSorted(double[] sortedValues) {
        int size = nonNaNPrefix(sortedValues);
        for (int i = 0; i < size; i++) {
            if (Double.isNaN(sortedValues[i])) {
                throw new IllegalArgumentException("NaN values must come last, found one at index " + i);
            }
            if (i > 0 && sortedValues[i - 1] > sortedValues[i]) {
                throw new IllegalArgumentException("values are not sorted at index " + i);
            }
        }
        return new SortedSample(sortedValues, size);
    }

    /** Number of non-NaN values. */
    public int size() {
        return size;
    }

    /** Number of NaN values that were excluded. */
    public int missing() {
        return missing;
    }

    /** True when there is no non-NaN value. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The i-th smallest value, {@code 0 <= i < size()}. */
    public double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " out of [0, " + size + ")");
        }
        if (values == null) {
            // the first distinct value with more than i values at most it
            int[] upTo = distinct.countAtMost();
            int lo = 0;
            int hi = upTo.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (upTo[mid] > i) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return distinct.values()[lo];
        }
        return values[i];
    }

    /** A copy of the sorted non-NaN values. */
    public double[] toArray() {
        return values == null ? expanded() : Arrays.copyOf(values, size);
    }

    /** The backing array; only the first {@link #size()} entries are meaningful. */
    double[] values() {
        return values == null ? expanded() : values;
    }

    /** The values of a compact sample, rebuilt from its distinct values. */
    private double[] expanded() {
        double[] all = new double[size];
        int from = 0;
        for (int k = 0; k < distinct.values().length; k++) {
            int to = distinct.countAtMost()[k];
            Arrays.fill(all, from, to, distinct.values()[k]);
            from = to;
        }
        return all;
    }

    /** Population standard deviation (ddof = 0) of the values, NaN when empty; computed once. */
    double standardDeviation() {
        Double sd = standardDeviation;
        if (sd == null) {
            sd = Wasserstein.standardDeviation(this);
            standardDeviation = sd;
        }
        return sd;
    }

    /** The PSI bins with this sample as the reference; computed once. Not for an empty sample. */
    PsiBins psiBins() {
        PsiBins bins = psiBins;
        if (bins == null) {
            bins = PsiBins.compute(this);
            psiBins = bins;
        }
        return bins;
    }

    /**
     * The distinct values with their cumulative counts, when there are at most one in
     * {@value #DISTINCT_SHARE} values (a tied sample: amounts, ages, counts); else null.
     * Computed once ({@code -0.0} and {@code 0.0} are one value, as they compare equal).
     */
    Distinct distinct() {
        Distinct known = distinct;
        if (known == null) {
            known = distinctOf(values, size);
            distinct = known;
        }
        return known == Distinct.NONE ? null : known;
    }

    private static Distinct distinctOf(double[] sorted, int size) {
        int count = size == 0 ? 0 : 1;
        for (int i = 1; i < size; i++) {
            if (sorted[i] != sorted[i - 1]) {
                count++;
            }
        }
        if (size == 0 || count > size / DISTINCT_SHARE) {
            return Distinct.NONE;
        }
        double[] values = new double[count];
        int[] countAtMost = new int[count];
        int k = 0;
        values[0] = sorted[0];
        for (int i = 1; i < size; i++) {
            if (sorted[i] != sorted[i - 1]) {
                countAtMost[k++] = i;
                values[k] = sorted[i];
            }
        }
        countAtMost[k] = size;
        return new Distinct(values, countAtMost);
    }

    /** Number of values {@code <= x} (numpy {@code searchsorted(side='right')}). */
    int countAtMost(double x) {
        if (values == null) {
            return countUpTo(x, false);
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of values {@code < x} (numpy {@code searchsorted(side='left')}). */
    int countBelow(double x) {
        if (values == null) {
            return countUpTo(x, true);
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A compact sample's count of values below x (strictly) or at most x, from its distinct values. */
    private int countUpTo(double x, boolean strictly) {
        double[] value = distinct.values();
        int lo = 0;
        int hi = value.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (strictly ? value[mid] < x : value[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : distinct.countAtMost()[lo - 1];
    }

    private static int nonNaNPrefix(double[] sorted) {
        int size = sorted.length;
        while (size > 0 && Double.isNaN(sorted[size - 1])) {
            size--;
        }
        return size;
    }
}
