package io.scorewatch.alerting;

import java.util.Arrays;
import java.util.Optional;

/** What a rule does when it fires, as named in {@code alert_rules.yaml}. */
enum AlertAction {
    /** Tell the ML team on the channels routed for the rule's severity, and again when it clears. */
    NOTIFY_TEAM("notify_team"),
    /** Ask for the model to be retrained (the retraining feature decides whether a run starts). */
    TRIGGER_RETRAINING("trigger_retraining"),
    /** Keep an investigation record with every metric value known when the rule fired. */
    LOG_INVESTIGATION("log_investigation"),
    /** Ask for the model to be rolled back (the rollback webhook). */
    ROLLBACK_MODEL("rollback_model");

    private final String key;

    AlertAction(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static Optional<AlertAction> of(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }
}
