package io.scorewatch.stats;

/**
 * Exact null distribution of the two-sided two-sample Kolmogorov-Smirnov statistic, as in
 * scipy 1.10 {@code _attempt_exact_2kssamp(n1, n2, g, d, 'two-sided')}.
 *
 * <p>The statistic is first snapped to the lattice: {@code h = round(d * lcm(n1, n2))}. For
 * equal sizes the closed form of {@code _compute_prob_outside_square} is used, otherwise the
 * lattice-path recursion of {@code _compute_outer_prob_inside_method} (Hodges 1958, in the
 * numerically stable "1 - p" form of Viehmann 2021), which yields small p-values directly.
 */
final class TwoSampleKolmogorovExact {

    /** Outcome of the attempt: {@code d} is the statistic snapped to {@code h / lcm}. */
    record Attempt(boolean success, double d, double probability) {
    }

    private TwoSampleKolmogorovExact() {
    }

    static Attempt attempt(int n1, int n2, double d) {
        long g = gcd(n1, n2);
        long lcm = (n1 / g) * (long) n2;
        long h = (long) Math.rint(d * lcm); // np.round: half to even
        double snapped = h * 1.0 / lcm;
        if (h == 0) {
            return new Attempt(true, snapped, 1.0);
        }
        double prob = n1 == n2
                ? probabilityOutsideSquare(n1, h)
                : outerProbabilityInsideMethod(n1, n2, g, h);
        if (!(0 <= prob && prob <= 1)) {
            return new Attempt(false, snapped, prob);
        }
        return new Attempt(true, snapped, prob);
    }

    /**
     * P(D_{n,n} >= h/n) = 2 * (binom(2n, n-h) - binom(2n, n-2h) + ...) / binom(2n, n), evaluated
     * with a Horner-like scheme to avoid cancellation (_compute_prob_outside_square).
     */
    static double probabilityOutsideSquare(long n, long h) {
        double p = 0.0;
        long k = (long) Math.floor((double) n / h);
        while (k >= 0) {
            double p1 = 1.0;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
            k -= 1;
        }
        return 2 * p;
    }

    /**
     * Proportion of lattice paths from (0,0) to (m,n) that leave the band {@code |x/m - y/n| < h/lcm(m,n)}
     * (_compute_outer_prob_inside_method in scipy's _stats_pythran.py).
     */
    static double outerProbabilityInsideMethod(long m, long n, long g, long h) {
        // symmetric in m, n; the computation assumes m >= n
        if (m < n) {
            long swap = m;
            m = n;
            n = swap;
        }
        long mg = m / g;
        long ng = n / g;

        // Only a sliding window of one column of the path-count matrix is kept.
        int minj = 0;
        int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
        int curlen = maxj - minj;
        int lenA = (int) Math.min(2L * maxj + 2, n + 1);
        double[] a = new double[lenA];
        java.util.Arrays.fill(a, 1.0);
        for (int j = minj; j < maxj; j++) {
            a[j] = 0.0;
        }
        for (long i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
            minj = (int) Math.min(minj, n);
            maxj = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                // carried-over elements become 1
                java.util.Arrays.fill(a, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA), 1.0);
            }
        }
        return a[maxj - minj - 1];
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
