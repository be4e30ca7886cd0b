package io.scorewatch.stats;

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional samples, as
 * {@code scipy.stats.wasserstein_distance(reference, production)}: the area between the two
 * empirical CDFs, {@code integral |F_ref(x) - F_prod(x)| dx}.
 *
 * <p>The distance is in the unit of the feature. {@link #normalized()} divides it by the
 * reference's population standard deviation ({@code ddof = 0}, {@code numpy.std} default),
 * floored at {@value #MIN_STANDARD_DEVIATION} as Evidently does ({@code max(std, 0.001)}), so that
 * features on different scales can share a threshold and a shift of a constant reference is a
 * finite, large distance rather than an infinite one. NaN values are ignored (scipy would return
 * NaN); if either side is empty the distance is NaN.
 *
 * @param distance          the Wasserstein-1 distance
 * @param referenceStandardDeviation population standard deviation (ddof = 0) of the reference
 */
public record Wasserstein(double distance, double referenceStandardDeviation) {

    /** Floor on the reference standard deviation that normalises the distance (Evidently's). */
    public static final double MIN_STANDARD_DEVIATION = 0.001;

    /** Computes the distance; both arrays are copied and sorted. */
    public static Wasserstein between(double[] reference, double[] production) {
        return between(SortedSample.of(reference), SortedSample.of(production));
    }

    /** Computes the distance against a presorted reference; {@code production} is copied. */
    public static Wasserstein between(SortedSample reference, double[] production) {
        return between(reference, SortedSample.of(production));
    }

    /** Computes the distance between two sorted samples. */
    public static Wasserstein between(SortedSample reference, SortedSample production) {
        return new Wasserstein(distance(reference, production), reference.standardDeviation());
    }

    /**
     * The distance divided by {@code max(referenceStandardDeviation, }{@value #MIN_STANDARD_DEVIATION}{@code )}:
     * a constant reference (deviation 0) gives 0 when the window holds its value only and the
     * distance in thousandths of the feature's unit otherwise. NaN if the distance is undefined.
     */
    public double normalized() {
        return distance / Math.max(referenceStandardDeviation, MIN_STANDARD_DEVIATION);
    }

    /** Wasserstein-1 distance of two sorted samples (scipy {@code _cdf_distance(1, u, v)}). */
    static double distance(SortedSample u, SortedSample v) {
        if (u.isEmpty() || v.isEmpty()) {
            return Double.NaN;
        }
        return NumericComparison.MergedCdfs.walk(u, v).wassersteinDistance();
    }

    /** Population standard deviation (ddof = 0) by two passes; NaN for an empty sample. */
    static double standardDeviation(SortedSample sample) {
        int n = sample.size();
        if (n == 0) {
            return Double.NaN;
        }
        double[] x = sample.values();
        CompensatedSum total = new CompensatedSum();
        for (int i = 0; i < n; i++) {
            total.add(x[i]);
        }
        double mean = total.value() / n;
        CompensatedSum squares = new CompensatedSum();
        for (int i = 0; i < n; i++) {
            double d = x[i] - mean;
            squares.add(d * d);
        }
        return Math.sqrt(squares.value() / n);
    }
}
