package io.scorewatch.performance;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Service;

import io.scorewatch.ingest.DecisionCounts;
import io.scorewatch.ingest.PredictionWindowReader;
import io.scorewatch.ingest.RequestErrorCounts;
import io.scorewatch.ingest.ScoreColumns;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;

/**
 * Computes a model's metrics from the store: one read of the window's score columns, and counts
 * only for the previous window (week-over-week cost, request volume).
 */
@Service
public class MetricsService {

    private final PredictionWindowReader predictions;
    private final RequestErrorCounts errors;
    private final MetricsProperties properties;
    private final ModelRegistry models;

    MetricsService(PredictionWindowReader predictions, RequestErrorCounts errors, MetricsProperties properties,
            ModelRegistry models) {
        this.predictions = predictions;
        this.errors = errors;
        this.properties = properties;
        this.models = models;
    }

    /** The length of the window the metrics gauges and a request without a window use. */
    public Duration defaultWindow() {
        return properties.defaultWindow();
    }

    /** The metrics of a model over [from, to). */
    public ModelMetrics compute(String model, Instant from, Instant to) {
        return compute(models.get(model), new MetricsWindow(from, to));
    }

    ModelMetrics compute(ModelDefinition model, MetricsWindow window) {
        MetricsWindow before = window.previous();
        ScoreColumns current = predictions.scoreColumns(model.name(), window.from(), window.to());
        long currentErrors = errors.count(model.name(), window.from(), window.to());
        DecisionCounts previous = predictions.decisionCounts(model.name(), before.from(), before.to());
        long previousErrors = errors.count(model.name(), before.from(), before.to());
        return ModelMetrics.of(model, current, currentErrors, previous, previousErrors, properties.minLabels());
    }
}
