package io.scorewatch.performance;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentDictionary;
import io.scorewatch.window.BackgroundReads;

/**
 * The {@code credit_scoring_*} gauges of every configured model ({@code model} tag), over the
 * default window ending now. Values are computed from the store on a schedule
 * (the real-time schedule, {@code scorewatch.schedule.realtime}; on every replica, unlocked), so every replica exports the same numbers; an undefined
 * value (no predictions, too few labels, one class) exports NaN. Each value of each declared segment
 * key has gauges of its own families, {@code credit_scoring_segment_*{model, segment_key,
 * segment_value}}, refreshed with the total's; a segment's metrics are published with their
 * segment for the per-segment alert rules.
 */
@Component
class MetricsGauges {

    private static final Logger log = LoggerFactory.getLogger(MetricsGauges.class);

    /** A gauge: its Prometheus name (exactly), description and value. */
    private record Gauged(String name, String description, Function<ModelMetrics, Number> value) {
    }

    private static final List<Gauged> GAUGES = List.of(
            new Gauged("credit_scoring_default_rate", "Share of predictions that are default (1)",
                    ModelMetrics::defaultRate),
            new Gauged("credit_scoring_avg_probability", "Mean predicted probability of default",
                    ModelMetrics::avgProbability),
            new Gauged("credit_scoring_high_risk_share", "Share of probabilities above the high-risk probability",
                    ModelMetrics::highRiskShare),
            new Gauged("credit_scoring_roc_auc", "ROC AUC of the labelled predictions",
                    m -> m.performance().rocAuc()),
            new Gauged("credit_scoring_precision", "Precision at the decision threshold",
                    m -> m.performance().precision()),
            new Gauged("credit_scoring_recall", "Recall at the decision threshold", m -> m.performance().recall()),
            new Gauged("credit_scoring_f1", "F1 at the decision threshold", m -> m.performance().f1()),
            new Gauged("credit_scoring_gini", "Gini coefficient (2 AUC - 1)", m -> m.performance().gini()),
            new Gauged("credit_scoring_brier_score", "Brier score of the labelled predictions",
                    m -> m.performance().brierScore()),
            new Gauged("credit_scoring_business_cost", "Total cost of false negatives and false positives",
                    m -> m.businessCost().totalCost()),
            new Gauged("credit_scoring_business_cost_change",
                    "Relative change of the business cost against the previous window",
                    m -> m.businessCost().weekOverWeekChange()),
            new Gauged("credit_scoring_error_rate", "Reported request errors per request",
                    m -> m.system().errorRate()),
            new Gauged("credit_scoring_labeled_predictions", "Predictions with a known outcome",
                    m -> m.performance().labeledCount()),
            new Gauged("credit_scoring_estimated_roc_auc", "ROC AUC estimated from the probabilities alone",
                    m -> estimate(m, EstimatedPerformance::estimatedRocAuc)),
            new Gauged("credit_scoring_estimated_precision", "Precision estimated from the probabilities alone",
                    m -> estimate(m, EstimatedPerformance::estimatedPrecision)),
            new Gauged("credit_scoring_estimated_recall", "Recall estimated from the probabilities alone",
                    m -> estimate(m, EstimatedPerformance::estimatedRecall)),
            new Gauged("credit_scoring_estimated_f1", "F1 estimated from the probabilities alone",
                    m -> estimate(m, EstimatedPerformance::estimatedF1)),
            new Gauged("credit_scoring_estimated_business_cost", "Business cost estimated from the probabilities alone",
                    m -> estimate(m, EstimatedPerformance::estimatedBusinessCost)),
            new Gauged("credit_scoring_latency_p95_seconds", "95th percentile of the model API's response time",
                    m -> m.system().latencyP95Ms() == null ? null : m.system().latencyP95Ms() / 1000));

    /**
     * The per-segment gauges, {@code credit_scoring_segment_*{model, segment_key, segment_value}}: families of
     * their own, so that a query of the total's families never counts a segment twice.
     */
    private static final List<Gauged> SEGMENT_GAUGES = List.of(
            new Gauged("credit_scoring_segment_predictions", "Predictions of the segment in the default window",
                    m -> m.predictionCount()),
            new Gauged("credit_scoring_segment_default_rate", "Share of the segment's predictions that are default (1)",
                    ModelMetrics::defaultRate),
            new Gauged("credit_scoring_segment_avg_probability", "Mean predicted probability of default of the segment",
                    ModelMetrics::avgProbability),
            new Gauged("credit_scoring_segment_high_risk_share",
                    "Share of the segment's probabilities above the high-risk probability", ModelMetrics::highRiskShare),
            new Gauged("credit_scoring_segment_roc_auc", "ROC AUC of the segment's labelled predictions",
                    m -> m.performance().rocAuc()),
            new Gauged("credit_scoring_segment_precision", "Precision of the segment at the decision threshold",
                    m -> m.performance().precision()),
            new Gauged("credit_scoring_segment_recall", "Recall of the segment at the decision threshold",
                    m -> m.performance().recall()),
            new Gauged("credit_scoring_segment_f1", "F1 of the segment at the decision threshold",
                    m -> m.performance().f1()),
            new Gauged("credit_scoring_segment_brier_score", "Brier score of the segment's labelled predictions",
                    m -> m.performance().brierScore()),
            new Gauged("credit_scoring_segment_labeled_predictions", "The segment's predictions with a known outcome",
                    m -> m.performance().labeledCount()),
            new Gauged("credit_scoring_segment_business_cost",
                    "Total cost of the segment's false negatives and false positives",
                    m -> m.businessCost().totalCost()));

    private final ModelRegistry models;
    private final MetricsService metrics;
    private final SegmentDictionary dictionary;
    private final MeterRegistry registry;
    private final MetricsProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final BackgroundReads background;
    /** The latest metrics of each model; null until the first refresh. Held here so the gauges stay registered. */
    private final Map<String, AtomicReference<ModelMetrics>> latest = new LinkedHashMap<>();
    /** The latest metrics of each model's segment values, by "model/KEY:VALUE"; registered as values appear. */
    private final Map<String, AtomicReference<ModelMetrics>> latestOfSegments = new ConcurrentHashMap<>();

    MetricsGauges(ModelRegistry models, MetricsService metrics, MetricsProperties properties, Clock clock,
            MeterRegistry registry, ApplicationEventPublisher events, SegmentDictionary dictionary,
            BackgroundReads background) {
        this.models = models;
        this.metrics = metrics;
        this.dictionary = dictionary;
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.background = background;
        for (ModelDefinition model : models.all()) {
            AtomicReference<ModelMetrics> holder = new AtomicReference<>();
            latest.put(model.name(), holder);
            for (Gauged gauged : GAUGES) {
                Gauge.builder(gauged.name(), holder, h -> value(h.get(), gauged.value()))
                        .description(gauged.description())
                        .tag("model", model.name())
                        .register(registry);
            }
        }
    }

    /**
     * Recomputes every model's metrics over the default window ending now, with those of every
     * value of every declared segment key (the values kept, then {@code other} and
     * {@code missing}), sets their gauges and tells alerting. The total and all values come from
     * one read of the window when it is computed exactly.
     */
    @Scheduled(cron = "${scorewatch.schedule.realtime}")
    synchronized void refresh() {
        MetricsWindow window = MetricsWindow.ending(clock.instant(), properties.defaultWindow());
        for (ModelDefinition model : models.all()) {
            Map<String, List<String>> valuesByKey = new LinkedHashMap<>();
            MetricsService.WithSegments computed;
            try {
                model.segments().keySet().forEach(key -> valuesByKey.put(key,
                        dictionary.readableValues(model.name(), key)));
                computed = background.read(() -> metrics.computeWithValues(model, window, valuesByKey));
            } catch (RuntimeException e) {
                log.warn("Could not refresh the metrics of model {}; the gauges keep their previous values",
                        model.name(), e);
                continue;
            }
            latest.get(model.name()).set(computed.total());
            events.publishEvent(new MetricsComputed(computed.total()));
            computed.segments().forEach((segment, values) -> {
                segmentHolder(model.name(), segment).set(values);
                events.publishEvent(new MetricsComputed(values, segment));
            });
        }
    }

    private AtomicReference<ModelMetrics> segmentHolder(String model, Segment segment) {
        return latestOfSegments.computeIfAbsent(model + "/" + segment, k -> {
            AtomicReference<ModelMetrics> holder = new AtomicReference<>();
            Tags tags = Tags.of("model", model, "segment_key", segment.key(), "segment_value", segment.value());
            for (Gauged gauged : SEGMENT_GAUGES) {
                Gauge.builder(gauged.name(), holder, h -> value(h.get(), gauged.value()))
                        .description(gauged.description()).tags(tags).register(registry);
            }
            return holder;
        });
    }

    private static Double estimate(ModelMetrics metrics, Function<EstimatedPerformance, Double> value) {
        return metrics.estimatedPerformance() == null ? null : value.apply(metrics.estimatedPerformance());
    }

    private static double value(ModelMetrics metrics, Function<ModelMetrics, Number> value) {
        if (metrics == null) {
            return Double.NaN;
        }
        Number number = value.apply(metrics);
        return number == null ? Double.NaN : number.doubleValue();
    }
}
