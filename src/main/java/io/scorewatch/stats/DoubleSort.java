package io.scorewatch.stats;

import java.util.Arrays;

/**
 * Ascending sort of a {@code double[]} in the order {@link Arrays#sort(double[])} produces
 * ({@code -0.0} before {@code 0.0}, NaNs last), using a least-significant-digit radix sort on
 * the IEEE bit patterns for larger arrays. For tens of thousands of values this is several
 * times faster than the comparison sort, and sorting the production window is a large part of
 * each drift run.
 */
final class DoubleSort {

    private static final int RADIX_THRESHOLD = 2048;
    private static final int DIGIT_BITS = 11;
    private static final int BUCKETS = 1 << DIGIT_BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int DIGITS = (Long.SIZE + DIGIT_BITS - 1) / DIGIT_BITS;

    private DoubleSort() {
    }

    static void sort(double[] values) {
        if (values.length < RADIX_THRESHOLD) {
            Arrays.sort(values);
            return;
        }
        int n = values.length;
        long[] keys = new long[n];
        int count = 0;
        for (double x : values) {
            if (x != x) {
                continue; // NaN: written back at the end
            }
            keys[count++] = toKey(Double.doubleToRawLongBits(x));
        }
        // the counts of every digit in one pass, then one scatter pass per digit
        int[][] histograms = new int[DIGITS][BUCKETS];
        for (int i = 0; i < count; i++) {
            long key = keys[i];
            for (int digit = 0; digit < DIGITS; digit++) {
                histograms[digit][(int) (key >>> (digit * DIGIT_BITS)) & MASK]++;
            }
        }
        long[] source = keys;
        long[] target = new long[count];
        for (int digit = 0; digit < DIGITS; digit++) {
            int[] offsets = histograms[digit];
            if (allInOneBucket(offsets, count)) {
                continue; // this digit is the same everywhere
            }
            int sum = 0;
            for (int d = 0; d < BUCKETS; d++) {
                int c = offsets[d];
                offsets[d] = sum;
                sum += c;
            }
            int shift = digit * DIGIT_BITS;
            for (int i = 0; i < count; i++) {
                long key = source[i];
                target[offsets[(int) (key >>> shift) & MASK]++] = key;
            }
            long[] swap = source;
            source = target;
            target = swap;
        }
        for (int i = 0; i < count; i++) {
            values[i] = Double.longBitsToDouble(fromKey(source[i]));
        }
        Arrays.fill(values, count, n, Double.NaN);
    }

    /** Maps IEEE bits to a key whose unsigned order is the numeric order. */
    private static long toKey(long bits) {
        // negative numbers: flip every bit; positive numbers: flip the sign bit
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    private static long fromKey(long key) {
        return key < 0 ? key ^ Long.MIN_VALUE : ~key;
    }

    private static boolean allInOneBucket(int[] counts, int total) {
        for (int c : counts) {
            if (c != 0) {
                return c == total;
            }
        }
        return true;
    }
}
