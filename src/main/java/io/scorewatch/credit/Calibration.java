package io.scorewatch.credit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Calibration of a model over a window's matured predictions, per grade and for the portfolio.
 *
 * @param model          the model
 * @param segment        the segment read, null for the total
 * @param method         {@code exact}: computed from the raw prediction rows
 * @param from           start of the window (inclusive)
 * @param to             end of the window (exclusive)
 * @param asOf           the instant maturity is judged at
 * @param performanceWindow the model's performance window (ISO-8601)
 * @param gradeSource    {@code configured} or {@code reference-deciles}
 * @param predictions    predictions in the window
 * @param matured        of those, the ones whose performance window has passed
 * @param unlabelled     matured predictions without an outcome: left out of every figure
 * @param grades         one row per grade of the scale, lowest PD first
 * @param portfolio      all graded predictions together
 * @param hosmerLemeshow the Hosmer-Lemeshow test over the grades, null when a grade's PD is 0 or 1
 * @param hhi            grade concentration
 */
public record Calibration(String model, String segment, String method, Instant from, Instant to, Instant asOf,
        String performanceWindow, String gradeSource, long predictions, long matured, long unlabelled,
        List<GradeResult> grades, GradeResult portfolio, HosmerLemeshowResult hosmerLemeshow, Hhi hhi) {

    /**
     * One grade's back-test.
     *
     * @param grade               the grade's name ({@code portfolio} for the whole)
     * @param maxPd               the grade's inclusive upper PD bound, null for an unbounded top grade
     * @param count               matured labelled predictions in the grade
     * @param defaults            of those, defaults within the performance window
     * @param observedDefaultRate defaults / count, null without predictions
     * @param meanPd              the mean predicted probability, null without predictions
     * @param jeffreysPValue      one-sided Jeffreys test p-value, null without predictions
     * @param binomialPValue      one-sided exact binomial test p-value, null without predictions
     * @param trafficLight        GREEN, YELLOW or RED from the Jeffreys p-value, null without predictions
     */
    public record GradeResult(String grade, Double maxPd, long count, long defaults, Double observedDefaultRate,
            Double meanPd, @JsonProperty("jeffreys_p_value") Double jeffreysPValue,
            @JsonProperty("binomial_p_value") Double binomialPValue, String trafficLight) {
    }

    /**
     * @param statistic the chi-square statistic
     * @param dof       degrees of freedom (grades with predictions - 2)
     * @param pValue    null without a degree of freedom
     */
    public record HosmerLemeshowResult(Double statistic, int dof, Double pValue) {
    }

    /**
     * The Herfindahl-Hirschman index of the grade distribution.
     *
     * @param current   over all predictions of the window (matured or not)
     * @param reference over the active reference's probabilities, null without a reference
     */
    public record Hhi(Double current, Double reference) {
    }
}
