package io.scorewatch.summary;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mergeable summaries ({@code scorewatch.summaries.*}).
 *
 * @param bucket             length of a rolled-up bucket (divides a day)
 * @param featureK           KLL accuracy parameter of a numerical feature's sketch
 * @param probabilityK       KLL accuracy parameter of the probability's sketch (PSI and KS on the score)
 * @param probabilityBins    equal-width bins of the probability for the label counters
 * @param compactHoursAfter  buckets that ended longer ago than this are merged into days
 * @param compactDaysAfter   days that ended longer ago than this are merged into week parts (the
 *                           part of an ISO week, Monday 00:00 UTC, inside one calendar month)
 * @param compactWeeksAfter  week parts (and days) that ended longer ago than this are merged into
 *                           calendar months
 * @param exactMaxRows       largest window computed exactly from raw rows; beyond it, from summaries
 */
@ConfigurationProperties("scorewatch.summaries")
public record SummaryProperties(
        @DefaultValue("1h") Duration bucket,
        @DefaultValue("200") int featureK,
        @DefaultValue("2000") int probabilityK,
        @DefaultValue("10000") int probabilityBins,
        @DefaultValue("7d") Duration compactHoursAfter,
        @DefaultValue("7d") Duration compactDaysAfter,
        @DefaultValue("90d") Duration compactWeeksAfter,
        @DefaultValue("2000000") long exactMaxRows) {

    public SummaryProperties {
        if (bucket.isNegative() || bucket.isZero() || Duration.ofDays(1).toSeconds() % bucket.toSeconds() != 0
                || bucket.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("scorewatch.summaries.bucket must divide a day in whole seconds, was "
                    + bucket);
        }
        if (featureK < 8 || probabilityK < 8) {
            throw new IllegalArgumentException("scorewatch.summaries.feature-k and probability-k must be at least 8");
        }
        if (probabilityBins < 10 || probabilityBins % 10 != 0) {
            throw new IllegalArgumentException("scorewatch.summaries.probability-bins must be a multiple of 10");
        }
        if (compactDaysAfter.compareTo(compactHoursAfter) < 0) {
            throw new IllegalArgumentException(
                    "scorewatch.summaries.compact-days-after must not be shorter than compact-hours-after");
        }
        if (compactWeeksAfter.compareTo(compactDaysAfter) < 0) {
            throw new IllegalArgumentException(
                    "scorewatch.summaries.compact-weeks-after must not be shorter than compact-days-after");
        }
    }
}
