package io.scorewatch.credit;

import java.time.Instant;
import java.util.List;

/**
 * Monthly origination cohorts of a window.
 *
 * @param model   the model
 * @param segment the segment read, null for the total
 * @param method  {@code exact}
 * @param from    start of the window (inclusive)
 * @param to      end of the window (exclusive)
 * @param asOf    the instant maturity is judged at
 * @param performanceWindow the model's performance window (ISO-8601)
 * @param cohorts one per month with predictions, oldest first
 */
public record Vintages(String model, String segment, String method, Instant from, Instant to, Instant asOf,
        String performanceWindow, List<Cohort> cohorts) {

    /**
     * @param month              YYYY-MM of the prediction time, UTC
     * @param predictions        the month's predictions in the window
     * @param labelled           of those, the ones with an outcome
     * @param matured            whether the performance window has passed for the whole month
     * @param badRate            realised: defaults within the performance window / labelled predictions;
     *                           null until the month has matured (or without labels)
     * @param estimatedBadRate   the estimate from the probabilities: their mean
     * @param badRateSource      {@code realised} once matured with labels, else {@code estimate}
     * @param curve              cumulative defaults by months on book, for each month every prediction has reached
     */
    public record Cohort(String month, long predictions, long labelled, boolean matured, Double badRate,
            double estimatedBadRate, String badRateSource, List<CurvePoint> curve) {
    }

    /**
     * @param monthsOnBook      months since the prediction
     * @param cumulativeBadRate predictions that defaulted within that many months / the month's predictions
     */
    public record CurvePoint(int monthsOnBook, double cumulativeBadRate) {
    }
}
