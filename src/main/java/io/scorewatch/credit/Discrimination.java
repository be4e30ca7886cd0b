package io.scorewatch.credit;

import java.time.Instant;

/**
 * Discrimination of a model over a window's matured labelled predictions, against its AUC at the
 * initial validation.
 *
 * @param model            the model
 * @param segment          the segment read, null for the total
 * @param method           {@code exact}
 * @param from             start of the window (inclusive)
 * @param to               end of the window (exclusive)
 * @param asOf             the instant maturity is judged at
 * @param defaults         matured predictions that defaulted within the performance window
 * @param nonDefaults      matured labelled predictions that did not
 * @param unlabelled       matured predictions without an outcome, left out
 * @param auc              the AUC, null without both classes
 * @param aucVariance      its DeLong variance, null with fewer than two of a class
 * @param gini             2 AUC - 1
 * @param initialAuc       the model's initial-auc, or its reference's AUC; null without either
 * @param initialAucSource {@code configured}, {@code reference} or null
 * @param z                (AUC - initial) / sqrt(variance)
 * @param pValue           Phi(z): one-sided, small when the AUC has fallen below the initial
 */
public record Discrimination(String model, String segment, String method, Instant from, Instant to, Instant asOf,
        long defaults, long nonDefaults, long unlabelled, Double auc, Double aucVariance, Double gini,
        Double initialAuc, String initialAucSource, Double z, Double pValue) {
}
