package io.scorewatch.ingest;

import io.swagger.v3.oas.annotations.media.Schema;

/** A real outcome: joins its prediction by {@code prediction_id}, else by {@code client_id}. */
@Schema(description = "The real outcome of a prediction; prediction_id or client_id is required")
record GroundTruthRequest(
        @Schema(description = "The prediction this outcome belongs to", example = "7f9c0a52-1d7e-4c55-9d43-0c0c2f7a1e11")
        String predictionId,
        @Schema(description = "Else: the client's latest prediction at or before the outcome", example = "100002")
        String clientId,
        @Schema(description = "Restricts a client_id join to one model", example = "credit-scoring")
        String model,
        @Schema(description = "1 when the client defaulted, else 0", example = "1",
                requiredMode = Schema.RequiredMode.REQUIRED)
        Double actualDefault,
        @Schema(description = "Days from the prediction to the default", example = "94")
        Double daysToDefault,
        @Schema(description = "When the outcome was observed (ISO-8601); default now", example = "2026-03-12T09:00:00Z")
        String timestamp) {
}
