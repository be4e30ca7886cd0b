package io.scorewatch.retraining;

import java.time.Instant;
import java.util.List;

/** The JSON bodies the retraining and rollback webhooks receive (snake_case). */
final class WebhookBodies {

    private WebhookBodies() {
    }

    /**
     * Retrain the model.
     *
     * @param model        the model
     * @param modelVersion the version of its latest prediction that named one, or null
     * @param reasons      why
     * @param source       who asked: {@code manual}, {@code alert:<rule>}, {@code monitoring-run:<id>}
     * @param runId        the run in scorewatch ({@code GET /api/v1/retraining-runs/{id}})
     * @param requestedAt  when it was asked for
     */
    record Retraining(String model, String modelVersion, List<String> reasons, String source, long runId,
            Instant requestedAt) {
    }

    /**
     * Roll the model back to its previous version.
     *
     * @param model        the model
     * @param modelVersion the version of its latest prediction that named one (the one to leave), or null
     * @param reason       why
     * @param source       who asked: {@code alert:<rule>} or {@code manual}
     * @param runId        the run in scorewatch ({@code GET /api/v1/retraining-runs/{id}})
     * @param requestedAt  when it was asked for
     */
    record Rollback(String model, String modelVersion, String reason, String source, long runId,
            Instant requestedAt) {
    }
}
