package io.scorewatch.retraining;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * {@code credit_scoring_retraining_runs_total{model,kind,outcome}}: every decision and run by how
 * it ended. Every series of the configured models is registered at 0 at start-up, so Prometheus
 * sees it (and {@code increase()} works) before the first run.
 */
@Component
class RetrainingMeters {

    private final MeterRegistry registry;

    RetrainingMeters(MeterRegistry registry, ModelRegistry models) {
        this.registry = registry;
        for (ModelDefinition model : models.all()) {
            for (RunKind kind : RunKind.values()) {
                for (Outcome outcome : Outcome.values()) {
                    counter(model.name(), kind, outcome);
                }
            }
        }
    }

    void count(String model, RunKind kind, Outcome outcome) {
        counter(model, kind, outcome).increment();
    }

    private Counter counter(String model, RunKind kind, Outcome outcome) {
        return Counter.builder("credit_scoring_retraining_runs")
                .description("Retraining and rollback runs and decisions, by outcome")
                .tag("model", model).tag("kind", kind.value()).tag("outcome", outcome.value())
                .register(registry);
    }
}
