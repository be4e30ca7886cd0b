package io.scorewatch.stats;

/**
 * The numeric drift statistics of a sample against a presorted reference: the two-sample
 * Kolmogorov-Smirnov test, the decile PSI and the Wasserstein distance, with the same values as
 * {@link KolmogorovSmirnov#test(SortedSample, SortedSample)},
 * {@link PopulationStabilityIndex#numeric(SortedSample, double[])} and
 * {@link Wasserstein#between(SortedSample, SortedSample)}, but cheaper together.
 *
 * <p>The KS statistic and the Wasserstein distance both walk the two empirical CDFs over the
 * merged values, so they share one merge of the sorted samples. The PSI bins of the window are
 * counted by binary search in the sorted window; the reference's deciles, bin counts and standard
 * deviation depend on the reference only and are kept with it ({@link SortedSample}).
 *
 * @param ks          KS test of reference against sample
 * @param psi         decile PSI of the sample against the reference
 * @param wasserstein Wasserstein distance and the reference's standard deviation
 */
public record NumericComparison(KolmogorovSmirnov ks, PopulationStabilityIndex psi, Wasserstein wasserstein) {

    /** Compares {@code sample} with {@code reference}; NaN values are left out of both, as by each statistic. */
    public static NumericComparison of(SortedSample reference, SortedSample sample) {
        double statistic = Double.NaN;
        double distance = Double.NaN;
        if (!reference.isEmpty() && !sample.isEmpty()) {
            MergedCdfs merged = MergedCdfs.walk(reference, sample);
            statistic = merged.ksStatistic();
            distance = merged.wassersteinDistance();
        }
        return new NumericComparison(KolmogorovSmirnov.ofStatistic(reference, sample, statistic),
                PopulationStabilityIndex.numeric(reference, sample),
                new Wasserstein(distance, reference.standardDeviation()));
    }

    /**
     * One walk over the merged values of two non-empty sorted samples, in the order
     * {@link Wasserstein#distance} steps through them (on a tie the reference value first).
     * Between consecutive values x_k < x_{k+1} the CDFs are i/nu and j/nv: their gap, times the
     * step's width, adds to the Wasserstein sum in the same order as there. Those gaps, taken
     * where the value changes, are cdf1 - cdf2 at every observed value, the points where scipy
     * evaluates the KS statistic; the last point, where both CDFs are 1, contributes 0.
     *
     * @param ksStatistic         {@link KolmogorovSmirnov#statistic(SortedSample, SortedSample)}
     * @param wassersteinDistance {@link Wasserstein#distance(SortedSample, SortedSample)}
     */
    record MergedCdfs(double ksStatistic, double wassersteinDistance) {

        static MergedCdfs walk(SortedSample reference, SortedSample sample) {
            double[] u = reference.values();
            double[] v = sample.values();
            int nu = reference.size();
            int nv = sample.size();
            CompensatedSum distance = new CompensatedSum();
            double maxGap = 0.0;
            double minGap = 0.0;
            double previous = Math.min(u[0], v[0]);
            int i = 0;
            int j = 0;
            while (i < nu || j < nv) {
                // the reference values up to the next sample value, then that sample value
                boolean fromReference = i < nu && (j >= nv || u[i] <= v[j]);
                double next = fromReference ? u[i] : v[j];
                double delta = next - previous;
                if (delta != 0.0) { // NaN (infinite values) counts too, as in Wasserstein.distance
                    double gap = (double) i / nu - (double) j / nv;
                    distance.add(Math.abs(gap) * delta);
                    if (next != previous) {
                        maxGap = Math.max(maxGap, gap);
                        minGap = Math.min(minGap, gap);
                    }
                }
                if (fromReference) {
                    i++;
                } else {
                    j++;
                }
                previous = next;
            }
            // as KolmogorovSmirnov.statistic: the larger of the two one-sided gaps
            double negativeSide = Math.min(Math.max(-minGap, 0.0), 1.0);
            return new MergedCdfs(negativeSide > maxGap ? negativeSide : maxGap, distance.value());
        }
    }
}
