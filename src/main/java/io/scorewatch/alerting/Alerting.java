package io.scorewatch.alerting;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.credit.CreditValidated;
import io.scorewatch.credit.OverridesComputed;
import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.drift.SegmentDriftRunCompleted;
import io.scorewatch.performance.MetricsComputed;
import io.scorewatch.performance.ModelMetrics;
import io.scorewatch.retraining.ConfiguredActions;
import io.scorewatch.retraining.RetrainingRequested;
import io.scorewatch.retraining.RetrainingRunFinished;
import io.scorewatch.retraining.RollbackRequested;
import io.scorewatch.segment.Segment;

/**
 * Evaluates the rules against a model's latest values and keeps each rule's alert: it fires
 * when the condition holds (notifications, actions), is sent again after the repeat interval
 * while firing and not acknowledged, and resolves when the condition no longer holds (a resolved
 * notification). Runs after every metrics refresh, drift run and monitoring run. A rule with
 * {@code for_each_segment} is evaluated on each segment value's metrics and drift runs, and each
 * value has its own alert.
 */
@Service
public class Alerting {

    private static final Logger log = LoggerFactory.getLogger(Alerting.class);

    private final AlertRules rules;
    private final AlertStore store;
    private final Outbox outbox;
    private final AlertMessages messages;
    private final AlertDelivery delivery;
    private final AlertMeters meters;
    private final AlertingProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ConfiguredActions actions;
    /** Per "model/rule": evaluations in a row in which the condition held and the rule did not fire yet. */
    private final Map<String, Integer> streaks = new ConcurrentHashMap<>();

    Alerting(AlertRules rules, AlertStore store, Outbox outbox, AlertMessages messages, AlertDelivery delivery,
            AlertMeters meters, AlertingProperties properties, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock, ConfiguredActions actions) {
        this.rules = rules;
        this.store = store;
        this.outbox = outbox;
        this.messages = messages;
        this.delivery = delivery;
        this.meters = meters;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.actions = actions;
        warnMissingActions();
        rules.onReload(this::warnMissingActions);
    }

    /** A rule that asks for an action nobody configured: said once, here, and on the rule's messages. */
    private void warnMissingActions() {
        for (AlertRule rule : rules.all()) {
            if (rule.has(AlertAction.TRIGGER_RETRAINING)) {
                actions.retrainingMissing().ifPresent(keys -> log.warn("Alert rule {} asks for trigger_retraining,"
                        + " but no retraining action is configured (set {}): its alerts start nothing and say so",
                        rule.name(), keys));
            }
            if (rule.has(AlertAction.ROLLBACK_MODEL)) {
                actions.rollbackMissing().ifPresent(keys -> log.warn("Alert rule {} asks for rollback_model, but no"
                        + " rollback action is configured (set {}): its alerts start nothing and say so", rule.name(),
                        keys));
            }
        }
    }

    /**
     * Evaluates every rule whose metric the given values cover.
     *
     * @param metrics the metrics over the default window, or null
     * @param drift   a drift run, or null
     * @param source  what produced the values, for the log
     */
    public List<AlertOutcome> evaluate(ModelMetrics metrics, DriftRunCompleted drift, String source) {
        return evaluate(MetricSnapshot.of(metrics, drift, source));
    }

    /**
     * Evaluates every rule per value of the segment's key whose metric the given values cover, for
     * that segment value alone.
     *
     * @param segment the segment value the metrics and the drift run are of
     * @param metrics the segment's metrics over the default window, or null
     * @param drift   a drift run of the segment, or null
     * @param source  what produced the values, for the log
     */
    public List<AlertOutcome> evaluate(Segment segment, ModelMetrics metrics, DriftRunCompleted drift,
            String source) {
        return evaluate(MetricSnapshot.of(metrics, drift, source, segment));
    }

    private List<AlertOutcome> evaluate(MetricSnapshot snapshot) {
        List<AlertOutcome> outcomes = new ArrayList<>();
        boolean queued = false;
        for (AlertRule rule : rules.all()) {
            if (!snapshot.concerns(rule) || !snapshot.covers(rule.metric())) {
                continue;
            }
            AlertOutcome outcome = evaluate(rule, snapshot);
            queued |= !"unchanged".equals(outcome.change()) && !"no_value".equals(outcome.change());
            outcomes.add(outcome);
        }
        meters.refreshFiring(snapshot.model());
        if (queued) {
            delivery.nudge();
        }
        return outcomes;
    }

    @EventListener
    void on(MetricsComputed computed) {
        ModelMetrics metrics = computed.metrics();
        if (computed.segment() == null) {
            safely(() -> evaluate(metrics, null, "metrics"), metrics.model());
        } else {
            safely(() -> evaluate(computed.segment(), metrics, null, "metrics"), metrics.model());
        }
    }

    @EventListener
    void on(OverridesComputed overrides) {
        safely(() -> evaluate(MetricSnapshot.of(overrides)), overrides.model());
    }

    @EventListener
    void on(CreditValidated validated) {
        safely(() -> evaluate(MetricSnapshot.of(validated)), validated.model());
    }

    @EventListener
    void on(DriftRunCompleted run) {
        safely(() -> evaluate(null, run, "drift-run:" + run.runId()), run.model());
    }

    @EventListener
    void on(SegmentDriftRunCompleted completed) {
        DriftRunCompleted run = completed.run();
        safely(() -> evaluate(completed.segment(), null, run, "drift-run:" + run.runId()), run.model());
    }

    /**
     * A retraining or rollback run ended: tell the team as the monitoring guide does. Skipped runs are not
     * told, nor requests that found no action configured: that is a fact of the configuration,
     * said at start and on the alert that asked.
     */
    @EventListener
    void on(RetrainingRunFinished run) {
        if ("not_configured".equals(run.outcome())) {
            return;
        }
        Severity severity = switch (run.outcome()) {
            case "succeeded" -> Severity.INFO;
            case "not_configured" -> Severity.WARNING;
            default -> Severity.CRITICAL;
        };
        AlertMessages.Text text = messages.retraining(run, severity);
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> enqueue(null, run.model(), AlertMessages.EVENT, severity, text,
                now));
        delivery.nudge();
    }

    private void safely(Runnable evaluation, String model) {
        try {
            evaluation.run();
        } catch (RuntimeException e) {
            log.error("Alert evaluation for model {} failed; it runs again with the next values", model, e);
        }
    }

    private AlertOutcome evaluate(AlertRule written, MetricSnapshot snapshot) {
        String model = snapshot.model();
        String segment = snapshot.segmentText();
        Double value = snapshot.value(written.metric());
        Optional<AlertStore.OpenAlert> open = store.findOpen(model, written.name(), segment);
        // an open alert keeps the severity it fired with, for its reminders and its resolution
        AlertRule rule = open.map(alert -> written.withSeverity(alert.severity())).orElse(written);
        if (value == null) {
            return outcome(rule, segment, null, open.map(AlertStore.OpenAlert::state).orElse("ok"),
                    "no_value", open.map(AlertStore.OpenAlert::id).orElse(null));
        }
        Instant now = clock.instant();
        boolean holds = rule.holds(value);
        String streakKey = model + "/" + rule.name() + (segment == null ? "" : "/" + segment);
        if (!holds) {
            streaks.remove(streakKey);
        }
        if (holds && open.isEmpty()) {
            int streak = streaks.merge(streakKey, 1, Integer::sum);
            if (streak < rule.consecutive()) {
                return outcome(rule, segment, value, "pending", "pending", null);
            }
            streaks.remove(streakKey);
            return fire(rule.at(value), snapshot, value, now);
        }
        if (holds) {
            AlertStore.OpenAlert alert = open.get();
            store.touch(alert.id(), value, snapshot.driftRunId(), now);
            boolean due = AlertStore.FIRING.equals(alert.state())
                    && !now.isBefore(alert.lastNotifiedAt().plus(properties.repeatInterval()));
            if (due && rule.has(AlertAction.NOTIFY_TEAM)) {
                Boolean repeated = transactions.execute(status -> {
                    List<Channel> channels = channels(rule.severity());
                    if (!store.markRepeated(alert.id(), alert.lastNotifiedAt(), now, channels.size())) {
                        return false;
                    }
                    AlertMessages.Text text = messages.firing(rule, model, segment, value, snapshot.driftRunId(),
                            alert.id(), alert.firedAt(), true);
                    enqueue(alert.id(), model, AlertMessages.REPEAT, rule.severity(), text, now);
                    return true;
                });
                if (Boolean.TRUE.equals(repeated)) {
                    log.warn("Alert {} ({}) on {}{} still firing: {} = {}", alert.id(), rule.name(), model,
                            segment == null ? "" : " segment " + segment, rule.metric().key(),
                            rule.metric().format(value));
                    return outcome(rule, segment, value, alert.state(), "repeated", alert.id());
                }
            }
            return outcome(rule, segment, value, alert.state(), "unchanged", alert.id());
        }
        if (open.isPresent()) {
            AlertStore.OpenAlert alert = open.get();
            Boolean resolved = transactions.execute(status -> {
                List<Channel> channels = rule.has(AlertAction.NOTIFY_TEAM) ? channels(rule.severity()) : List.of();
                if (!store.resolve(alert.id(), value, now, channels.size())) {
                    return false;
                }
                if (!channels.isEmpty()) {
                    AlertMessages.Text text = messages.resolved(rule, model, segment, value, snapshot.driftRunId(),
                            alert.id(), alert.firedAt(), now);
                    enqueue(alert.id(), model, AlertMessages.RESOLVED, rule.severity(), text, now);
                }
                return true;
            });
            if (Boolean.TRUE.equals(resolved)) {
                log.info("Alert {} ({}) on {}{} resolved: {} = {}", alert.id(), rule.name(), model,
                        segment == null ? "" : " segment " + segment, rule.metric().key(), rule.metric().format(value));
                return outcome(rule, segment, value, "ok", "resolved", alert.id());
            }
        }
        return outcome(rule, segment, value, "ok", "unchanged", null);
    }

    private AlertOutcome fire(AlertRule rule, MetricSnapshot snapshot, double value, Instant now) {
        String model = snapshot.model();
        String segment = snapshot.segmentText();
        List<Channel> channels = rule.has(AlertAction.NOTIFY_TEAM) ? channels(rule.severity()) : List.of();
        Long id;
        try {
            id = transactions.execute(status -> {
                long alertId = store.insertFiring(rule, model, segment, value, snapshot.driftRunId(), now,
                        channels.size());
                if (!channels.isEmpty()) {
                    AlertMessages.Text text = messages.firing(rule, model, segment, value, snapshot.driftRunId(),
                            alertId, now, false);
                    enqueue(alertId, model, AlertMessages.FIRING, rule.severity(), text, now);
                }
                if (rule.has(AlertAction.LOG_INVESTIGATION)) {
                    store.saveInvestigation(alertId, investigation(rule, snapshot, value), now);
                }
                return alertId;
            });
        } catch (DuplicateKeyException firedElsewhere) {
            Long other = store.findOpen(model, rule.name(), segment).map(AlertStore.OpenAlert::id).orElse(null);
            return outcome(rule, segment, value, AlertStore.FIRING, "unchanged", other);
        }
        meters.fired(rule, model);
        log.warn("Alert {} fired: [{}] {} on {}{}: {} = {} ({}); actions: {}", id, rule.severity(), rule.name(), model,
                segment == null ? "" : " segment " + segment, rule.metric().key(), rule.metric().format(value),
                rule.conditionText(), rule.actionText());
        String reason = String.format(java.util.Locale.ROOT, "%s%s: %s = %s (%s)", rule.name(),
                segment == null ? "" : " [" + segment + "]", rule.metric().key(), rule.metric().format(value),
                rule.conditionText());
        if (rule.has(AlertAction.TRIGGER_RETRAINING)) {
            events.publishEvent(new RetrainingRequested(model, List.of(reason), "alert:" + rule.name()));
        }
        if (rule.has(AlertAction.ROLLBACK_MODEL)) {
            events.publishEvent(new RollbackRequested(model, reason, "alert:" + rule.name()));
        }
        return outcome(rule, segment, value, AlertStore.FIRING, "fired", id);
    }

    private Map<String, Object> investigation(AlertRule rule, MetricSnapshot snapshot, double value) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("rule", rule.name());
        record.put("metric", rule.metric().key());
        record.put("value", value);
        record.put("condition", rule.conditionText());
        record.put("severity", rule.severity().name());
        record.put("source", snapshot.source());
        if (snapshot.segment() != null) {
            record.put("segment", snapshot.segmentText());
        }
        if (snapshot.driftRunId() != null) {
            record.put("drift_run_id", snapshot.driftRunId());
        }
        record.put("values", snapshot.byName());
        return record;
    }

    /** The channels routed for a severity that have what they need. */
    private List<Channel> channels(Severity severity) {
        return properties.routing().of(severity).stream().distinct().filter(delivery::configured).toList();
    }

    private void enqueue(Long alertId, String model, String kind, Severity severity, AlertMessages.Text text,
            Instant now) {
        for (Channel channel : channels(severity)) {
            outbox.enqueue(alertId, model, kind, channel, severity, text.subject(), text.body(), now);
        }
    }

    private static AlertOutcome outcome(AlertRule rule, String segment, Double value, String state, String change,
            Long alertId) {
        return new AlertOutcome(rule.name(), rule.metric().key(), value, rule.conditionText(), rule.severity().name(),
                state, change, alertId, segment);
    }
}
