package io.scorewatch.credit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import jakarta.annotation.PreDestroy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.drift.DriftRunCompleted;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.stats.TrafficLight;

/**
 * The credit-validation gauges, refreshed on the daily schedule (and after each drift run of the
 * total) over
 * {@code scorewatch.credit.default-window} ending now: per model the Hosmer-Lemeshow p-value, the
 * AUC-fall p-value and the grade HHI, and per grade its traffic light (0 green, 1 yellow, 2 red).
 * Tags are bounded: configured models, and each model's grades (configured names, or at most
 * ten reference deciles). NaN until computed, or when a figure cannot be.
 */
@Component
class CreditGauges {

    /** One refresh after drift runs at a time, on a thread of its own. */
    private final ScheduledThreadPoolExecutor afterDriftRuns = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "credit-validation-after-drift");
        thread.setDaemon(true);
        return thread;
    });
    /** Per model, the refresh waiting for drift runs to be quiet. */
    private final Map<String, ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();

    private static final Logger log = LoggerFactory.getLogger(CreditGauges.class);

    private final ModelRegistry models;
    private final CreditValidation validation;
    private final CreditProperties properties;
    private final MeterRegistry registry;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, AtomicReference<CreditValidated>> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> lights = new ConcurrentHashMap<>();

    CreditGauges(ModelRegistry models, CreditValidation validation, CreditProperties properties,
            MeterRegistry registry, ApplicationEventPublisher events, Clock clock) {
        this.models = models;
        this.validation = validation;
        this.properties = properties;
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        afterDriftRuns.setRemoveOnCancelPolicy(true);
        for (ModelDefinition model : models.all()) {
            AtomicReference<CreditValidated> holder = new AtomicReference<>();
            latest.put(model.name(), holder);
            gauge("credit_scoring_hosmer_lemeshow_p_value", model.name(), holder,
                    "Hosmer-Lemeshow p-value of the calibration over the grades (daily)", CreditValidated::hosmerLemeshowPValue);
            gauge("credit_scoring_auc_fall_p_value", model.name(), holder,
                    "One-sided p-value of a fall of the AUC below the initial AUC (daily)", CreditValidated::aucFallPValue);
            gauge("credit_scoring_grade_hhi", model.name(), holder,
                    "Herfindahl-Hirschman index of the grade distribution (daily)", CreditValidated::hhi);
            model.grades().forEach(grade -> light(model.name(), grade.name()));
        }
    }

    private void gauge(String name, String model, AtomicReference<CreditValidated> holder, String description,
            java.util.function.Function<CreditValidated, Double> value) {
        Gauge.builder(name, holder, h -> {
            CreditValidated v = h.get();
            Double x = v == null ? null : value.apply(v);
            return x == null ? Double.NaN : x;
        }).description(description).tag("model", model).strongReference(true).register(registry);
    }

    private AtomicReference<Double> light(String model, String grade) {
        return lights.computeIfAbsent(model + "\u0000" + grade, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder("credit_scoring_grade_traffic_light", holder, AtomicReference::get)
                    .description("Traffic light of a grade's Jeffreys test: 0 green, 1 yellow, 2 red (daily)")
                    .tags("model", model, "grade", grade).strongReference(true).register(registry);
            return holder;
        });
    }

    /**
     * Daily, on every replica: the figures set on this replica's gauges, read from the one
     * database, so that every replica exports them, and published for the alert rules. Every
     * replica evaluates them, as it does its metrics: the open alert's unique key lets one fire.
     */
    @Scheduled(cron = "${scorewatch.schedule.daily}")
    void daily() {
        for (ModelDefinition model : models.all()) {
            try {
                events.publishEvent(refresh(model));
            } catch (ErrorResponseException | IllegalArgumentException e) {
                log.info("Model {}: credit validation skipped ({})", model.name(), e.getMessage());
            }
        }
    }

    /**
     * A drift run of the model's total refreshes its credit gauges too, so that they follow a
     * monitoring run between two daily refreshes. The refresh reads the whole validation window:
     * it runs on a thread of its own, one at a time, once no drift run of the model has completed
     * for {@code scorewatch.credit.refresh-after-drift-runs}: a series of drift runs is followed by
     * one refresh, which does not take the cores from the runs of the series.
     */
    @EventListener
    void on(DriftRunCompleted run) {
        models.find(run.model()).ifPresent(model -> waiting.compute(model.name(), (name, earlier) -> {
            if (earlier != null) {
                earlier.cancel(false);
            }
            return afterDriftRuns.schedule(() -> {
                try {
                    events.publishEvent(refresh(model));
                } catch (RuntimeException e) {
                    log.info("Model {}: credit validation after drift run {} skipped ({})", model.name(),
                            run.runId(), e.getMessage());
                }
            }, properties.refreshAfterDriftRuns().toMillis(), TimeUnit.MILLISECONDS);
        }));
    }

    @PreDestroy
    void stop() {
        afterDriftRuns.shutdownNow();
    }

    /** Computes the model's validation over the default window ending now and sets its gauges. */
    CreditValidated refresh(ModelDefinition model) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant from = now.minus(properties.defaultWindow());
        Calibration calibration = validation.calibration(model, null, from, now, now);
        Discrimination discrimination = validation.discrimination(model, null, from, now, now);
        double red = 0;
        double yellow = 0;
        for (Calibration.GradeResult grade : calibration.grades()) {
            Double value = grade.trafficLight() == null ? Double.NaN
                    : (double) TrafficLight.valueOf(grade.trafficLight()).ordinal();
            light(model.name(), grade.grade()).set(value);
            red += "RED".equals(grade.trafficLight()) ? 1 : 0;
            yellow += "YELLOW".equals(grade.trafficLight()) ? 1 : 0;
        }
        boolean tested = calibration.portfolio().count() > 0;
        CreditValidated validated = new CreditValidated(model.name(),
                calibration.hosmerLemeshow() == null ? null : calibration.hosmerLemeshow().pValue(),
                discrimination.pValue(), tested ? red : null, tested ? yellow : null, calibration.hhi().current());
        latest.get(model.name()).set(validated);
        return validated;
    }

}
