package io.scorewatch.drift;

import java.time.Instant;

/** A stored drift run in a list: when, over which window, and how much drifted. */
public record DriftRunSummary(long id, String model, Instant startedAt, Instant from, Instant to,
        long predictionCount, int featuresTested, int driftedCount, double driftShare) {
}
