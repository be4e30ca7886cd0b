package io.scorewatch.stats;

import java.util.Arrays;

/**
 * The migration matrix between two grade assignments of the same clients (for instance at the
 * start and the end of a year): {@code counts[i][j]} clients were in grade {@code i} the first
 * time and in grade {@code j} the second. Row shares divide each row by its total (the
 * transition frequencies); the stability measures are the share of clients that stayed in their
 * grade (the diagonal) and the share that moved by at most one grade (the three central
 * diagonals), as in the rating-migration analysis of supervisory validation.
 *
 * <p>Grades are numbered from 0, as {@link MasterScale#grade(double)} numbers them.
 */
public final class MigrationMatrix {

    private final long[][] counts;
    private final long total;

    private MigrationMatrix(long[][] counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    /**
     * Counts the migrations of client {@code i} from grade {@code from[i]} to grade {@code to[i]}.
     *
     * @param grades the number of grades of the scale
     * @throws IllegalArgumentException for arrays of different lengths or a grade outside [0, grades)
     */
    public static MigrationMatrix of(int[] from, int[] to, int grades) {
        if (grades < 1) {
            throw new IllegalArgumentException("a scale needs at least one grade, got " + grades);
        }
        if (from.length != to.length) {
            throw new IllegalArgumentException("the two assignments differ in length: " + from.length + " vs " + to.length);
        }
        long[][] counts = new long[grades][grades];
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0 || from[i] >= grades || to[i] < 0 || to[i] >= grades) {
                throw new IllegalArgumentException("grade outside [0, " + grades + ") at index " + i + ": "
                        + from[i] + " -> " + to[i]);
            }
            counts[from[i]][to[i]]++;
        }
        return new MigrationMatrix(counts, from.length);
    }

    /** Number of grades. */
    public int grades() {
        return counts.length;
    }

    /** Number of clients. */
    public long total() {
        return total;
    }

    /** A copy of the counts, rows the first assignment, columns the second. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Each row divided by its total; a grade without clients the first time has a row of NaN. */
    public double[][] rowShares() {
        double[][] shares = new double[counts.length][counts.length];
        for (int i = 0; i < counts.length; i++) {
            long row = Arrays.stream(counts[i]).sum();
            for (int j = 0; j < counts.length; j++) {
                shares[i][j] = row == 0 ? Double.NaN : (double) counts[i][j] / row;
            }
        }
        return shares;
    }

    /** The share of clients in the same grade both times; NaN without clients. */
    public double stayedShare() {
        return bandShare(0);
    }

    /** The share of clients whose grade changed by at most one; NaN without clients. */
    public double withinOneGradeShare() {
        return bandShare(1);
    }

    private double bandShare(int width) {
        if (total == 0) {
            return Double.NaN;
        }
        long inside = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = Math.max(0, i - width); j <= Math.min(counts.length - 1, i + width); j++) {
                inside += counts[i][j];
            }
        }
        return (double) inside / total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationMatrix other && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "MigrationMatrix" + Arrays.deepToString(counts);
    }
}
