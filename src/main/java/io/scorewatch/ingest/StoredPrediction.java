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
        Instant labeledAt,
        Integer finalDecision,
        String overrideReason,
        String shadowOf) {

    /** A prediction without a final decision, an override reason or a champion. */
    StoredPrediction(String predictionId, String model, String modelVersion, Instant predictedAt, Instant receivedAt,
            String clientHash, int prediction, double probability, Double latencyMs, byte[] features,
            int qualityViolations, Integer actualDefault, Integer daysToDefault, Instant labeledAt) {
        this(predictionId, model, modelVersion, predictedAt, receivedAt, clientHash, prediction, probability,
                latencyMs, features, qualityViolations, actualDefault, daysToDefault, labeledAt, null, null, null);
    }
}
