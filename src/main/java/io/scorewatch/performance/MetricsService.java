package io.scorewatch.performance;

import org.springframework.stereotype.Service;

import io.scorewatch.ingest.DecisionCounts;
import io.scorewatch.ingest.PredictionWindowReader;
import io.scorewatch.ingest.RequestErrorCounts;
import io.scorewatch.ingest.ScoreColumns;
import io.scorewatch.model.ModelDefinition;

/**
 * Computes a model's metrics from the store: one read of the window's score columns, and counts
 * only for the previous window (week-over-week cost, request volume).
 */
@Service
class MetricsService {

    private final PredictionWindowReader predictions;
    private final RequestErrorCounts errors;
    private final MetricsProperties properties;

    MetricsService(PredictionWindowReader predictions, RequestErrorCounts errors, MetricsProperties properties) {
        this.predictions = predictions;
        this.errors = errors;
        this.properties = properties;
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
