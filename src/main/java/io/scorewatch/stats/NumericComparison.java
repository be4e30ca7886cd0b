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
     * One walk over the merged values of two non-empty sorted samples. Between consecutive
     * distinct values x_k < x_{k+1} the CDFs are i/nu and j/nv (every value up to x_k counted):
     * their gap times the step's width adds to the Wasserstein sum, and the gaps at the observed
     * values are where scipy evaluates the KS statistic (the last, where both CDFs are 1, is 0).
     *
     * <p>{@link #walk} goes through the distinct values of the smaller sample and, between two
     * of them, through the run of the larger sample's values that falls there. Each KS point's
     * gap is first known in whole units, {@code nv i - nu j} (exact); only a point near the
     * largest or smallest gap so far is evaluated as {@code (double) i / nu - (double) j / nv}
     * ({@link Gaps}), so the statistic is the same double as a value-by-value walk, with few
     * divisions. The Wasserstein terms use the gap in whole units,
     * {@code |nv i - nu j|}, exact in a double: a run's terms are summed plainly, the runs'
     * sums with compensation, and the total divided by {@code nu nv} once. That agrees with
     * {@link #stepwise} (and scipy) to a few ulps. Samples with an infinite value, or so large
     * that {@code nu nv} passes 2^53, take {@link #stepwise}. A reference with few distinct
     * values ({@link SortedSample#distinct()}) is walked by those values and their counts: the
     * same terms without its ties' zero-width steps, so the same doubles, from a fraction of the
     * memory (a reference column is read from memory at every run, and that is most of the
     * walk's time).
     *
     * @param ksStatistic         {@link KolmogorovSmirnov#statistic(SortedSample, SortedSample)}
     * @param wassersteinDistance the Wasserstein-1 distance, scipy's {@code wasserstein_distance}
     */
    record MergedCdfs(double ksStatistic, double wassersteinDistance) {

        /** Gaps in whole units stay exact in a double below this. */
        private static final double EXACT_INTEGERS = 0x1p53;

        static MergedCdfs walk(SortedSample reference, SortedSample sample) {
            int nu = reference.size();
            int nv = sample.size();
            double[] v = sample.values();
            double first = reference.get(0);
            double last = reference.get(nu - 1);
            if (!Double.isFinite(first) || !Double.isFinite(last) || !allFinite(v, nv)
                    || (double) nu * nv >= EXACT_INTEGERS) {
                return stepwise(reference, sample);
            }
            // runs of the larger sample between the distinct values of the smaller one
            boolean referenceRuns = nu >= nv;
            // a reference with few distinct values is walked by them, with their counts
            SortedSample.Distinct distinct = referenceRuns ? reference.distinct() : null;
            double[] u = distinct == null ? reference.values() : null;
            double[] runs = referenceRuns ? u : v;
            double[] marks = referenceRuns ? v : u;
            int nr = referenceRuns ? nu : nv;
            int ns = referenceRuns ? nv : nu;
            Gaps gaps = new Gaps(nu, nv, referenceRuns);
            CompensatedSum total = new CompensatedSum();
            double[] runValues = distinct == null ? null : distinct.values();
            int[] upTo = distinct == null ? null : distinct.countAtMost();
            int nd = distinct == null ? 0 : runValues.length;
            int d = 0;
            double previous = Math.min(first, v[0]);
            int r = 0;
            int s = 0;
            while (s <= ns) {
                // the next distinct mark, or past the last one the rest of the runs
                double w = s < ns ? marks[s] : Double.POSITIVE_INFINITY;
                // the gap in whole units, ns r - nr s = +-(nv i - nu j), growing by ns a run value
                double h = (double) ns * r - (double) nr * s;
                double run = 0.0;
                double p = previous;
                if (runValues == null) {
                    while (r < nr && runs[r] <= w) {
                        double x = runs[r];
                        double delta = x - p;
                        run += Math.abs(h) * delta;
                        // every value up to p counted: a KS point (inside a run of ties it is not one)
                        double point = delta > 0.0 ? h : Double.NaN;
                        if (point >= gaps.top || point <= gaps.bottom) {
                            gaps.at(r, s);
                        }
                        p = x;
                        h += ns;
                        r++;
                    }
                } else {
                    // the same terms without the ties' zero-width steps, so the same sums
                    while (d < nd && runValues[d] <= w) {
                        double x = runValues[d];
                        run += Math.abs(h) * (x - p);
                        if (h >= gaps.top || h <= gaps.bottom) { // every value up to p counted
                            gaps.at(r, s);
                        }
                        p = x;
                        int next = upTo[d];
                        h += (double) ns * (next - r);
                        r = next;
                        d++;
                    }
                }
                if (s == ns) {
                    total.add(run);
                    break;
                }
                if (w > p) {
                    run += Math.abs(h) * (w - p);
                    if (h >= gaps.top || h <= gaps.bottom) {
                        gaps.at(r, s);
                    }
                }
                total.add(run);
                while (s < ns && marks[s] == w) {
                    s++;
                }
                gaps.at(r, s);
                previous = w;
            }
            return new MergedCdfs(gaps.statistic(), total.value() / ((double) nu * nv));
        }

        /**
         * The same walk value by value, in the order {@link Wasserstein} steps through the merged
         * values (on a tie the reference value first): for samples with infinite values, where
         * a step's width is infinite or NaN as in scipy.
         */
        static MergedCdfs stepwise(SortedSample reference, SortedSample sample) {
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
                if (delta != 0.0) { // NaN (infinite values) counts too
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
            return new MergedCdfs(statistic(maxGap, minGap), distance.value());
        }

        private static boolean allFinite(double[] sorted, int size) {
            return Double.isFinite(sorted[0]) && Double.isFinite(sorted[size - 1]);
        }

        /** As KolmogorovSmirnov.statistic: the larger of the two one-sided gaps. */
        private static double statistic(double maxGap, double minGap) {
            double negativeSide = Math.min(Math.max(-minGap, 0.0), 1.0);
            return negativeSide > maxGap ? negativeSide : maxGap;
        }

        /**
         * The largest and smallest CDF gap {@code (double) i / nu - (double) j / nv} seen. Each
         * point is first compared in whole units, {@code nv i - nu j} (exact), and the divisions
         * are done only for one within {@code margin} of the extreme so far: the rounded gaps of
         * two points further apart than that keep their order, so the extremes are the doubles
         * a value-by-value walk finds.
         */
        private static final class Gaps {
            private final int nu;
            private final int nv;
            private final boolean referenceRuns;
            /** Eight times the rounding error bound of a gap (3 ulp of 1), in whole units. */
            private final double margin;
            private double max;
            private double min;
            private double maxUnits;
            private double minUnits;
            /** A point in the run's units at or above this may be a new largest gap. */
            private double top;
            /** A point in the run's units at or below this may be a new smallest gap. */
            private double bottom;

            Gaps(int nu, int nv, boolean referenceRuns) {
                this.nu = nu;
                this.nv = nv;
                this.referenceRuns = referenceRuns;
                this.margin = (double) nu * nv * 0x1p-49;
                this.top = -margin;
                this.bottom = margin;
            }

            /** The gap once r run values and s mark values are counted. */
            void at(int r, int s) {
                int i = referenceRuns ? r : s;
                int j = referenceRuns ? s : r;
                double units = (double) nv * i - (double) nu * j;
                if (units >= maxUnits - margin) {
                    maxUnits = Math.max(maxUnits, units);
                    max = Math.max(max, (double) i / nu - (double) j / nv);
                }
                if (units <= minUnits + margin) {
                    minUnits = Math.min(minUnits, units);
                    min = Math.min(min, (double) i / nu - (double) j / nv);
                }
                // the run's units are these, or their negation when the sample makes the runs
                top = referenceRuns ? maxUnits - margin : -(minUnits + margin);
                bottom = referenceRuns ? minUnits + margin : -(maxUnits - margin);
            }

            double statistic() {
                return MergedCdfs.statistic(max, min);
            }
        }
    }
}
