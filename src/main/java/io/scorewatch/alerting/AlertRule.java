package io.scorewatch.alerting;

import java.util.List;

/**
 * One rule of {@code alert_rules.yaml}.
 *
 * @param name          unique name, e.g. {@code high_default_rate}
 * @param metric        the watched value
 * @param condition     when the rule fires
 * @param conditionText the condition as written, e.g. {@code "> 0.12 or < 0.04"}
 * @param severity      INFO, WARNING or CRITICAL
 * @param actions       what happens when it fires
 * @param description   optional words for the message
 */
record AlertRule(String name, AlertMetric metric, Condition condition, String conditionText, Severity severity,
        List<AlertAction> actions, String description) {

    AlertRule {
        actions = List.copyOf(actions);
    }

    boolean has(AlertAction action) {
        return actions.contains(action);
    }

    String actionText() {
        return String.join(", ", actions.stream().map(AlertAction::key).toList());
    }
}
