package io.scorewatch.alerting;

/**
 * What one rule made of the latest values, as a monitoring run reports it.
 *
 * @param rule      the rule
 * @param metric    its metric
 * @param value     the metric's value; null when not known (the rule then does not fire)
 * @param condition the condition as written
 * @param severity  the rule's severity
 * @param state     {@code firing}, {@code acknowledged} or {@code ok} after this evaluation
 * @param change    {@code fired}, {@code repeated}, {@code resolved}, {@code unchanged} or {@code no_value}
 * @param alertId   the open or just resolved alert, if any
 * @param segment   the segment value (KEY:VALUE) of a per-segment rule's evaluation; null for the total
 */
public record AlertOutcome(String rule, String metric, Double value, String condition, String severity, String state,
        String change, Long alertId, String segment) {
}
