package io.scorewatch.stats;

import java.util.Arrays;

/**
 * A master scale: rating grades as bands of probability of default, each given by its inclusive
 * upper bound. Grade {@code k} (counting from 0) holds the probabilities {@code p} with
 * {@code bound[k-1] < p <= bound[k]} (grade 0 everything up to {@code bound[0]}), i.e.
 * {@code numpy.searchsorted(bounds, p, side='left')}.
 *
 * <p>A scale that covers every probability ends with a bound of 1 or more (the reference deciles
 * of {@link DecileBounds#scale(SortedSample)} end with positive infinity).
 */
public final class MasterScale {

    private final double[] upperBounds;

    private MasterScale(double[] upperBounds) {
        this.upperBounds = upperBounds;
    }

    /**
     * A scale from its grades' inclusive upper bounds (a copy is kept).
     *
     * @throws IllegalArgumentException unless the bounds are non-empty, free of NaN and strictly ascending
     */
    public static MasterScale of(double... upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException("a master scale needs at least one grade");
        }
        for (int k = 0; k < upperBounds.length; k++) {
            if (Double.isNaN(upperBounds[k])) {
                throw new IllegalArgumentException("grade upper bound is NaN at index " + k);
            }
            if (k > 0 && !(upperBounds[k - 1] < upperBounds[k])) {
                throw new IllegalArgumentException("grade upper bounds must be strictly ascending, at index " + k
                        + ": " + upperBounds[k - 1] + " then " + upperBounds[k]);
            }
        }
        return new MasterScale(upperBounds.clone());
    }

    /** Number of grades. */
    public int grades() {
        return upperBounds.length;
    }

    /** A copy of the inclusive upper bounds, one per grade. */
    public double[] upperBounds() {
        return upperBounds.clone();
    }

    /**
     * The grade (from 0) of a probability: the first grade whose upper bound is at least it.
     *
     * @throws IllegalArgumentException for NaN or a probability above the last bound
     */
    public int grade(double probability) {
        if (Double.isNaN(probability)) {
            throw new IllegalArgumentException("probability is NaN");
        }
        int lo = 0;
        int hi = upperBounds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (upperBounds[mid] < probability) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == upperBounds.length) {
            throw new IllegalArgumentException("probability " + probability + " is above the master scale's last bound "
                    + upperBounds[upperBounds.length - 1]);
        }
        return lo;
    }

    /** The grade of each probability ({@link #grade(double)}). */
    public int[] grades(double[] probabilities) {
        int[] grades = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            grades[i] = grade(probabilities[i]);
        }
        return grades;
    }

    /** The number of probabilities in each grade: the grade distribution. */
    public long[] counts(double[] probabilities) {
        long[] counts = new long[upperBounds.length];
        for (double p : probabilities) {
            counts[grade(p)]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterScale other && Arrays.equals(upperBounds, other.upperBounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(upperBounds);
    }

    @Override
    public String toString() {
        return "MasterScale" + Arrays.toString(upperBounds);
    }
}
