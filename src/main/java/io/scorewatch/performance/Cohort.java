package io.scorewatch.performance;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The predictions of one week (Monday 00:00 UTC to the next), with how many have matured into a
 * label, their realised performance once enough have, and the estimate made from their
 * probabilities: how well the estimate foretold the outcome.
 *
 * @param week          ISO week, e.g. {@code 2026-W47}
 * @param from          start (inclusive)
 * @param to            end (exclusive)
 * @param predictions   predictions made that week
 * @param labeledCount  of them with a known outcome
 * @param labeledShare  labelled / predictions; null for an empty week
 * @param realised      realised performance (null figures below the minimum of labels)
 * @param estimated     the estimate over every prediction of the week
 */
public record Cohort(String week, Instant from, Instant to, long predictions, long labeledCount, Double labeledShare,
        Performance realised, EstimatedPerformance estimated,
        @JsonInclude(JsonInclude.Include.ALWAYS) String segment) {
}
