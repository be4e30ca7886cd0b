package io.scorewatch.stats;

import java.util.List;
import java.util.Map;

/**
 * Jensen-Shannon distance between two discrete distributions, as
 * {@code scipy.spatial.distance.jensenshannon(p, q, base=2)}:
 * {@code sqrt((KL(p || m) + KL(q || m)) / 2)} with {@code m = (p + q) / 2} and logarithms in
 * base 2, so the distance lies in [0, 1] (0 for identical distributions, 1 for disjoint ones).
 *
 * <p>Inputs are non-negative weights (counts or proportions); each side is normalised by its
 * own sum. The distance is NaN if either side sums to 0. Rounding can make the divergence a tiny
 * negative number for nearly identical inputs, where scipy would return NaN; it is clamped to 0
 * here.
 */
public final class JensenShannon {

    private static final double LN2 = Math.log(2.0);

    private JensenShannon() {
    }

    /**
     * Distance between two weight vectors over the same categories, in the same order.
     *
     * @throws IllegalArgumentException if lengths differ or a weight is negative or NaN
     */
    public static double distance(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("p and q differ in length: " + p.length + " vs " + q.length);
        }
        double pSum = checkedSum(p);
        double qSum = checkedSum(q);
        if (pSum == 0 || qSum == 0) {
            return Double.NaN;
        }
        double left = 0.0;
        double right = 0.0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / pSum;
            double qi = q[i] / qSum;
            double mi = (pi + qi) / 2.0;
            left += relativeEntropy(pi, mi);
            right += relativeEntropy(qi, mi);
        }
        double js = (left + right) / LN2;
        return Math.sqrt(Math.max(js / 2.0, 0.0));
    }

    /** Distance between two category-count maps over the union of their categories. */
    public static <K> double distance(Map<K, ? extends Number> p, Map<K, ? extends Number> q) {
        List<K> categories = ChiSquare.categories(p, q);
        double[] pw = new double[categories.size()];
        double[] qw = new double[categories.size()];
        for (int i = 0; i < pw.length; i++) {
            Number pn = p.get(categories.get(i));
            Number qn = q.get(categories.get(i));
            pw[i] = pn == null ? 0.0 : pn.doubleValue();
            qw[i] = qn == null ? 0.0 : qn.doubleValue();
        }
        return distance(pw, qw);
    }

    /** scipy.special.rel_entr(x, y) = x log(x/y), 0 when x = 0. */
    private static double relativeEntropy(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        if (x == 0 && y >= 0) {
            return 0.0;
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double checkedSum(double[] weights) {
        double sum = 0.0;
        for (double w : weights) {
            if (!(w >= 0) || w == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("weights must be finite and non-negative, got " + w);
            }
            sum += w;
        }
        return sum;
    }
}
