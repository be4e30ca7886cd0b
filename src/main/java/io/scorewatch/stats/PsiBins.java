package io.scorewatch.stats;

import java.util.Arrays;

/**
 * The bins of the numeric PSI: computed from a reference once, then applied to any sample, or
 * to the bin counts of a sample read from a summary.
 *
 * <p>The inner edges are the distinct reference deciles ({@link PopulationStabilityIndex#decileEdges}),
 * and, for every <b>mass point</b> of the reference (a value {@code v} held by more than a bin's
 * share, more than one value in {@value PopulationStabilityIndex#QUANTILE_BINS}), the two edges
 * {@code v} and {@code Math.nextUp(v)}. Bin {@code k} holds {@code edge[k-1] <= x < edge[k]}
 * ({@code numpy.searchsorted(edges, x, side='right')}), the outer bins extend to minus and plus
 * infinity; so a mass point sits alone in the bin {@code [v, nextUp(v))}, and a shift off it,
 * up or down, leaves that bin for another. Without it a value equal to a decile edge joins the
 * bin above, and equal deciles collapse: a constant reference moved up, or a zero-inflated
 * feature losing its zeros, would stay in one bin and read as no shift at all. A reference
 * without mass points gets the plain decile bins.
 *
 * <p>A summary that knows how many of its values lie below a number (a quantile sketch's
 * rank, exclusive) gives the count of bin {@code k} as the values below {@code edge[k]} minus
 * those below {@code edge[k-1]}; {@link #psi(long[])} takes those counts.
 */
public final class PsiBins {

    private final double[] edges;
    private final long[] referenceCounts;
    private final long referenceTotal;

    private PsiBins(double[] edges, long[] referenceCounts, long referenceTotal) {
        this.edges = edges;
        this.referenceCounts = referenceCounts;
        this.referenceTotal = referenceTotal;
    }

    /**
     * The bins of a reference, kept with the sample and computed once.
     *
     * @throws IllegalArgumentException for an empty reference
     */
    public static PsiBins of(SortedSample reference) {
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("an empty reference has no PSI bins");
        }
        return reference.psiBins();
    }

    /** Computes the bins of a non-empty sorted reference (cached by {@link SortedSample#psiBins()}). */
    static PsiBins compute(SortedSample reference) {
        double[] edges = edges(reference);
        long[] counts = new long[edges.length + 1];
        int previous = 0;
        for (int k = 0; k < edges.length; k++) {
            int below = reference.countBelow(edges[k]);
            counts[k] = below - previous;
            previous = below;
        }
        counts[edges.length] = reference.size() - previous;
        return new PsiBins(edges, counts, reference.size());
    }

    /**
     * The deciles with each mass point's two edges, ascending and distinct. When a decile is NaN
     * (interpolated between infinite values) the deciles are kept as they are.
     */
    private static double[] edges(SortedSample reference) {
        double[] deciles = PopulationStabilityIndex.decileEdges(reference);
        for (double edge : deciles) {
            if (Double.isNaN(edge)) {
                return deciles;
            }
        }
        double[] mass = massPoints(reference);
        if (mass.length == 0) {
            return deciles;
        }
        double[] all = Arrays.copyOf(deciles, deciles.length + 2 * mass.length);
        for (int i = 0; i < mass.length; i++) {
            all[deciles.length + 2 * i] = mass[i];
            all[deciles.length + 2 * i + 1] = Math.nextUp(mass[i]);
        }
        Arrays.sort(all);
        int distinct = 0;
        for (double edge : all) {
            if (distinct == 0 || edge != all[distinct - 1]) {
                all[distinct++] = edge;
            }
        }
        return Arrays.copyOf(all, distinct);
    }

    /** The values that more than one in {@value PopulationStabilityIndex#QUANTILE_BINS} of the sample hold. */
    static double[] massPoints(SortedSample sample) {
        int n = sample.size();
        double[] found = new double[PopulationStabilityIndex.QUANTILE_BINS];
        int count = 0;
        SortedSample.Distinct distinct = sample.distinct();
        if (distinct != null) {
            int previous = 0;
            for (int k = 0; k < distinct.values().length; k++) {
                int run = distinct.countAtMost()[k] - previous;
                previous = distinct.countAtMost()[k];
                if ((long) run * PopulationStabilityIndex.QUANTILE_BINS > n) {
                    found[count++] = distinct.values()[k];
                }
            }
        } else {
            double[] values = sample.values();
            int start = 0;
            for (int i = 1; i <= n; i++) {
                if (i == n || values[i] != values[start]) {
                    if ((long) (i - start) * PopulationStabilityIndex.QUANTILE_BINS > n) {
                        found[count++] = values[start];
                    }
                    start = i;
                }
            }
        }
        return Arrays.copyOf(found, count);
    }

    /** The inner edges, ascending; bin {@code k} holds {@code edge[k-1] <= x < edge[k]}. */
    public double[] edges() {
        return edges.clone();
    }

    /** Number of bins, one more than the inner edges. */
    public int count() {
        return referenceCounts.length;
    }

    /** The reference's values per bin. */
    public long[] referenceCounts() {
        return referenceCounts.clone();
    }

    /** The reference's values (NaN excluded). */
    public long referenceTotal() {
        return referenceTotal;
    }

    /** The bin of a value ({@code numpy.searchsorted(edges, x, side='right')}). */
    public int binOf(double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The values per bin of an unsorted sample, NaN left out; the array is read, not modified. */
    public long[] counts(double[] values) {
        long[] counts = new long[count()];
        for (double x : values) {
            if (!Double.isNaN(x)) {
                counts[binOf(x)]++;
            }
        }
        return counts;
    }

    /** The values per bin of a sorted sample, counted by binary search at each edge. */
    public long[] counts(SortedSample sample) {
        long[] counts = new long[count()];
        if (searchable()) {
            int previous = 0;
            for (int k = 0; k < edges.length; k++) {
                int below = sample.countBelow(edges[k]);
                counts[k] = below - previous;
                previous = below;
            }
            counts[edges.length] = sample.size() - previous;
        } else {
            double[] values = sample.values();
            for (int i = 0; i < sample.size(); i++) {
                counts[binOf(values[i])]++;
            }
        }
        return counts;
    }

    /**
     * The PSI of a sample given by its values per bin (from {@link #counts} or from a summary),
     * against the reference; NaN when the counts are all zero.
     *
     * @throws IllegalArgumentException when the counts do not match the bins or one is negative
     */
    public PopulationStabilityIndex psi(long[] counts) {
        if (counts.length != count()) {
            throw new IllegalArgumentException(counts.length + " counts for " + count() + " bins");
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            total += c;
        }
        if (total == 0) {
            return new PopulationStabilityIndex(Double.NaN, count());
        }
        return new PopulationStabilityIndex(
                PopulationStabilityIndex.psi(referenceCounts, referenceTotal, counts, total), count());
    }

    /**
     * Whether a sorted sample's bin counts follow from the count below each edge: not when an
     * edge is NaN (a decile interpolated between infinite reference values), where the counts
     * are those of the search of each value among the edges.
     */
    private boolean searchable() {
        for (double edge : edges) {
            if (Double.isNaN(edge)) {
                return false;
            }
        }
        return true;
    }
}
