package io.scorewatch.credit;

import java.time.Instant;
import java.util.List;

import io.scorewatch.alerting.RuleThresholds.Threshold;
import io.scorewatch.drift.DriftRunSummary;

/**
 * The validation of a model for one month: every credit-validation read as of the end of that
 * month, the latest drift run, and the thresholds and versions in force.
 *
 * @param model          the model
 * @param segment        the segment read, null for the total
 * @param method         {@code exact}
 * @param period         the month, YYYY-MM (UTC)
 * @param asOf           the end of the month, or now while the month runs: maturity is judged then
 * @param from           start of the window read (scorewatch.credit.default-window before asOf)
 * @param to             end of the window (asOf)
 * @param calibration    calibration per grade
 * @param discrimination AUC against the initial AUC
 * @param aucFallen      whether the AUC-fall p-value is below the significance in force; null without a p-value
 * @param vintages       monthly cohorts
 * @param migrations     grade migrations from scorewatch.credit.migration-months before the period to the period
 * @param overrides      the overrides of the period's predictions (from the month's start to asOf)
 * @param challengers    champion against each challenger version over the period's applications
 * @param drift          the model's latest drift run, null without one
 * @param inForce        thresholds and versions in force
 */
public record Validation(String model, String segment, String method, String period, Instant asOf, Instant from,
        Instant to, Calibration calibration, Discrimination discrimination, Boolean aucFallen, Vintages vintages,
        Migrations migrations, OverrideReport overrides, ChallengerReport challengers, DriftRunSummary drift,
        InForce inForce) {

    /**
     * @param trafficLightYellowBelow a grade's Jeffreys p-value below this is yellow
     * @param trafficLightRedBelow    below this, red
     * @param aucFallSignificance     the AUC has fallen when the fall's one-sided p-value is below this
     * @param performanceWindow       the model's performance window
     * @param gradeSource             {@code configured} or {@code reference-deciles}
     * @param grades                  the master scale: each grade's name and inclusive upper PD bound
     * @param initialAuc              the AUC of the initial validation
     * @param initialAucSource        {@code configured} or {@code reference}
     * @param modelVersion            the latest model version the predictions name, null when none does
     * @param referenceId             the active reference dataset, null without one
     * @param alertRules              the alert rules in force on the credit metrics (override rate, red
     *                                grades, Hosmer-Lemeshow and AUC-fall p-values, HHI)
     */
    public record InForce(double trafficLightYellowBelow, double trafficLightRedBelow, double aucFallSignificance,
            String performanceWindow, String gradeSource, List<GradeBound> grades, Double initialAuc,
            String initialAucSource, String modelVersion, Long referenceId, List<Threshold> alertRules) {
    }

    /**
     * @param grade the grade's name
     * @param maxPd its inclusive upper PD bound, null for an unbounded top grade
     */
    public record GradeBound(String grade, Double maxPd) {
    }
}
