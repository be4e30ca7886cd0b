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
        int nu = u.size();
        int nv = v.size();
        if (nu == 0 || nv == 0) {
            return Double.NaN;
        }
        double[] a = u.values();
        double[] b = v.values();
        // Walk the merged values; between consecutive values x_k < x_{k+1} the CDFs are i/nu and j/nv.
        CompensatedSum sum = new CompensatedSum();
        int i = 0;
        int j = 0;
        double previous = Math.min(a[0], b[0]);
        while (i < nu || j < nv) {
            double next = i < nu && (j >= nv || a[i] <= b[j]) ? a[i] : b[j];
            double delta = next - previous;
            if (delta != 0.0) {
                sum.add(Math.abs((double) i / nu - (double) j / nv) * delta);
            }
            if (i < nu && a[i] == next) {
                i++;
            } else {
                j++;
            }
            previous = next;
        }
        return sum.value();
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
