package io.scorewatch.stats;

import java.util.Arrays;

/**
 * Grade bounds from the deciles of a reference probability sample, the master scale used when
 * none is configured: the distinct deciles ({@code numpy.unique(numpy.quantile(sample, [0.1,
 * ..., 0.9]))}, linear interpolation, the same edges as the PSI bins of
 * {@link PopulationStabilityIndex#decileEdges(SortedSample)}) are the inclusive upper bounds of
 * the lower grades, and a top grade takes everything above the ninth decile. A tied sample gives
 * fewer than ten grades.
 *
 * <p>Note the boundary: a probability equal to a decile belongs to the grade below it here
 * (inclusive upper bound), whereas the PSI bins put it in the bin above.
 */
public final class DecileBounds {

    private DecileBounds() {
    }

    /**
     * The distinct deciles of a sorted reference sample, ascending.
     *
     * @throws IllegalArgumentException for an empty sample
     */
    public static double[] of(SortedSample reference) {
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("the reference sample has no value");
        }
        return PopulationStabilityIndex.decileEdges(reference);
    }

    /** The master scale of the deciles of a sorted reference sample, with an unbounded top grade. */
    public static MasterScale scale(SortedSample reference) {
        double[] deciles = of(reference);
        double[] bounds = Arrays.copyOf(deciles, deciles.length + 1);
        bounds[deciles.length] = Double.POSITIVE_INFINITY;
        return MasterScale.of(bounds);
    }
}
