package io.scorewatch.stats;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Population Stability Index between a reference and a production distribution:
 * {@code PSI = sum over bins of (q - p) * ln(q / p)} with p the reference proportion and q the
 * production proportion of each bin.
 *
 * <p><b>Numeric features</b> use the bins of {@link PsiBins}: inner edges at the reference
 * deciles (quantiles 0.1, 0.2, ..., 0.9 computed like {@code numpy.quantile} with its default
 * {@code method='linear'}, equal edges collapsed), and every mass point of the reference (a value
 * held by more than a tenth of it) in a bin of its own. The outer bins extend to minus and plus
 * infinity. Bin {@code k} holds {@code edge[k-1] <= x < edge[k]}
 * ({@code numpy.searchsorted(edges, x, side='right')}). NaN values are ignored on both sides.
 *
 * <p><b>Categorical features</b> use one bin per category in the union of both sides.
 *
 * <p><b>Empty bins:</b> every proportion is floored at {@value #MIN_PROPORTION}
 * ({@code max(count / total, 1e-4)}, without renormalising), the usual credit-scoring practice
 * that keeps the logarithm finite.
 *
 * <p>If either side has no (non-NaN) value the index is undefined and {@link #value()} is NaN.
 *
 * @param value the index, {@code >= 0}, or NaN when undefined
 * @param bins  number of bins used
 */
public record PopulationStabilityIndex(double value, int bins) {

    /** Floor applied to every bin proportion before taking logarithms. */
    public static final double MIN_PROPORTION = 1e-4;

    /** Number of quantile bins for numeric features (deciles). */
    public static final int QUANTILE_BINS = 10;

    /** Credit-practice reading of the index. */
    public enum Band {
        /** PSI below 0.1: no meaningful shift. */
        STABLE,
        /** {@code 0.1 <= PSI < 0.25}: moderate shift, worth a look. */
        MODERATE,
        /** PSI of 0.25 or more: significant shift. */
        SIGNIFICANT;

        /** The band of a PSI value. @throws IllegalArgumentException for NaN */
        public static Band of(double psi) {
            if (Double.isNaN(psi)) {
                throw new IllegalArgumentException("PSI is NaN (undefined)");
            }
            if (psi < 0.1) {
                return STABLE;
            }
            return psi < 0.25 ? MODERATE : SIGNIFICANT;
        }
    }

    /** The band of this index, empty when the index is undefined. */
    public Optional<Band> band() {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(Band.of(value));
    }

    /** Numeric PSI; both arrays are copied, the reference is sorted to find its bins. */
    public static PopulationStabilityIndex numeric(double[] reference, double[] production) {
        return numeric(SortedSample.of(reference), production);
    }

    /** Numeric PSI against a presorted reference; {@code production} is read, not modified. */
    public static PopulationStabilityIndex numeric(SortedSample reference, double[] production) {
        if (reference.isEmpty()) {
            return new PopulationStabilityIndex(Double.NaN, 0);
        }
        PsiBins bins = PsiBins.of(reference);
        return bins.psi(bins.counts(production));
    }

    /** Numeric PSI of a sorted sample against a presorted reference: the bins are counted by binary search. */
    public static PopulationStabilityIndex numeric(SortedSample reference, SortedSample production) {
        if (reference.isEmpty()) {
            return new PopulationStabilityIndex(Double.NaN, 0);
        }
        PsiBins bins = PsiBins.of(reference);
        return bins.psi(bins.counts(production));
    }

    /** Categorical PSI over the union of categories; a category missing on one side counts 0. */
    public static <K> PopulationStabilityIndex categorical(Map<K, ? extends Number> reference,
            Map<K, ? extends Number> production) {
        List<K> categories = ChiSquare.categories(reference, production);
        int bins = categories.size();
        long[] referenceCounts = new long[bins];
        long[] productionCounts = new long[bins];
        long referenceTotal = 0;
        long productionTotal = 0;
        for (int k = 0; k < bins; k++) {
            referenceCounts[k] = count(reference, categories.get(k));
            productionCounts[k] = count(production, categories.get(k));
            referenceTotal += referenceCounts[k];
            productionTotal += productionCounts[k];
        }
        if (referenceTotal == 0 || productionTotal == 0) {
            return new PopulationStabilityIndex(Double.NaN, bins);
        }
        return new PopulationStabilityIndex(
                psi(referenceCounts, referenceTotal, productionCounts, productionTotal), bins);
    }

    /**
     * Inner bin edges: the distinct reference deciles, ascending ({@code numpy.unique(
     * numpy.quantile(reference, [0.1, ..., 0.9]))}).
     */
    public static double[] decileEdges(SortedSample reference) {
        double[] edges = new double[QUANTILE_BINS - 1];
        int distinct = 0;
        for (int k = 1; k < QUANTILE_BINS; k++) {
            double q = quantile(reference, k / (double) QUANTILE_BINS);
            if (distinct == 0 || q != edges[distinct - 1]) {
                edges[distinct++] = q;
            }
        }
        return java.util.Arrays.copyOf(edges, distinct);
    }

    /** numpy.quantile(values, q, method='linear') on a sorted sample. */
    static double quantile(SortedSample sorted, double q) {
        int n = sorted.size();
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1) {
            return sorted.get(n - 1);
        }
        if (virtualIndex < 0) {
            return sorted.get(0);
        }
        int previous = (int) Math.floor(virtualIndex);
        double gamma = virtualIndex - previous;
        double a = sorted.get(previous);
        double b = sorted.get(previous + 1);
        double diff = b - a;
        // numpy's _lerp, which interpolates from the nearer end
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    static double psi(long[] referenceCounts, long referenceTotal, long[] productionCounts,
            long productionTotal) {
        double sum = 0.0;
        for (int k = 0; k < referenceCounts.length; k++) {
            double p = Math.max((double) referenceCounts[k] / referenceTotal, MIN_PROPORTION);
            double q = Math.max((double) productionCounts[k] / productionTotal, MIN_PROPORTION);
            sum += (q - p) * Math.log(q / p);
        }
        return sum;
    }

    private static long count(Map<?, ? extends Number> counts, Object key) {
        Number n = counts.get(key);
        if (n == null) {
            return 0;
        }
        long value = n.longValue();
        if (value < 0) {
            throw new IllegalArgumentException("negative count " + value + " for " + key);
        }
        return value;
    }
}
