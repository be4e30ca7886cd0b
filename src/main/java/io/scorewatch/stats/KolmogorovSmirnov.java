package io.scorewatch.stats;

/**
 * Two-sample Kolmogorov-Smirnov test, two-sided, with the p-value computed as
 * {@code scipy.stats.ks_2samp(reference, sample)} does by default
 * ({@code alternative='two-sided', method='auto'}, scipy 1.10).
 *
 * <ul>
 *   <li>The statistic D is the largest distance between the two empirical CDFs, both evaluated
 *       at every observed value, so tied values are handled exactly.</li>
 *   <li>When both sizes are at most {@value #MAX_EXACT_SIZE} the exact null distribution is used.
 *       As in scipy, D is then reported snapped to the lattice, {@code round(D * lcm(n, m)) / lcm(n, m)}.</li>
 *   <li>Otherwise, or if the exact computation fails numerically, the p-value is
 *       {@code kstwo.sf(D, round(n*m/(n+m)))}, the one-sample two-sided distribution at the
 *       effective sample size.</li>
 * </ul>
 *
 * <p>NaN values are excluded from both samples and counted. If either sample is empty after
 * exclusion the test is undefined: statistic and p-value are NaN and the method is
 * {@link Method#UNDEFINED} (scipy raises an error instead).
 *
 * @param statistic        the KS statistic D in [0, 1]
 * @param pValue           two-sided p-value in [0, 1]
 * @param n                size of the reference sample, NaNs excluded
 * @param m                size of the compared sample, NaNs excluded
 * @param missingReference NaN values dropped from the reference
 * @param missingSample    NaN values dropped from the compared sample
 * @param method           how the p-value was obtained
 */
public record KolmogorovSmirnov(double statistic, double pValue, int n, int m,
        int missingReference, int missingSample, Method method) {

    /** scipy's {@code MAX_AUTO_N}: 'auto' tries the exact distribution up to this size. */
    public static final int MAX_EXACT_SIZE = 10_000;

    /** How the p-value was computed. */
    public enum Method {
        /** Exact distribution of the two-sample statistic. */
        EXACT,
        /** {@code kstwo} distribution at the effective sample size {@code round(n*m/(n+m))}. */
        ASYMPTOTIC,
        /** A sample was empty; nothing was computed. */
        UNDEFINED
    }

    /** Tests two raw samples. Both arrays are copied (then sorted), never modified. */
    public static KolmogorovSmirnov test(double[] reference, double[] sample) {
        return test(SortedSample.of(reference), SortedSample.of(sample));
    }

    /**
     * Tests a sample against a reference that was sorted beforehand. The sample array is copied
     * and the copy sorted; use {@link SortedSample#sortInPlace(double[])} and
     * {@link #test(SortedSample, SortedSample)} to avoid the copy.
     */
    public static KolmogorovSmirnov test(SortedSample reference, double[] sample) {
        return test(reference, SortedSample.of(sample));
    }

    /** Tests two sorted samples. */
    public static KolmogorovSmirnov test(SortedSample reference, SortedSample sample) {
        return ofStatistic(reference, sample, statistic(reference, sample));
    }

    /** The test of two sorted samples whose raw {@link #statistic} is {@code d}. */
    static KolmogorovSmirnov ofStatistic(SortedSample reference, SortedSample sample, double d) {
        int n1 = reference.size();
        int n2 = sample.size();
        if (n1 == 0 || n2 == 0) {
            return new KolmogorovSmirnov(Double.NaN, Double.NaN, n1, n2, reference.missing(),
                    sample.missing(), Method.UNDEFINED);
        }
        Method method = Math.max(n1, n2) <= MAX_EXACT_SIZE ? Method.EXACT : Method.ASYMPTOTIC;
        double prob = Double.NaN;
        if (method == Method.EXACT) {
            TwoSampleKolmogorovExact.Attempt exact = TwoSampleKolmogorovExact.attempt(n1, n2, d);
            d = exact.d();
            prob = exact.probability();
            if (!exact.success()) {
                method = Method.ASYMPTOTIC; // scipy warns and switches to 'asymp'
            }
        }
        if (method == Method.ASYMPTOTIC) {
            prob = asymptoticPValue(d, n1, n2);
        }
        prob = Math.min(Math.max(prob, 0.0), 1.0);
        return new KolmogorovSmirnov(d, prob, n1, n2, reference.missing(), sample.missing(), method);
    }

    /**
     * The raw statistic {@code max |F1(x) - F2(x)|} over all observed x, without the lattice
     * snapping the exact test applies. NaN if either sample is empty.
     */
    public static double statistic(SortedSample first, SortedSample second) {
        int n1 = first.size();
        int n2 = second.size();
        if (n1 == 0 || n2 == 0) {
            return Double.NaN;
        }
        // scipy evaluates cdf1 - cdf2 at every observed value (searchsorted(side='right') over the
        // concatenated data) and takes the largest value of either sign. Walking the distinct values
        // of the smaller sample is enough: between two of them the smaller sample's CDF is flat, so
        // the gap F_big - F_small is largest just before the next value and smallest at the value
        // itself. Every candidate below is one of scipy's evaluated differences, and the final
        // point, where both CDFs are 1, contributes 0.
        boolean firstIsBig = n1 >= n2;
        double[] big = firstIsBig ? first.values() : second.values();
        double[] small = firstIsBig ? second.values() : first.values();
        int nBig = firstIsBig ? n1 : n2;
        int nSmall = firstIsBig ? n2 : n1;
        double maxGap = 0.0;
        double minGap = 0.0;
        int i = 0;
        int j = 0;
        while (j < nSmall) {
            double w = small[j];
            while (i < nBig && big[i] < w) {
                i++;
            }
            double before = (double) i / nBig - (double) j / nSmall;
            maxGap = Math.max(maxGap, before);
            while (i < nBig && big[i] <= w) {
                i++;
            }
            while (j < nSmall && small[j] <= w) {
                j++;
            }
            double at = (double) i / nBig - (double) j / nSmall;
            maxGap = Math.max(maxGap, at);
            minGap = Math.min(minGap, at);
        }
        // back to cdf1 - cdf2: x - y == 0.0 - (y - x) exactly in floating point (and never -0.0)
        double maxS = firstIsBig ? maxGap : 0.0 - minGap;
        double minS = firstIsBig ? minGap : 0.0 - maxGap;
        double negativeSide = Math.min(Math.max(-minS, 0.0), 1.0);
        return negativeSide > maxS ? negativeSide : maxS;
    }

    /** {@code kstwo.sf(d, round(en))} with {@code en = m*n/(m+n)}, m the larger size (ks_2samp 'asymp'). */
    static double asymptoticPValue(double d, int n1, int n2) {
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double en = m * n / (m + n);
        int effectiveSize = (int) Math.rint(en);
        // rv_continuous.sf returns 1 at or below the lower end of the support, 0.5/n
        if (d <= 0.5 / effectiveSize) {
            return 1.0;
        }
        return KolmogorovDistribution.sf(effectiveSize, d);
    }

    /** True when the p-value is below {@code alpha}. */
    public boolean rejectsAt(double alpha) {
        return pValue < alpha;
    }
}
