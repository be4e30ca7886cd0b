package io.scorewatch.alerting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.springframework.stereotype.Component;

import io.scorewatch.retraining.ConfiguredActions;
import io.scorewatch.retraining.RetrainingRunFinished;

/**
 * The words of every notification. Each names the rule, the model, the metric's value, the
 * condition and the severity, and says what to do and where to look: the dashboard, the drift
 * report of a drift rule, and the alert itself (to acknowledge it).
 */
@Component
class AlertMessages {

    static final String FIRING = "firing";
    static final String REPEAT = "repeat";
    static final String RESOLVED = "resolved";
    static final String EVENT = "event";

    /** A subject (mail subject, Slack summary, log line) and a body. */
    record Text(String subject, String body) {
    }

    private final String baseUrl;
    private final Clock clock;
    private final ConfiguredActions actions;

    AlertMessages(AlertingProperties properties, Clock clock, ConfiguredActions actions) {
        this.clock = clock;
        this.actions = actions;
        String url = properties.baseUrl().toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The message of a firing alert, or of its reminder.
     *
     * @param segment the segment value (KEY:VALUE) of a per-segment rule's alert; null for the total
     */
    Text firing(AlertRule rule, String model, String segment, double value, Long driftRunId, long alertId,
            Instant firedAt, boolean repeat) {
        String subject = String.format(Locale.ROOT, "[%s] %s%s: %s = %s (%s) on %s%s", rule.severity(), rule.name(),
                repeat ? " still firing" : "", rule.metric().key(), rule.metric().format(value), rule.conditionText(),
                model, onSegment(segment));
        StringBuilder body = new StringBuilder();
        body.append('[').append(rule.severity()).append("] ").append(rule.name())
                .append(repeat ? " is still firing" : " fired").append('\n');
        body.append("Time: ").append(clock.instant().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        if (repeat) {
            body.append("Firing since: ").append(firedAt.truncatedTo(ChronoUnit.SECONDS)).append(" (")
                    .append(human(Duration.between(firedAt, clock.instant()))).append(")\n");
        }
        body.append('\n');
        body.append("Model: ").append(model).append('\n');
        segmentLine(body, segment);
        body.append("Metric: ").append(rule.metric().key()).append(" = ").append(rule.metric().format(value))
                .append('\n');
        body.append("Condition: ").append(rule.conditionText()).append('\n');
        body.append("Severity: ").append(rule.severity()).append('\n');
        body.append("Actions: ").append(rule.actionText()).append('\n');
        if (rule.has(AlertAction.TRIGGER_RETRAINING)) {
            actions.retrainingMissing().ifPresent(keys -> body.append("Retraining: not configured, nothing is"
                    + " started (set ").append(keys).append(")\n"));
        }
        if (rule.has(AlertAction.ROLLBACK_MODEL)) {
            actions.rollbackMissing().ifPresent(keys -> body.append("Rollback: not configured, nothing is started"
                    + " (set ").append(keys).append(")\n"));
        }
        if (rule.description() != null && !rule.description().isBlank()) {
            body.append('\n').append(rule.description().strip()).append('\n');
        }
        body.append('\n').append("What to do: ").append(rule.metric().advice()).append('\n');
        links(body, model, segment, driftRunId, alertId);
        if (!repeat) {
            body.append("Acknowledge to stop the reminders: POST ").append(baseUrl).append("/api/v1/alerts/")
                    .append(alertId).append("/acknowledge\n");
        }
        return new Text(subject, body.toString());
    }

    Text resolved(AlertRule rule, String model, String segment, double value, Long driftRunId, long alertId,
            Instant firedAt, Instant now) {
        String subject = String.format(Locale.ROOT, "[RESOLVED] [%s] %s: %s = %s on %s%s", rule.severity(),
                rule.name(), rule.metric().key(), rule.metric().format(value), model, onSegment(segment));
        StringBuilder body = new StringBuilder();
        body.append("[RESOLVED] ").append(rule.name()).append(" is no longer firing\n");
        body.append("Time: ").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n').append('\n');
        body.append("Model: ").append(model).append('\n');
        segmentLine(body, segment);
        body.append("Metric: ").append(rule.metric().key()).append(" = ").append(rule.metric().format(value))
                .append('\n');
        body.append("Condition: ").append(rule.conditionText()).append(" (no longer met)\n");
        body.append("Severity: ").append(rule.severity()).append('\n');
        body.append("Fired at: ").append(firedAt.truncatedTo(ChronoUnit.SECONDS)).append(", lasted ")
                .append(human(Duration.between(firedAt, now))).append('\n').append('\n');
        links(body, model, segment, driftRunId, alertId);
        return new Text(subject, body.toString());
    }

    /** A retraining or rollback run ended: the monitoring guide's "Model retrained successfully" or a failure. */
    Text retraining(RetrainingRunFinished run, Severity severity) {
        boolean rollback = "rollback".equals(run.kind());
        String title = switch (run.outcome()) {
            case "succeeded" -> rollback ? "Model rolled back" : "Model retrained successfully";
            case "not_configured" -> rollback ? "Model rollback not configured" : "Model retraining not configured";
            case "timed_out" -> rollback ? "Model rollback timed out" : "Model retraining timed out";
            default -> rollback ? "Model rollback failed" : "Model retraining failed";
        };
        String subject = String.format(Locale.ROOT, "[%s] %s: %s", severity, title, run.model());
        StringBuilder body = new StringBuilder();
        body.append('[').append(severity).append("] ").append(title).append('\n');
        body.append("Time: ").append(clock.instant().truncatedTo(ChronoUnit.SECONDS)).append('\n').append('\n');
        body.append("Model: ").append(run.model()).append('\n');
        body.append("Outcome: ").append(run.outcome()).append('\n');
        if (!run.reasons().isEmpty()) {
            body.append("Reasons: ").append(String.join("; ", run.reasons())).append('\n');
        }
        if (run.succeeded() && !rollback) {
            body.append("\nNew model ready for validation.\n");
        }
        if (run.detail() != null && !run.detail().isBlank()) {
            body.append('\n').append(run.detail().strip()).append('\n');
        }
        body.append("\nRun: ").append(baseUrl).append("/api/v1/retraining-runs/").append(run.runId()).append('\n');
        body.append("Dashboard: ").append(baseUrl).append("/?model=").append(run.model()).append('\n');
        return new Text(subject, body.toString());
    }

    /** " segment product:Cash loans" after the model in a subject; nothing for the total. */
    private static String onSegment(String segment) {
        return segment == null ? "" : ", segment " + segment;
    }

    private static void segmentLine(StringBuilder body, String segment) {
        if (segment != null) {
            int colon = segment.indexOf(':');
            body.append("Segment: ").append(segment.substring(0, colon)).append(" = ")
                    .append(segment.substring(colon + 1)).append(" (").append(segment).append(")\n");
        }
    }

    private void links(StringBuilder body, String model, String segment, Long driftRunId, long alertId) {
        body.append("Dashboard: ").append(baseUrl).append("/?model=").append(model);
        if (segment != null) {
            body.append("&segment=").append(URLEncoder.encode(segment, StandardCharsets.UTF_8));
        }
        body.append('\n');
        if (driftRunId != null) {
            body.append("Drift report: ").append(baseUrl).append("/reports/drift-runs/").append(driftRunId)
                    .append('\n');
        }
        body.append("Alert: ").append(baseUrl).append("/api/v1/alerts/").append(alertId).append('\n');
    }

    static String human(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes < 1) {
            return Math.max(0, duration.toSeconds()) + "s";
        }
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + "h " + (minutes % 60) + "m" : (hours / 24) + "d " + (hours % 24) + "h";
    }
}
