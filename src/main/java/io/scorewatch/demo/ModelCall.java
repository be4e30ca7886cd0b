package io.scorewatch.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call of the model API: the applicant it scored and how long it took, or the error it
 * answered instead. Turns into the bodies the model API posts to scorewatch.
 *
 * @param applicant the applicant, with the model's probability and the real outcome
 * @param latencyMs the model API's own response time
 * @param errorType the kind of failure ({@code null} when the call succeeded)
 * @param status    the HTTP status of a failure (0 when the call succeeded)
 */
public record ModelCall(Applicant applicant, double latencyMs, String errorType, int status) {

    /** Whether the model API failed this request (then no prediction was made). */
    public boolean failed() {
        return errorType != null;
    }

    /** The body of {@code POST /api/v1/predictions}. */
    public Map<String, Object> prediction(String predictionId, String clientId, Instant at, String model,
            String modelVersion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prediction_id", predictionId);
        body.put("model", model);
        body.put("model_version", modelVersion);
        body.put("timestamp", at.toString());
        body.put("client_id", clientId);
        body.put("probability", applicant.probability());
        body.put("latency_ms", latencyMs);
        body.put("features", applicant.features());
        return body;
    }

    /** The body of {@code POST /api/v1/ground-truth}: the outcome, observed at {@code observedAt}. */
    public Map<String, Object> groundTruth(String predictionId, Instant observedAt, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prediction_id", predictionId);
        body.put("model", model);
        body.put("actual_default", applicant.defaulted());
        if (applicant.defaulted() == 1) {
            body.put("days_to_default", applicant.daysToDefault());
        }
        body.put("timestamp", observedAt.toString());
        return body;
    }

    /** The body of {@code POST /api/v1/request-errors}. */
    public Map<String, Object> requestError(Instant at, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_type", errorType);
        body.put("status", status);
        body.put("timestamp", at.toString());
        body.put("model", model);
        return body;
    }
}
