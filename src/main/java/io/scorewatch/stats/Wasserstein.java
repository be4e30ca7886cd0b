package io.scorewatch.stats;

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional samples, as
 * {@code scipy.stats.wasserstein_distance(reference, production)}: the area between the two
 * empirical CDFs, {@code integral |F_ref(x) - F_prod(x)| dx}.
 *
 * <p>The distance is in the unit of the feature. {@link #normalized()} divides it by the
 * reference's population standard deviation ({@code ddof = 0}, {@code numpy.std} default) so that
 * features on different scales can share a threshold. NaN values are ignored (scipy would return
 * NaN); if either side is empty the distance is NaN.
 *
 * @param distance          the Wasserstein-1 distance
 * @param referenceStandardDeviation population standard deviation (ddof = 0) of the reference
 */
public record Wasserstein(double distance, double referenceStandardDeviation) {

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
     * The distance divided by the reference standard deviation. When that deviation is 0 (a
     * constant reference) the result is 0 if the distance is 0 and positive infinity otherwise;
     * NaN if the distance is undefined.
     */
    public double normalized() {
        if (referenceStandardDeviation == 0.0) {
            if (Double.isNaN(distance)) {
                return Double.NaN;
            }
            return distance == 0.0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return distance / referenceStandardDeviation;
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
