package io.scorewatch.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson chi-square test of homogeneity / independence on a two-way contingency table, as
 * {@code scipy.stats.chi2_contingency(table)} with its default {@code correction=True}.
 *
 * <ul>
 *   <li>Expected counts are {@code rowSum * columnSum / total}.</li>
 *   <li>With one degree of freedom Yates' continuity correction is applied the way scipy does
 *       it: each observed count moves toward its expected count by {@code min(0.5, |O - E|)}.</li>
 *   <li>The p-value is the chi-square survival function computed as the regularized upper
 *       incomplete gamma function {@code Q(dof/2, chi2/2)}, which keeps p-values far below
 *       1e-16 instead of rounding {@code 1 - cdf} to 0.</li>
 * </ul>
 *
 * <p>Rows or columns that are entirely zero are left out of the test (scipy raises an error for
 * them because their expected counts are 0); they keep expected counts of 0 in
 * {@link #expected()}. A table with fewer than two non-empty rows or columns has 0 degrees of
 * freedom and gives statistic 0 and p-value 1, as scipy does for such degenerate tables.
 *
 * @param statistic        the chi-square statistic (after Yates' correction when dof is 1)
 * @param pValue           P(X >= statistic) for X ~ chi-square(dof)
 * @param degreesOfFreedom (non-empty rows - 1) * (non-empty columns - 1)
 * @param expected         expected counts, same shape as the observed table
 */
public record ChiSquare(double statistic, double pValue, int degreesOfFreedom, double[][] expected) {

    /** cephes MAXLOG as scipy builds it (with denormals) = log(DBL_MAX). */
    private static final double MAXLOG = 7.09782712893383996732E2;

    public ChiSquare {
        expected = deepCopy(expected);
    }

    /** Returns a copy of the expected counts. */
    @Override
    public double[][] expected() {
        return deepCopy(expected);
    }

    /**
     * Tests a table of non-negative counts (rows = groups, e.g. reference and production;
     * columns = categories).
     *
     * @throws IllegalArgumentException if the table is empty, ragged, or has negative or NaN cells
     */
    public static ChiSquare test(double[][] observed) {
        int rows = observed.length;
        if (rows == 0 || observed[0].length == 0) {
            throw new IllegalArgumentException("contingency table is empty");
        }
        int cols = observed[0].length;
        double[] rowSums = new double[rows];
        double[] colSums = new double[cols];
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            if (observed[r].length != cols) {
                throw new IllegalArgumentException("contingency table is ragged at row " + r);
            }
            for (int c = 0; c < cols; c++) {
                double o = observed[r][c];
                if (!(o >= 0)) {
                    throw new IllegalArgumentException("counts must be non-negative numbers, got " + o);
                }
                rowSums[r] += o;
                colSums[c] += o;
            }
        }
        for (double s : rowSums) {
            total += s;
        }

        int nonEmptyRows = (int) Arrays.stream(rowSums).filter(s -> s > 0).count();
        int nonEmptyCols = (int) Arrays.stream(colSums).filter(s -> s > 0).count();

        // expected_freq: product of the margins divided by the total
        double[][] expected = new double[rows][cols];
        if (total > 0) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    expected[r][c] = rowSums[r] * colSums[c] / total;
                }
            }
        }

        int dof = nonEmptyRows == 0 ? 0 : (nonEmptyRows - 1) * (nonEmptyCols - 1);
        if (dof == 0) {
            // degenerate: observed equals expected on the non-empty cells
            return new ChiSquare(0.0, 1.0, 0, expected);
        }

        double chi2 = 0.0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double e = expected[r][c];
                if (e == 0.0) {
                    continue; // cell of an all-zero row or column: not part of the test
                }
                double o = observed[r][c];
                if (dof == 1) {
                    // Yates: shrink toward E by at most 0.5 (scipy gh-13875)
                    double diff = e - o;
                    o = o + Math.min(0.5, Math.abs(diff)) * Math.signum(diff);
                }
                double delta = o - e;
                chi2 += delta * delta / e;
            }
        }
        return new ChiSquare(chi2, survival(chi2, dof), dof, expected);
    }

    /** {@link #test(double[][])} for integer counts. */
    public static ChiSquare test(long[][] observed) {
        double[][] table = new double[observed.length][];
        for (int r = 0; r < observed.length; r++) {
            table[r] = Arrays.stream(observed[r]).asDoubleStream().toArray();
        }
        return test(table);
    }

    /**
     * Homogeneity of two categorical samples given as category counts (like pandas
     * {@code value_counts()} aligned with {@code fillna(0)}): a 2 x k table with the reference in
     * row 0 and production in row 1. Columns follow {@link #categories(Map, Map)}: a category
     * seen on one side only contributes a zero cell; a category absent from both is ignored.
     */
    public static <K> ChiSquare homogeneity(Map<K, ? extends Number> reference,
            Map<K, ? extends Number> production) {
        List<K> categories = categories(reference, production);
        double[][] table = new double[2][categories.size()];
        for (int c = 0; c < categories.size(); c++) {
            table[0][c] = count(reference, categories.get(c));
            table[1][c] = count(production, categories.get(c));
        }
        if (categories.isEmpty()) {
            return new ChiSquare(0.0, 1.0, 0, table);
        }
        return test(table);
    }

    /** The column order used by {@link #homogeneity}: reference keys, then production-only keys. */
    public static <K> List<K> categories(Map<K, ? extends Number> reference, Map<K, ? extends Number> production) {
        Set<K> keys = new LinkedHashSet<>(reference.keySet());
        keys.addAll(production.keySet());
        return new ArrayList<>(keys);
    }

    /**
     * Chi-square survival function (scipy {@code chi2.sf} / cephes {@code chdtrc}), with cephes'
     * underflow: where {@code igamc(a, x)} scales its continued fraction by
     * {@code exp(a log x - x - lgamma(a))} (x and a more than 40% apart) it answers 0 once that
     * exponent is below {@code -MAXLOG}, so a p-value scipy reports as 0 is 0 here too, not a
     * subnormal number.
     */
    static double survival(double x, int dof) {
        if (x <= 0) {
            return 1.0;
        }
        double a = dof / 2.0;
        double h = x / 2.0;
        if (h >= a && Math.abs(a - h) > 0.4 * a && a * Math.log(h) - h - Gamma.logGamma(a) < -MAXLOG) {
            return 0.0;
        }
        return Gamma.regularizedGammaQ(a, h);
    }

    private static double count(Map<?, ? extends Number> counts, Object key) {
        Number n = counts.get(key);
        return n == null ? 0.0 : n.doubleValue();
    }

    private static double[][] deepCopy(double[][] table) {
        double[][] copy = new double[table.length][];
        for (int i = 0; i < table.length; i++) {
            copy[i] = table[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChiSquare other
                && Double.compare(statistic, other.statistic) == 0
                && Double.compare(pValue, other.pValue) == 0
                && degreesOfFreedom == other.degreesOfFreedom
                && Arrays.deepEquals(expected, other.expected);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(statistic, pValue, degreesOfFreedom) + Arrays.deepHashCode(expected);
    }

    @Override
    public String toString() {
        return "ChiSquare[statistic=" + statistic + ", pValue=" + pValue + ", degreesOfFreedom="
                + degreesOfFreedom + ", expected=" + Arrays.deepToString(expected) + "]";
    }
}
