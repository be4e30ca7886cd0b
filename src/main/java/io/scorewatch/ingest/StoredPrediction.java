package io.scorewatch.ingest;

import java.time.Instant;

/** A prediction as stored: features as their encoded vector, the client id as its hash. */
record StoredPrediction(
        String predictionId,
        String model,
        String modelVersion,
        Instant predictedAt,
        Instant receivedAt,
        String clientHash,
        int prediction,
        double probability,
        Double latencyMs,
        byte[] features,
        int qualityViolations,
        Integer actualDefault,
        Integer daysToDefault,
        Instant labeledAt) {
}
