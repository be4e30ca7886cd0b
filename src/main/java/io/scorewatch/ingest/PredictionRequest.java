package io.scorewatch.ingest;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One prediction as the model API posts it; a monitoring guide {@code log_entry} posts unchanged.
 * Numbers are read as {@code Double} so that 0.5 is never silently truncated to an integer.
 */
@Schema(description = "A prediction of the model; only probability is required")
record PredictionRequest(
        @Schema(description = "Unique id; a retry with the same id stores nothing new. Generated when absent.",
                example = "7f9c0a52-1d7e-4c55-9d43-0c0c2f7a1e11")
        String predictionId,
        @Schema(description = "Model name; default model when absent", example = "credit-scoring")
        String model,
        @Schema(example = "1.4.0")
        String modelVersion,
        @Schema(description = "ISO-8601 date-time; without offset it is read in scorewatch.ingest.local-timestamp-zone."
                + " Default: now", example = "2025-12-08T10:30:00.123456")
        String timestamp,
        @Schema(description = "Client id; stored only as a keyed hash", example = "100002")
        String clientId,
        @Schema(description = "0 or 1; derived from the decision threshold when absent", example = "0")
        Double prediction,
        @Schema(description = "Predicted probability of default, in [0, 1]", example = "0.1234",
                requiredMode = Schema.RequiredMode.REQUIRED)
        Double probability,
        @Schema(description = "Feature name to value: a number, a string or null (missing)",
                example = "{\"AMT_INCOME_TOTAL\": 202500.0, \"NAME_CONTRACT_TYPE\": \"Cash loans\", \"EXT_SOURCE_1\": null}")
        FeatureValues features,
        @Schema(description = "The model API's own response time in milliseconds", example = "12.5")
        Double latencyMs,
        @Schema(description = "Tags of the prediction, name to text: a tag the model declares as a segment"
                + " (segments: KEY: {tag: NAME}) puts the prediction in that segment; other tags are ignored"
                + " and counted", example = "{\"channel\": \"web\"}")
        Map<String, String> tags,
        @Schema(description = "The decision actually taken, encoded as prediction is: 1 = treated as a likely"
                + " default (declined), 0 = approved; differs from prediction when the model was overridden",
                example = "0")
        Double finalDecision,
        @Schema(description = "Why the decision differs from the model's, at most 100 printable characters",
                example = "collateral")
        String overrideReason,
        @Schema(description = "Set on a challenger's prediction: the prediction_id of the champion's prediction of"
                + " the same application. Stored, never counted in the model's figures; requires model_version",
                example = "7f9c0a52-1d7e-4c55-9d43-0c0c2f7a1e11")
        String shadowOf) {

    /** The same prediction under this id. */
    PredictionRequest withPredictionId(String id) {
        return new PredictionRequest(id, model, modelVersion, timestamp, clientId, prediction, probability, features,
                latencyMs, tags, finalDecision, overrideReason, shadowOf);
    }
}
