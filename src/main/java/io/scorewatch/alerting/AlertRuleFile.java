package io.scorewatch.alerting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code alert_rules.yaml} in the monitoring guide's format: an {@code alerts:} list of rules, each
 * with {@code name}, {@code metric}, {@code condition}, {@code severity} and {@code action}
 * (comma-separated, or a list), and optionally {@code description}, {@code consecutive} (evaluations
 * in a row before the rule fires) and {@code severity_levels} (severity by effect size, in place
 * of {@code condition} and {@code severity}) and {@code for_each_segment} (a declared segment key: the
 * rule is evaluated for each of its values). Every problem is reported
 * at once, each naming the rule (its line and name) and what is wrong.
 */
final class AlertRuleFile {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Set<String> KEYS = Set.of("name", "metric", "condition", "severity", "action", "description",
            "consecutive", "severity_levels", "for_each_segment");
    private static final Pattern SEGMENT_KEY = Pattern.compile("[a-z][a-z0-9_]{0,49}");
    private static final int MAX_CONSECUTIVE = 1000;

    private AlertRuleFile() {
    }

    /** A rule file that cannot be used; the message lists every problem. */
    static final class InvalidRulesException extends RuntimeException {
        private final List<String> problems;

        InvalidRulesException(String source, List<String> problems) {
            super("Invalid alert rules in " + source + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    /** Parses a file without checking that a {@code for_each_segment} key is declared. */
    static List<AlertRule> parse(String yaml, String source) {
        return parse(yaml, source, null);
    }

    /**
     * Parses a file.
     *
     * @param declaredKeys the segment keys the configured models declare: a {@code for_each_segment}
     *                     key outside them is a problem; null checks only the key's form
     */
    static List<AlertRule> parse(String yaml, String source, Set<String> declaredKeys) {
        List<String> problems = new ArrayList<>();
        List<AlertRule> rules = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new InvalidRulesException(source, List.of("the file is empty; it needs an 'alerts:' list"));
            }
            if (token != JsonToken.START_OBJECT) {
                throw new InvalidRulesException(source, List.of("the file must be a mapping with an 'alerts:' list"));
            }
            boolean sawAlerts = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                JsonToken value = parser.nextToken();
                if (!"alerts".equals(key)) {
                    problems.add("line " + keyLine + ": unknown top-level key '" + key + "'; the file holds 'alerts:'");
                    parser.skipChildren();
                    continue;
                }
                sawAlerts = true;
                if (value != JsonToken.START_ARRAY) {
                    problems.add("line " + keyLine + ": 'alerts' must be a list of rules");
                    parser.skipChildren();
                    continue;
                }
                Set<String> names = new HashSet<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    index++;
                    int line = parser.currentTokenLocation().getLineNr();
                    JsonNode node = parser.readValueAsTree();
                    rule(node, index, line, names, declaredKeys, problems, rules);
                }
            }
            if (!sawAlerts) {
                problems.add("the file has no 'alerts:' list");
            }
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new InvalidRulesException(source, List.of(where + "not valid YAML: " + e.getOriginalMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(source, problems);
        }
        return List.copyOf(rules);
    }

    private static void rule(JsonNode node, int index, int line, Set<String> names, Set<String> declaredKeys,
            List<String> problems, List<AlertRule> rules) {
        if (node == null || !node.isObject()) {
            problems.add("line " + line + ": rule " + index + " must be a mapping with name, metric, condition,"
                    + " severity and action");
            return;
        }
        String name = text(node, "name");
        String where = "line " + line + ", rule " + (name == null ? "#" + index : "'" + name + "'") + ": ";
        int before = problems.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
            String key = it.next().getKey();
            if (!KEYS.contains(key)) {
                problems.add(where + "unknown key '" + key + "'; a rule has name, metric, condition, severity,"
                        + " action and optionally description, consecutive, severity_levels and for_each_segment");
            }
        }
        if (name == null) {
            problems.add(where + "'name' is required");
        } else if (!NAME.matcher(name).matches()) {
            problems.add(where + "the name must be letters, digits, '_', '-' or '.' (at most 100)");
        } else if (!names.add(name)) {
            problems.add(where + "another rule has the same name");
        }
        AlertMetric metric = null;
        String metricKey = text(node, "metric");
        if (metricKey == null) {
            problems.add(where + "'metric' is required");
        } else {
            metric = AlertMetric.of(metricKey).orElse(null);
            if (metric == null) {
                problems.add(where + "unknown metric '" + metricKey + "'; known metrics: " + AlertMetric.keys());
            }
        }
        Condition condition = null;
        String conditionText = null;
        Severity severity = null;
        List<AlertRule.Level> levels = List.of();
        JsonNode levelsNode = node.get("severity_levels");
        if (levelsNode != null) {
            if (node.has("condition") || node.has("severity")) {
                problems.add(where + "a rule with 'severity_levels' has no 'condition' or 'severity' of its own:"
                        + " each level names its severity and condition");
            }
            levels = levels(levelsNode, where, problems);
            if (!levels.isEmpty()) {
                severity = levels.stream().map(AlertRule.Level::severity).min(Comparator.naturalOrder()).orElseThrow();
                conditionText = String.join("; ", levels.stream()
                        .map(level -> level.severity() + " " + level.conditionText()).toList());
            }
        } else {
            JsonNode conditionNode = node.get("condition");
            if (conditionNode == null || conditionNode.isNull()) {
                problems.add(where + "'condition' is required, e.g. \"> 0.12 or < 0.04\"");
            } else if (!conditionNode.isString()) {
                problems.add(where + "'condition' must be a quoted string, e.g. \"> 0.12 or < 0.04\"");
            } else {
                conditionText = conditionNode.asString().strip();
                try {
                    condition = Condition.parse(conditionText);
                } catch (Condition.InvalidConditionException e) {
                    problems.add(where + "condition: " + e.getMessage());
                }
            }
            String severityText = text(node, "severity");
            if (severityText == null) {
                problems.add(where + "'severity' is required (INFO, WARNING or CRITICAL)");
            } else {
                severity = severity(severityText, where + "", problems);
            }
        }
        int consecutive = consecutive(node.get("consecutive"), where, problems);
        String forEachSegment = forEachSegment(node.get("for_each_segment"), declaredKeys, where, problems);
        List<AlertAction> actions = actions(node.get("action"), where, problems);
        JsonNode descriptionNode = node.get("description");
        String description = descriptionNode == null || descriptionNode.isNull() ? null : descriptionNode.asString();
        if (problems.size() == before) {
            rules.add(new AlertRule(name, metric, condition, conditionText, severity, actions, description,
                    consecutive, levels, forEachSegment));
        }
    }

    /** {@code for_each_segment: KEY}, a segment key the configured models declare; absent: null. */
    private static String forEachSegment(JsonNode node, Set<String> declaredKeys, String where,
            List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        String key = node.isString() ? node.asString().strip() : null;
        if (key == null || !SEGMENT_KEY.matcher(key).matches()) {
            problems.add(where + "'for_each_segment' must be a segment key ([a-z][a-z0-9_]{0,49}), was " + node);
            return null;
        }
        if (declaredKeys != null && !declaredKeys.contains(key)) {
            problems.add(where + "for_each_segment: no model declares the segment key '" + key + "'; declared keys: "
                    + new java.util.TreeSet<>(declaredKeys));
            return null;
        }
        return key;
    }

    private static Severity severity(String text, String where, List<String> problems) {
        try {
            return Severity.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(where + "unknown severity '" + text + "'; use INFO, WARNING or CRITICAL");
            return null;
        }
    }

    /** {@code consecutive: N}, a whole number from 1; absent: 1 (the rule fires on the first evaluation). */
    private static int consecutive(JsonNode node, String where, List<String> problems) {
        if (node == null) {
            return 1;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > MAX_CONSECUTIVE) {
            problems.add(where + "'consecutive' must be a whole number of evaluations from 1 to " + MAX_CONSECUTIVE
                    + ", was " + node);
            return 1;
        }
        return node.asInt();
    }

    /** {@code severity_levels:} a mapping of severity to condition, e.g. {@code WARNING: "> 0.10"}. */
    private static List<AlertRule.Level> levels(JsonNode node, String where, List<String> problems) {
        if (!node.isObject() || node.isEmpty()) {
            problems.add(where + "'severity_levels' must map each severity to its condition, e.g."
                    + " {WARNING: \"> 0.10\", CRITICAL: \"> 0.25\"}");
            return List.of();
        }
        List<AlertRule.Level> levels = new ArrayList<>();
        Set<Severity> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            Severity severity = severity(entry.getKey(), where + "severity_levels: ", problems);
            JsonNode value = entry.getValue();
            if (severity == null) {
                continue;
            }
            if (!seen.add(severity)) {
                problems.add(where + "severity_levels: " + severity + " is listed twice");
                continue;
            }
            if (value == null || !value.isString()) {
                problems.add(where + "severity_levels: the condition of " + severity
                        + " must be a quoted string, e.g. \"> 0.25\"");
                continue;
            }
            String text = value.asString().strip();
            try {
                levels.add(new AlertRule.Level(severity, Condition.parse(text), text));
            } catch (Condition.InvalidConditionException e) {
                problems.add(where + "severity_levels: the condition of " + severity + ": " + e.getMessage());
            }
        }
        return levels;
    }

    private static List<AlertAction> actions(JsonNode node, String where, List<String> problems) {
        List<String> keys = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add(where + "'action' is required, e.g. notify_team");
            return List.of();
        }
        if (node.isArray()) {
            node.forEach(item -> keys.add(item.asString().strip()));
        } else if (node.isString()) {
            for (String part : node.asString().split(",")) {
                keys.add(part.strip());
            }
        } else {
            problems.add(where + "'action' must be a comma-separated text or a list");
            return List.of();
        }
        Set<AlertAction> actions = new LinkedHashSet<>();
        for (String key : keys) {
            if (key.isEmpty()) {
                problems.add(where + "an empty action in '" + node.asString() + "'");
                continue;
            }
            AlertAction action = AlertAction.of(key).orElse(null);
            if (action == null) {
                problems.add(where + "unknown action '" + key + "'; use notify_team, trigger_retraining,"
                        + " log_investigation or rollback_model");
            } else if (!actions.add(action)) {
                problems.add(where + "action '" + key + "' is listed twice");
            }
        }
        return List.copyOf(actions);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }
}
