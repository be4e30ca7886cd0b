package io.scorewatch.credit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsComputed;
import io.scorewatch.performance.ModelMetrics;

/**
 * Credit gauges over the default metrics window, refreshed whenever the model's metrics are
 * (the real-time schedule): {@code credit_scoring_override_rate{model, side}} (side {@code low},
 * {@code high}, {@code all}) and {@code credit_scoring_challenger_auc_difference{model,
 * model_version}} (challenger AUC minus champion AUC) for the latest challenger versions, at most
 * {@link #CHALLENGER_VERSIONS}. Publishes {@link OverridesComputed} for alerting.
 */
@Component
class OverrideGauges {

    private static final Logger log = LoggerFactory.getLogger(OverrideGauges.class);
    /** Challenger versions a model exports a gauge for: the latest, by version text. */
    static final int CHALLENGER_VERSIONS = 3;

    private final ModelRegistry models;
    private final OverrideReads overrides;
    private final ChallengerReads challengers;
    private final MeterRegistry registry;
    private final ApplicationEventPublisher events;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    OverrideGauges(ModelRegistry models, OverrideReads overrides, ChallengerReads challengers, MeterRegistry registry,
            ApplicationEventPublisher events) {
        this.models = models;
        this.overrides = overrides;
        this.challengers = challengers;
        this.registry = registry;
        this.events = events;
        for (ModelDefinition model : models.all()) {
            for (String side : List.of("low", "high", "all")) {
                gauge("credit_scoring_override_rate", "Share of decisions overridden (low side: declined by the"
                        + " model, approved; high side: the reverse) over the default window", model.name(), "side",
                        side);
            }
        }
    }

    @EventListener
    void on(MetricsComputed computed) {
        ModelMetrics metrics = computed.metrics();
        if (metrics.segment() != null) {
            return;
        }
        try {
            ModelDefinition model = models.get(metrics.model());
            OverrideReport report = OverrideReport.of(model.name(), metrics.from(), metrics.to(), null,
                    overrides.read(model, null, metrics.from(), metrics.to(), false));
            set(model.name(), "side", "low", report.lowSideRate());
            set(model.name(), "side", "high", report.highSideRate());
            set(model.name(), "side", "all", report.overrideRate());
            events.publishEvent(new OverridesComputed(model.name(), report.overrideRate()));
            List<ChallengerReads.Challenger> versions = new ArrayList<>(
                    challengers.read(model, null, metrics.from(), metrics.to()));
            versions.sort(Comparator.comparing(ChallengerReads.Challenger::modelVersion).reversed());
            List<ChallengerReads.Challenger> latest = versions.subList(0, Math.min(CHALLENGER_VERSIONS,
                    versions.size()));
            retire(model.name(), latest.stream().map(ChallengerReads.Challenger::modelVersion).toList());
            for (ChallengerReads.Challenger c : latest) {
                gauge("credit_scoring_challenger_auc_difference", "Challenger AUC minus champion AUC on the same"
                        + " labelled applications over the default window", model.name(), "model_version",
                        c.modelVersion());
                set(model.name(), "model_version", c.modelVersion(), c.aucDifference());
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh the credit gauges of model {}; they keep their previous values",
                    metrics.model(), e);
        }
    }

    /** Removes the challenger gauges of the model's versions no longer among the latest. */
    private void retire(String model, List<String> latest) {
        String prefix = model + '\u0000' + "model_version" + '\u0000';
        for (String key : List.copyOf(values.keySet())) {
            if (key.startsWith(prefix) && !latest.contains(key.substring(prefix.length()))) {
                values.remove(key);
                Meter meter = registry.find("credit_scoring_challenger_auc_difference")
                        .tags("model", model, "model_version", key.substring(prefix.length())).gauge();
                if (meter != null) {
                    registry.remove(meter);
                }
            }
        }
    }

    private void set(String model, String tag, String value, Double figure) {
        AtomicReference<Double> cell = values.get(model + '\u0000' + tag + '\u0000' + value);
        if (cell != null) {
            cell.set(figure == null ? Double.NaN : figure);
        }
    }

    private void gauge(String name, String description, String model, String tag, String value) {
        values.computeIfAbsent(model + '\u0000' + tag + '\u0000' + value, k -> {
            AtomicReference<Double> cell = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, cell, AtomicReference::get).description(description).tag("model", model)
                    .tag(tag, value).register(registry);
            return cell;
        });
    }
}
