package io.scorewatch.ingest;

import java.time.Instant;

/**
 * A prediction as stored: features as their encoded vector, the client id as its hash, and its
 * value of each segment key by the key's slot ({@code segments[slot - 1]}, null for a slot no
 * key of the model holds).
 */
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
        String shadowOf,
        String[] segments) {

    /** A prediction without a final decision, an override reason or a champion. */
    StoredPrediction(String predictionId, String model, String modelVersion, Instant predictedAt, Instant receivedAt,
            String clientHash, int prediction, double probability, Double latencyMs, byte[] features,
            int qualityViolations, Integer actualDefault, Integer daysToDefault, Instant labeledAt) {
        this(predictionId, model, modelVersion, predictedAt, receivedAt, clientHash, prediction, probability,
                latencyMs, features, qualityViolations, actualDefault, daysToDefault, labeledAt, null, null, null,
                new String[0]);
    }

    /** The same prediction with these segment values, by slot. */
    StoredPrediction withSegments(String[] values) {
        return new StoredPrediction(predictionId, model, modelVersion, predictedAt, receivedAt, clientHash, prediction,
                probability, latencyMs, features, qualityViolations, actualDefault, daysToDefault, labeledAt,
                finalDecision, overrideReason, shadowOf, values);
    }

    /** The value stored in the segment column of this slot (1 to 4), or null. */
    String segment(int slot) {
        return slot <= segments.length ? segments[slot - 1] : null;
    }
}
