package io.scorewatch.stats;

/**
 * The one-sided test of a fall of the AUC below its initial value, as the ECB's reporting of
 * the validation results of internal models compares the current AUC with the AUC at the
 * initial validation: {@code z = (AUC - AUC_initial) / sqrt(var)} with {@code var} the DeLong
 * variance of the current AUC ({@link DeLongAuc}), and {@code p = Phi(z)}, the standard normal
 * distribution function.
 *
 * <p>H0: the AUC has not fallen below the initial AUC. A small p means it has.
 *
 * <p>With a variance of 0 (a perfect curve, for instance) z is infinite and p is 0 or 1; when
 * moreover the AUC equals the initial one, z is 0 (p = 0.5), the convention pROC's
 * {@code roc.test} applies to a zero difference with zero variance.
 *
 * @param auc        the current AUC
 * @param initialAuc the AUC at the initial validation
 * @param variance   the DeLong variance of the current AUC
 * @param z          the test statistic
 * @param pValue     {@code Phi(z)}
 */
public record AucFallTest(double auc, double initialAuc, double variance, double z, double pValue) {

    /**
     * Tests the current AUC against the initial one.
     *
     * @throws IllegalArgumentException unless the initial AUC is in [0, 1]
     */
    public static AucFallTest of(DeLongAuc current, double initialAuc) {
        if (!(initialAuc >= 0.0 && initialAuc <= 1.0)) {
            throw new IllegalArgumentException("initial AUC must be in [0, 1], got " + initialAuc);
        }
        double difference = current.auc() - initialAuc;
        double sd = Math.sqrt(current.variance());
        double z = difference == 0.0 && sd == 0.0 ? 0.0 : difference / sd;
        return new AucFallTest(current.auc(), initialAuc, current.variance(), z, StandardNormal.cdf(z));
    }
}
