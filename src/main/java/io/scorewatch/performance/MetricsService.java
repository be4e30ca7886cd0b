package io.scorewatch.performance;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.scorewatch.segment.Segment;
import io.scorewatch.window.PredictionWindowReader;
import io.scorewatch.ingest.RequestErrorCounts;
import io.scorewatch.window.ScoreColumns;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.window.DecisionCounts;
import io.scorewatch.stats.ConfidenceBasedEstimate;
import io.scorewatch.summary.BucketSummary;
import io.scorewatch.summary.Summaries;

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
    private final ProbabilityCalibration calibration;
    private final EstimationProperties estimation;
    private final Summaries summaries;

    MetricsService(PredictionWindowReader predictions, RequestErrorCounts errors, MetricsProperties properties,
            ModelRegistry models, ProbabilityCalibration calibration, EstimationProperties estimation,
            Summaries summaries) {
        this.summaries = summaries;
        this.predictions = predictions;
        this.errors = errors;
        this.properties = properties;
        this.models = models;
        this.calibration = calibration;
        this.estimation = estimation;
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
        return compute(model, window, null);
    }

    /**
     * The metrics of one segment value over the window, or of the total when the segment is null.
     * Request errors carry no segment: a segment's figures count none.
     */
    public ModelMetrics compute(ModelDefinition model, MetricsWindow window, Segment segment) {
        return compute(model, window, segment, null);
    }

    /**
     * The metrics of one segment value (the total when null) of one model version's predictions
     * (every version when null) over the window. Request errors carry neither a segment nor a
     * version: the figures of a segment or of a version count none.
     */
    public ModelMetrics compute(ModelDefinition model, MetricsWindow window, Segment segment, String version) {
        // one row past exact-max-rows tells the read is too large for raw rows, with no count before it
        ScoreColumns current = predictions.scoreColumns(model.name(), segment, version, window.from(), window.to(),
                summaries.exactMaxRows() + 1);
        if (!summaries.exact(model.name(), segment, version, window.from(), window.to(), current.size())) {
            return computeFromSummaries(model, window, window.previous(), segment, version);
        }
        return fromRaw(model, window, segment, version, current);
    }

    /** {@link #compute(ModelDefinition, MetricsWindow, Segment, String)} from the window's raw score columns. */
    private ModelMetrics fromRaw(ModelDefinition model, MetricsWindow window, Segment segment, String version,
            ScoreColumns current) {
        MetricsWindow before = window.previous();
        boolean noErrors = segment != null || version != null;
        long currentErrors = noErrors ? 0 : errors.count(model.name(), window.from(), window.to());
        DecisionCounts previous = predictions.decisionCounts(model.name(), segment, version, before.from(),
                before.to());
        long previousErrors = noErrors ? 0 : errors.count(model.name(), before.from(), before.to());
        return ModelMetrics.of(model, current, currentErrors, previous, previousErrors, properties.minLabels())
                .withEstimate(estimate(model, current));
    }

    /**
     * The metrics of each of these values of one segment key over the window. When the raw rows
     * with a value of the key cover the window and number at most {@code exact-max-rows}, every
     * value comes from one scan of the window and one count of the previous window; otherwise
     * each value is computed on its own, exact or from summaries as {@link #compute(ModelDefinition,
     * MetricsWindow, Segment)} decides.
     */
    public Map<Segment, ModelMetrics> computeValues(ModelDefinition model, MetricsWindow window, String key,
            List<String> values) {
        Map<Segment, ModelMetrics> computed = new LinkedHashMap<>();
        long limit = summaries.exactMaxRows() + 1;
        Map<String, ScoreColumns> current = predictions.scoreColumnsByValue(model.name(), key, window.from(),
                window.to(), limit);
        long read = current.values().stream().mapToLong(ScoreColumns::size).sum();
        if (read >= limit || !summaries.exact(model.name(), null, window.from(), window.to(), read)) {
            for (String value : values) {
                Segment segment = new Segment(key, value);
                computed.put(segment, compute(model, window, segment));
            }
            return computed;
        }
        return valuesFrom(model, window, key, values, current);
    }

    /** The metrics of the total and of each kept value of each key (key to values), as gauges show them. */
    public record WithSegments(ModelMetrics total, Map<Segment, ModelMetrics> segments) {
    }

    /**
     * {@link #compute(ModelDefinition, MetricsWindow)} and {@link #computeValues} of every key
     * given, from one read of the window when raw rows cover it and it holds at most
     * {@code exact-max-rows} rows; otherwise each as it would be computed alone.
     */
    public WithSegments computeWithValues(ModelDefinition model, MetricsWindow window,
            Map<String, List<String>> valuesByKey) {
        long limit = summaries.exactMaxRows() + 1;
        PredictionWindowReader.KeyedScores read = predictions.scoreColumnsWithValues(model.name(),
                List.copyOf(valuesByKey.keySet()), window.from(), window.to(), limit);
        Map<Segment, ModelMetrics> segments = new LinkedHashMap<>();
        if (read.total().size() >= limit
                || !summaries.exact(model.name(), null, null, window.from(), window.to(), read.total().size())) {
            // the window is too large for raw rows, or they do not cover it: the total from the summaries
            ModelMetrics total = computeFromSummaries(model, window, window.previous(), null, null);
            valuesByKey.forEach((key, values) -> segments.putAll(computeValues(model, window, key, values)));
            return new WithSegments(total, segments);
        }
        ModelMetrics total = fromRaw(model, window, null, null, read.total());
        valuesByKey.forEach((key, values) -> segments.putAll(valuesFrom(model, window, key, values,
                read.byKey().get(key))));
        return new WithSegments(total, segments);
    }

    /** The metrics of each value of a key from the window's columns of its values, read exactly. */
    private Map<Segment, ModelMetrics> valuesFrom(ModelDefinition model, MetricsWindow window, String key,
            List<String> values, Map<String, ScoreColumns> current) {
        Map<Segment, ModelMetrics> computed = new LinkedHashMap<>();
        MetricsWindow before = window.previous();
        Map<String, DecisionCounts> previous = predictions.decisionCountsByValue(model.name(), key, before.from(),
                before.to());
        for (String value : values) {
            Segment segment = new Segment(key, value);
            ScoreColumns scores = current.getOrDefault(value, new ScoreColumns(model.name(), window.from(),
                    window.to(), 0, new double[0], new byte[0], new byte[0], new double[0]));
            if (!summaries.exact(model.name(), segment, window.from(), window.to(), scores.size())) {
                computed.put(segment, compute(model, window, segment));
                continue;
            }
            computed.put(segment, ModelMetrics.of(model, scores, 0, previous.getOrDefault(value,
                    new DecisionCounts(0, 0, 0, 0, 0)), 0, properties.minLabels()).withEstimate(estimate(model, scores)));
        }
        return computed;
    }

    /** The metrics of a window from merged summaries (and raw rows for what they do not cover yet). */
    private ModelMetrics computeFromSummaries(ModelDefinition model, MetricsWindow window, MetricsWindow before,
            Segment segment, String version) {
        Summaries.SummaryRead read = summaries.readScores(model.name(), segment, version, window.from(),
                window.to());
        boolean noErrors = segment != null || version != null;
        long currentErrors = noErrors ? 0 : errors.count(model.name(), window.from(), window.to());
        long previousErrors = noErrors ? 0 : errors.count(model.name(), before.from(), before.to());
        DecisionCounts previous;
        if (summaries.exact(model.name(), segment, version, before.from(), before.to(),
                summaries.rawRows(model.name(), segment, version, before.from(), before.to()))) {
            previous = predictions.decisionCounts(model.name(), segment, version, before.from(), before.to());
        } else {
            BucketSummary earlier = summaries.readScores(model.name(), segment, version, before.from(), before.to())
                    .summary();
            long[] cells = earlier.decisionCells();
            previous = new DecisionCounts(earlier.predictions(), cells[0], cells[1], cells[2], cells[3]);
        }
        ProbabilityCalibration.Calibrator calibrator = calibration.forModel(model.name());
        ConfidenceBasedEstimate estimate = read.summary().scores().confidenceBasedEstimate(calibrator::apply,
                model.decisionThreshold(), model.costs().falseNegative(), model.costs().falsePositive());
        return ModelMetrics.ofSummary(model, window.from(), window.to(), read, currentErrors, previous,
                previousErrors, properties.minLabels())
                .withEstimate(EstimatedPerformance.of(estimate, calibrator.report(), estimation.bandStandardErrors()));
    }

    /**
     * The last {@code weeks} ISO weeks (Monday 00:00 UTC), newest first, the current one
     * included: predictions, labels so far, realised and estimated performance.
     */
    public List<Cohort> cohorts(String modelName, int weeks, Instant now) {
        return cohorts(modelName, weeks, now, null);
    }

    /** {@link #cohorts(String, int, Instant)} of one segment value; the total when null. */
    public List<Cohort> cohorts(String modelName, int weeks, Instant now, Segment segment) {
        ModelDefinition model = models.get(modelName);
        LocalDate monday = now.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(
                DayOfWeek.MONDAY));
        List<Cohort> cohorts = new ArrayList<>();
        for (int w = 0; w < weeks; w++) {
            Instant from = monday.minusWeeks(w).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = from.plus(Duration.ofDays(7));
            ScoreColumns scores = predictions.scoreColumns(model.name(), segment, from, to);
            ModelMetrics metrics = ModelMetrics.of(model, scores, 0, new DecisionCounts(0, 0, 0, 0, 0), 0,
                    properties.minLabels());
            long labeled = metrics.performance().labeledCount();
            String week = from.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format(
                    java.util.Locale.ROOT, "%02d", from.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            cohorts.add(new Cohort(week, from, to, scores.size(), labeled,
                    scores.size() == 0 ? null : (double) labeled / scores.size(), metrics.performance(),
                    estimate(model, scores), segment == null ? null : segment.toString()));
        }
        return cohorts;
    }

    /** Confidence-based estimate over every prediction of the window, calibrated as the reference says. */
    private EstimatedPerformance estimate(ModelDefinition model, ScoreColumns current) {
        ProbabilityCalibration.Calibrator calibrator = calibration.forModel(model.name());
        double[] scores = current.probability();
        ConfidenceBasedEstimate estimate = ConfidenceBasedEstimate.of(scores, calibrator::apply,
                model.decisionThreshold(), model.costs().falseNegative(), model.costs().falsePositive());
        return EstimatedPerformance.of(estimate, calibrator.report(), estimation.bandStandardErrors());
    }
}
