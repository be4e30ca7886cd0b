package io.scorewatch.credit;

/**
 * Published when the daily credit validation of a model has been computed, for its gauges and
 * alert rules. A value is null when it could not be computed (no matured predictions, no
 * initial AUC, a single class).
 *
 * @param model                 the model
 * @param hosmerLemeshowPValue  the Hosmer-Lemeshow p-value over the grades
 * @param aucFallPValue         the one-sided p-value of a fall of the AUC below the initial AUC
 * @param redGrades             grades whose traffic light is red
 * @param yellowGrades          grades whose traffic light is yellow
 * @param hhi                   the HHI of the window's grade distribution
 */
public record CreditValidated(String model, Double hosmerLemeshowPValue, Double aucFallPValue, Double redGrades,
        Double yellowGrades, Double hhi) {
}
