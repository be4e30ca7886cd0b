package io.scorewatch.alerting;

import java.util.Comparator;
import java.util.List;

/**
 * One rule of {@code alert_rules.yaml}.
 *
 * @param name          unique name, e.g. {@code high_default_rate}
 * @param metric        the watched value
 * @param condition     when the rule fires (with severity levels: when any level holds)
 * @param conditionText the condition as written, e.g. {@code "> 0.12 or < 0.04"}, or the levels
 * @param severity      INFO, WARNING or CRITICAL; with severity levels, the lowest level's
 * @param actions       what happens when it fires
 * @param description   optional words for the message
 * @param consecutive   evaluations in a row in which the condition must hold before the rule fires
 * @param levels        severity by effect size, lowest first; empty for a rule of one severity
 * @param forEachSegment a declared segment key: the rule is evaluated for each of its values on
 *                       its own; null for a rule on the model's total
 */
record AlertRule(String name, AlertMetric metric, Condition condition, String conditionText, Severity severity,
        List<AlertAction> actions, String description, int consecutive, List<Level> levels, String forEachSegment) {

    /** A severity and the condition under which the value reaches it. */
    record Level(Severity severity, Condition condition, String conditionText) {
    }

    AlertRule {
        actions = List.copyOf(actions);
        levels = levels.stream().sorted(Comparator.comparing(Level::severity)).toList();
    }

    AlertRule(String name, AlertMetric metric, Condition condition, String conditionText, Severity severity,
            List<AlertAction> actions, String description) {
        this(name, metric, condition, conditionText, severity, actions, description, 1, List.of(), null);
    }

    /** Whether the rule is evaluated per value of a segment key. */
    boolean perSegment() {
        return forEachSegment != null;
    }

    boolean has(AlertAction action) {
        return actions.contains(action);
    }

    /** Whether the value fires the rule: its condition, or any of its levels. */
    boolean holds(double value) {
        return levels.isEmpty() ? condition.test(value) : levels.stream().anyMatch(l -> l.condition().test(value));
    }

    /** The rule at this value: with levels, the severity of the highest level the value reaches. */
    AlertRule at(double value) {
        return levels.stream().filter(level -> level.condition().test(value)).map(Level::severity)
                .max(Comparator.naturalOrder()).map(this::withSeverity).orElse(this);
    }

    AlertRule withSeverity(Severity other) {
        return other == severity ? this
                : new AlertRule(name, metric, condition, conditionText, other, actions, description, consecutive,
                        levels, forEachSegment);
    }

    /** Every severity the rule can fire with. */
    List<Severity> severities() {
        return levels.isEmpty() ? List.of(severity) : levels.stream().map(Level::severity).toList();
    }

    String actionText() {
        return String.join(", ", actions.stream().map(AlertAction::key).toList());
    }
}
