package io.scorewatch.retraining;

import java.util.List;

/**
 * Published when a retraining or rollback run ends, whatever the outcome, so that alerting
 * can tell the team: "Model retrained successfully" (INFO) on success, a CRITICAL alert with
 * the error output on failure or timeout, a WARNING when nothing could start because no
 * trigger is configured. Skipped runs (one already running, cooldown) publish nothing.
 *
 * @param model   the model
 * @param runId   the stored run ({@code GET /api/v1/retraining-runs})
 * @param kind    {@code retraining} or {@code rollback}
 * @param outcome {@code succeeded}, {@code failed}, {@code timed_out} or {@code not_configured}
 * @param reasons why the run was asked for
 * @param detail  what happened: exit code or HTTP status and the tail of the output
 */
public record RetrainingRunFinished(String model, long runId, String kind, String outcome, List<String> reasons,
        String detail) {

    public RetrainingRunFinished {
        reasons = List.copyOf(reasons);
    }

    public boolean succeeded() {
        return "succeeded".equals(outcome);
    }
}
