package io.scorewatch.alerting;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The alert rules in force on given metrics, as text a report can keep: what judged a figure
 * when the report was made, even after the rules change.
 */
@Component
public class RuleThresholds {

    private final AlertRules rules;

    RuleThresholds(AlertRules rules) {
        this.rules = rules;
    }

    /**
     * A rule in force.
     *
     * @param rule      its name
     * @param metric    the metric it watches
     * @param condition its condition; for a rule with severity levels, each level's condition after its severity
     * @param severity  its severity; the highest of its levels for a rule with levels
     * @param segmentKey the segment key it is evaluated for, null for the model's total
     */
    public record Threshold(String rule, String metric, String condition, String severity, String segmentKey) {
    }

    /** The rules in force that watch one of the metrics, in the file's order. */
    public List<Threshold> on(Collection<String> metrics) {
        return rules.all().stream().filter(rule -> metrics.contains(rule.metric().key()))
                .map(rule -> new Threshold(rule.name(), rule.metric().key(), rule.levels().isEmpty()
                        ? rule.conditionText()
                        : rule.levels().stream().map(level -> level.severity() + ": " + level.conditionText())
                                .collect(Collectors.joining("; ")),
                        rule.levels().isEmpty() ? rule.severity().name()
                                : rule.levels().get(rule.levels().size() - 1).severity().name(),
                        rule.forEachSegment()))
                .toList();
    }
}
