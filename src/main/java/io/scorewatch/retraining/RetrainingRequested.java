package io.scorewatch.retraining;

import java.util.List;

/**
 * Asks for the model to be retrained (for example by the {@code trigger_retraining} alert
 * action). The retraining feature decides whether a run starts (one at a time, cooldown, a
 * trigger configured) and records the decision either way.
 *
 * @param model   the model
 * @param reasons why, in words an operator reads (e.g. "ROC-AUC = 0.6412 < 0.70")
 * @param source  who asked: {@code alert:<rule>}, {@code monitoring-run:<id>}, {@code manual}
 */
public record RetrainingRequested(String model, List<String> reasons, String source) {

    public RetrainingRequested {
        reasons = List.copyOf(reasons);
    }
}
