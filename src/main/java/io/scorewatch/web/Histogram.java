package io.scorewatch.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference and production counts over the same bins, for a chart that overlays the two.
 *
 * <p>{@code numeric}: bin {@code k} holds {@code edges[k] <= x < edges[k+1]} (the last bin also
 * holds its upper edge); when {@code openBelow} / {@code openAbove} is set, the first / last bin
 * also holds the values beyond its edge. {@code categorical}: one bin per category, the rarest
 * summed as {@value #OTHER}. Missing values are not counted. {@code reference} is null when
 * there is no reference to compare with.
 *
 * @param kind       {@code numeric} or {@code categorical}
 * @param edges      bin edges, one more than bins (numeric only)
 * @param categories bin labels (categorical only)
 * @param openBelow  the first bin also holds values below {@code edges[0]}
 * @param openAbove  the last bin also holds values above its upper edge
 * @param reference  reference count per bin, or null
 * @param production production count per bin
 */
record Histogram(String kind, double[] edges, List<String> categories, boolean openBelow, boolean openAbove,
        long[] reference, long[] production) {

    static final String OTHER = "(other)";

    /** Share of the values beyond each end of a numerical histogram's range (they go to the end bins). */
    private static final double TAIL = 0.01;

    /**
     * Probabilities over {@code bins} equal bins of [0, 1]: bin {@code k} holds the probabilities
     * {@code p} with {@code floor(p * bins) == k}, and the last bin also holds 1.
     *
     * @param reference the reference probabilities, or null when there is no reference
     */
    static Histogram probability(double[] reference, double[] production, int bins) {
        double[] edges = new double[bins + 1];
        for (int k = 0; k <= bins; k++) {
            edges[k] = (double) k / bins;
        }
        return new Histogram("numeric", edges, null, false, false,
                reference == null ? null : probabilityCounts(reference, bins), probabilityCounts(production, bins));
    }

    private static long[] probabilityCounts(double[] values, int bins) {
        long[] counts = new long[bins];
        for (double p : values) {
            if (!Double.isNaN(p)) {
                counts[Math.max(0, Math.min(bins - 1, (int) Math.floor(p * bins)))]++;
            }
        }
        return counts;
    }

    /**
     * A numerical feature: equal bins between the lower 1% and the upper 99% quantile of both sides
     * (values beyond fall in the end bins); when every value is a whole number, bins of a whole
     * width centred on the integers (at most {@code bins} of them). NaN (and infinite) values are
     * left out.
     *
     * @param reference the reference's non-missing values in ascending order, or null
     * @param production production values in any order, NaN for missing
     */
    static Histogram numeric(double[] reference, double[] production, int bins) {
        double[] prod = Arrays.stream(production).filter(Double::isFinite).sorted().toArray();
        double[] ref = reference == null ? new double[0] : Arrays.stream(reference).filter(Double::isFinite).toArray();
        if (ref.length == 0 && prod.length == 0) {
            return new Histogram("numeric", new double[] {0, 1}, null, false, false,
                    reference == null ? null : new long[1], new long[1]);
        }
        double min = Math.min(first(ref, Double.POSITIVE_INFINITY), first(prod, Double.POSITIVE_INFINITY));
        double max = Math.max(last(ref, Double.NEGATIVE_INFINITY), last(prod, Double.NEGATIVE_INFINITY));
        double lo = Math.min(quantile(ref, TAIL, Double.POSITIVE_INFINITY),
                quantile(prod, TAIL, Double.POSITIVE_INFINITY));
        double hi = Math.max(quantile(ref, 1 - TAIL, Double.NEGATIVE_INFINITY),
                quantile(prod, 1 - TAIL, Double.NEGATIVE_INFINITY));
        if (!(lo < hi)) {
            lo = min;
            hi = max;
        }
        double[] edges;
        if (integral(ref) && integral(prod)) {
            // whole numbers: bins of a whole width, centred on the integers
            long first = (long) Math.floor(lo);
            long span = (long) Math.ceil(hi) - first + 1;
            long width = Math.max(1, (span + bins - 1) / bins);
            int n = (int) ((span + width - 1) / width);
            edges = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                edges[k] = first - 0.5 + (double) k * width;
            }
        } else if (!(lo < hi)) {
            edges = new double[] {lo - 0.5, lo + 0.5};
        } else {
            edges = new double[bins + 1];
            for (int k = 0; k <= bins; k++) {
                edges[k] = k == bins ? hi : lo + (hi - lo) * k / bins;
            }
        }
        return new Histogram("numeric", edges, null, min < edges[0], max > edges[edges.length - 1],
                reference == null ? null : counts(ref, edges), counts(prod, edges));
    }

    /** The same bins with other reference counts (null: none). */
    Histogram withReference(long[] counts) {
        return new Histogram(kind, edges, categories, openBelow, openAbove, counts, production);
    }

    /** Counts of values per bin of {@code edges}; values beyond the ends go to the end bins. */
    static long[] counts(double[] values, double[] edges) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        for (double x : values) {
            if (!Double.isFinite(x)) {
                continue;
            }
            // the bin whose lower edge is the largest edge <= x
            int k = Arrays.binarySearch(edges, 0, bins, x);
            if (k < 0) {
                k = -k - 2;
            } else {
                while (k + 1 < bins && edges[k + 1] == x) {
                    k++;
                }
            }
            counts[Math.max(0, Math.min(bins - 1, k))]++;
        }
        return counts;
    }

    /**
     * A categorical feature: the categories of both sides, most frequent first (reference count,
     * then production count, then name); beyond {@code maxCategories} the rarest are summed as
     * {@value #OTHER}.
     *
     * @param reference the reference's category counts, or null
     */
    static Histogram categorical(Map<String, Long> reference, Map<String, Long> production, int maxCategories) {
        Map<String, Long> ref = reference == null ? Map.of() : reference;
        Set<String> all = new HashSet<>(ref.keySet());
        all.addAll(production.keySet());
        List<String> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.<String>comparingLong(c -> -ref.getOrDefault(c, 0L))
                .thenComparingLong(c -> -production.getOrDefault(c, 0L))
                .thenComparing(Comparator.naturalOrder()));
        List<String> shown = ordered.size() <= maxCategories ? ordered : ordered.subList(0, maxCategories - 1);
        Map<String, Integer> bin = new LinkedHashMap<>();
        for (String category : shown) {
            bin.put(category, bin.size());
        }
        List<String> labels = new ArrayList<>(shown);
        if (ordered.size() > shown.size()) {
            labels.add(OTHER);
        }
        long[] referenceCounts = new long[labels.size()];
        long[] productionCounts = new long[labels.size()];
        ref.forEach((category, count) -> referenceCounts[bin.getOrDefault(category, labels.size() - 1)] += count);
        production.forEach((category, count) ->
                productionCounts[bin.getOrDefault(category, labels.size() - 1)] += count);
        return new Histogram("categorical", null, List.copyOf(labels), false, false,
                reference == null ? null : referenceCounts, productionCounts);
    }

    private static double first(double[] sorted, double empty) {
        return sorted.length == 0 ? empty : sorted[0];
    }

    private static double last(double[] sorted, double empty) {
        return sorted.length == 0 ? empty : sorted[sorted.length - 1];
    }

    private static boolean integral(double[] values) {
        for (double x : values) {
            if (x != Math.rint(x) || Double.isInfinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** numpy's default (linear) quantile of sorted values. */
    static double quantile(double[] sorted, double q, double empty) {
        if (sorted.length == 0) {
            return empty;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
