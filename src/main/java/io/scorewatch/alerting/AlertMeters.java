package io.scorewatch.alerting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * {@code credit_scoring_alerts_total{rule, severity, model}}: alerts fired (by this replica;
 * every rule's series exists from the start), and {@code credit_scoring_alerts_firing{model}}:
 * alerts firing now, from the store, so every replica exports the same number.
 */
@Component
class AlertMeters {

    private static final Logger log = LoggerFactory.getLogger(AlertMeters.class);

    private final MeterRegistry registry;
    private final AlertStore store;
    private final ModelRegistry models;
    private final AlertRules rules;
    private final Map<String, AtomicLong> firing = new LinkedHashMap<>();

    AlertMeters(MeterRegistry registry, AlertStore store, ModelRegistry models, AlertRules rules) {
        this.registry = registry;
        this.store = store;
        this.models = models;
        this.rules = rules;
        for (ModelDefinition model : models.all()) {
            AtomicLong count = new AtomicLong();
            firing.put(model.name(), count);
            Gauge.builder("credit_scoring_alerts_firing", count, AtomicLong::get)
                    .description("Alerts firing now (not acknowledged, not resolved)")
                    .tag("model", model.name())
                    .register(registry);
        }
        registerRules();
        rules.onReload(this::registerRules);
    }

    private void registerRules() {
        for (AlertRule rule : rules.all()) {
            for (ModelDefinition model : models.all()) {
                for (Severity severity : rule.severities()) {
                    counter(rule.withSeverity(severity), model.name());
                }
            }
        }
    }

    void fired(AlertRule rule, String model) {
        counter(rule, model).increment();
    }

    private Counter counter(AlertRule rule, String model) {
        return Counter.builder("credit_scoring_alerts").description("Alerts fired, by rule")
                .tag("rule", rule.name())
                .tag("severity", rule.severity().name())
                .tag("model", model)
                .register(registry);
    }

    /** Reads the number of firing alerts of a model from the store. */
    void refreshFiring(String model) {
        AtomicLong count = firing.get(model);
        if (count != null) {
            count.set(store.countFiring(model));
        }
    }

    @Scheduled(cron = "${scorewatch.schedule.realtime}")
    void refreshAll() {
        try {
            firing.keySet().forEach(this::refreshFiring);
        } catch (RuntimeException e) {
            log.warn("Could not count the firing alerts; the gauge keeps its value", e);
        }
    }
}
