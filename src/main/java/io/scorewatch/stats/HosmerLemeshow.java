package io.scorewatch.stats;

import java.util.List;

/**
 * The Hosmer-Lemeshow test of a rating system's calibration over its grades:
 * {@code statistic = sum over grades g of (D_g - N_g * PD_g)^2 / (N_g * PD_g * (1 - PD_g))},
 * compared with a chi-square distribution with {@code G - 2} degrees of freedom (Hosmer &
 * Lemeshow, Applied Logistic Regression); the p-value is {@code scipy.stats.chi2.sf(statistic,
 * G - 2)}, computed as the regularized upper incomplete gamma function ({@link ChiSquare}).
 *
 * <p>H0: the PDs are calibrated in every grade. Grades without clients are left out, and G
 * counts the others. With fewer than three such grades there is no degree of freedom and the
 * p-value is NaN (the statistic is still reported).
 *
 * @param statistic        the chi-square statistic
 * @param degreesOfFreedom {@code G - 2}
 * @param pValue           {@code P(X >= statistic)} for {@code X ~ chi-square(G - 2)}, NaN without a degree of freedom
 */
public record HosmerLemeshow(double statistic, int degreesOfFreedom, double pValue) {

    /**
     * Tests the grades of a rating system.
     *
     * @throws IllegalArgumentException when a grade with clients has a PD of 0 or 1 (its term is undefined)
     */
    public static HosmerLemeshow of(List<GradeOutcome> grades) {
        double statistic = 0.0;
        int used = 0;
        for (GradeOutcome grade : grades) {
            if (grade.count() == 0) {
                continue;
            }
            double pd = grade.pd();
            if (pd <= 0.0 || pd >= 1.0) {
                throw new IllegalArgumentException("Hosmer-Lemeshow needs every PD strictly between 0 and 1, got " + pd);
            }
            double expected = grade.count() * pd;
            double deviation = grade.defaults() - expected;
            statistic += deviation * deviation / (expected * (1.0 - pd));
            used++;
        }
        int dof = used - 2;
        double p = dof >= 1 ? ChiSquare.survival(statistic, dof) : Double.NaN;
        return new HosmerLemeshow(statistic, dof, p);
    }
}
