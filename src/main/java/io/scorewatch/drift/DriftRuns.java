package io.scorewatch.drift;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import io.scorewatch.drift.DriftRunResponse.FeatureResult;
import io.scorewatch.segment.Segment;
import io.scorewatch.summary.BucketSummary;
import io.scorewatch.summary.Summaries;
import io.scorewatch.window.PredictionWindow;
import io.scorewatch.window.PredictionWindowReader;
import io.scorewatch.model.FeatureSchema;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.FeatureType;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.SchemaFeature;
import io.scorewatch.reference.ReferenceData;
import io.scorewatch.reference.ReferenceNotFoundException;
import io.scorewatch.reference.References;

/**
 * Runs feature, prediction and target drift of a model over a window against its reference.
 *
 * <p>The window is scanned once for its scores and where its feature vectors are; then its
 * feature columns are read, as many at a time as fit in a share of the free heap (all of them
 * for most windows), each block of vectors once per group. The features of a group are tested
 * in parallel, each on its own copy of its column. The reference comes presorted, so only the
 * window is sorted.
 */
@Service
public class DriftRuns {

    private static final Logger log = LoggerFactory.getLogger(DriftRuns.class);

    private final ModelRegistry models;
    private final FeatureSchemas schemas;
    private final References references;
    private final PredictionWindowReader windows;
    private final DriftRunStore store;
    private final DriftMeters meters;
    private final ApplicationEventPublisher events;
    private final DriftProperties properties;
    private final Clock clock;
    private final SegmentDriftMeters segmentMeters;
    private final Summaries summaries;

    DriftRuns(ModelRegistry models, FeatureSchemas schemas, References references, PredictionWindowReader windows,
            DriftRunStore store, DriftMeters meters, ApplicationEventPublisher events, DriftProperties properties,
            Clock clock, SegmentDriftMeters segmentMeters, Summaries summaries) {
        this.segmentMeters = segmentMeters;
        this.summaries = summaries;
        this.models = models;
        this.schemas = schemas;
        this.references = references;
        this.windows = windows;
        this.store = store;
        this.meters = meters;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Runs drift over the default window and answers its outcome (the event it publishes).
     *
     * @throws ReferenceNotFoundException when the model has no reference dataset
     * @throws ErrorResponseException     (422) when the window holds no prediction
     */
    public DriftRunCompleted runDefaultWindow(String modelName) {
        DriftRunResponse run = run(modelName);
        return new DriftRunCompleted(run.model(), run.id(), run.driftedFeatures().size(), run.driftShare(),
                orNaN(run.predictionDrift().pValue()), run.predictionDrift().drifted(),
                orNaN(run.targetDrift().pValue()), run.targetDrift().drifted());
    }

    /**
     * Prediction drift only, over [from, to): cheap enough to run daily.
     *
     * @throws ReferenceNotFoundException when the model has no reference dataset
     * @throws ErrorResponseException     (422) when the window holds no prediction
     */
    public PredictionDriftCheck predictionDrift(String modelName, Instant from, Instant to) {
        ModelDefinition model = models.get(modelName);
        ReferenceData reference = references.active(model.name())
                .orElseThrow(() -> new ReferenceNotFoundException(model.name()));
        PredictionWindow scores = windows.scores(model.name(), from, to);
        if (scores.size() == 0) {
            throw emptyWindow(model.name(), from, to);
        }
        DriftRunResponse.PredictionDrift drift = DriftAnalysis.predictionDrift(reference.probability(),
                scores.probability(), properties.pValueThreshold());
        meters.predictionDrift(model.name(), drift.pValue());
        return new PredictionDriftCheck(scores.size(), drift.statistic(), drift.pValue(), drift.drifted(),
                drift.trainMean(), drift.prodMean(), drift.meanShift(), drift.pctShift());
    }

    /** The default window: the last {@code scorewatch.drift.default-window}, ending now. */
    DriftRunResponse run(String modelName) {
        Instant to = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return run(modelName, to.minus(properties.defaultWindow()), to);
    }

    DriftRunResponse run(String modelName, Instant from, Instant to) {
        return run(modelName, from, to, null);
    }

    /**
     * A drift run over the predictions of one segment value in [from, to) (the total when the
     * segment is null). A segment's run is stored under its segment and sets the segment's
     * gauges; it never stands for the total's latest run nor publishes the total's event.
     */
    public DriftRunResponse run(String modelName, Instant from, Instant to, Segment segment) {
        return run(modelName, from, to, segment, null);
    }

    /**
     * {@link #run(String, Instant, Instant, Segment)} over the predictions of one model version
     * (every version when null). A version's run is stored under its version and answered; it
     * sets no gauge, publishes no event and never stands for the total's or a segment's latest run.
     */
    public DriftRunResponse run(String modelName, Instant from, Instant to, Segment segment, String version) {
        ModelDefinition model = models.get(modelName);
        Instant startedAt = clock.instant();
        ReferenceData reference = references.active(model.name())
                .orElseThrow(() -> new ReferenceNotFoundException(model.name()));
        // one read of the window's scores, stopped one row past the largest exact window: its size
        // decides between the rows and the summaries
        long exactMax = summaries.exactMaxRows();
        PredictionWindowReader.ScoredRows window = windows.scoredRows(model.name(), segment, version, from, to,
                exactMax == Long.MAX_VALUE ? exactMax : exactMax + 1);
        if (!summaries.exact(model.name(), segment, version, from, to, window.size())) {
            return finish(model, segment, startedAt, fromSummaries(model, reference, from, to, segment, version,
                    startedAt));
        }
        if (window.size() == 0) {
            throw empty(model.name(), segment, version, from, to);
        }
        return finish(model, segment, startedAt, exact(model, reference, window, from, to, segment, startedAt)
                .withModelVersion(version));
    }

    /**
     * The drift code path of a run over the model's latest predictions, on its active reference,
     * at most {@code rows} of them (the first of the default window that ends at the latest
     * prediction): the window is read and tested as a run does, and the result is let go. Nothing
     * is stored, no gauge is set, no event published. It lets the JIT compile the run's code and
     * the store's cache take the window's blocks before the first run a user asks for.
     *
     * @return the run, not stored (empty when the model has no reference or no prediction)
     */
    Optional<DriftRunResponse> warmUp(String modelName, int rows) {
        ModelDefinition model = models.get(modelName);
        Optional<ReferenceData> reference = references.active(model.name());
        Optional<Instant> latest = windows.latestPrediction(model.name());
        if (reference.isEmpty() || latest.isEmpty() || rows <= 0) {
            return Optional.empty();
        }
        Instant to = latest.get().plus(1, ChronoUnit.MICROS);
        Instant from = to.minus(properties.defaultWindow());
        PredictionWindowReader.ScoredRows window = windows.scoredRows(model.name(), null, from, to, rows);
        if (window.size() == 0) {
            return Optional.empty();
        }
        return Optional.of(exact(model, reference.get(), window, from, to, null, clock.instant()));
    }

    /** An exact run over the window's rows, not stored yet. */
    private DriftRunResponse exact(ModelDefinition model, ReferenceData reference,
            PredictionWindowReader.ScoredRows window, Instant from, Instant to, Segment segment, Instant startedAt) {
        DriftAnalysis.Settings settings = DriftAnalysis.Settings.of(properties);
        FeatureSchema schema = schemas.schema(model.name());

        List<SchemaFeature> tested = new ArrayList<>();
        List<String> notInReference = new ArrayList<>();
        for (SchemaFeature feature : schema.features()) {
            boolean inReference = feature.type() == FeatureType.NUMERICAL
                    ? reference.numerical().containsKey(feature.name())
                    : reference.categorical().containsKey(feature.name());
            if (inReference) {
                tested.add(feature);
            } else {
                notInReference.add(feature.name());
            }
        }
        Map<String, FeatureResult> results = new HashMap<>();
        int[] positions = tested.stream().mapToInt(SchemaFeature::position).toArray();
        // each feature under test at once also holds a sorted copy of its column and a sort buffer
        long testing = 2L * window.size() * Double.BYTES * ForkJoinPool.getCommonPoolParallelism();
        int group = PredictionWindowReader.columnsPerRead(window.size(), properties.heapShare(), testing);
        for (int start = 0; start < positions.length; start += group) {
            int first = start;
            int end = Math.min(positions.length, start + group);
            PredictionWindowReader.FeatureColumns columns = windows.features(window.rows(),
                    Arrays.copyOfRange(positions, first, end));
            IntStream.range(first, end).parallel()
                    .mapToObj(k -> test(model.name(), tested.get(k), columns.column(k - first), reference, settings))
                    .toList().forEach(result -> results.put(result.name(), result));
        }
        List<FeatureResult> decided = DriftAnalysis.decide(tested.stream().map(f -> results.get(f.name())).toList(),
                settings);
        List<String> drifted = decided.stream().filter(FeatureResult::drifted).map(FeatureResult::name).toList();
        int referenceFeatures = reference.numerical().size() + reference.categorical().size();
        return new DriftRunResponse(null, model.name(), startedAt, clock.instant(), from, to,
                reference.id(), window.size(), properties.policy().name().toLowerCase().replace('_', '-'),
                properties.correction().name().toLowerCase().replace('_', '-'), settings.alpha(), decided, drifted,
                decided.size(), referenceFeatures,
                referenceFeatures == 0 ? 0 : (double) drifted.size() / referenceFeatures, notInReference,
                DriftAnalysis.predictionDrift(reference.probability(), window.probability(), settings.alpha()),
                DriftAnalysis.targetDrift(reference.targetPositives(), reference.targetNegatives(), window.label(),
                        settings.alpha()), segment == null ? null : segment.toString(), DriftRunResponse.EXACT, null,
                null);
    }

    /** Stores the run and records it: a segment's gauges, or the total's gauges and event. */
    private DriftRunResponse finish(ModelDefinition model, Segment segment, Instant startedAt, DriftRunResponse run) {
        DriftRunResponse stored = store.save(run);
        int drifted = stored.driftedFeatures().size();
        if (stored.modelVersion() != null) {
            log.info("Model {}: drift run {} of version {}{} over {} predictions ({}): {} of {} features drifted",
                    model.name(), stored.id(), stored.modelVersion(), segment == null ? "" : ", segment " + segment,
                    stored.predictionCount(), stored.method(), drifted, stored.referenceFeatures());
            return stored;
        }
        if (segment != null) {
            segmentMeters.record(segment, stored);
            events.publishEvent(new SegmentDriftRunCompleted(segment, new DriftRunCompleted(stored.model(),
                    stored.id(), drifted, stored.driftShare(), orNaN(stored.predictionDrift().pValue()),
                    stored.predictionDrift().drifted(), orNaN(stored.targetDrift().pValue()),
                    stored.targetDrift().drifted())));
            log.info("Model {}: drift run {} of segment {} over {} predictions ({}): {} of {} features drifted",
                    model.name(), stored.id(), segment, stored.predictionCount(), stored.method(), drifted,
                    stored.referenceFeatures());
            return stored;
        }
        meters.record(stored);
        events.publishEvent(new DriftRunCompleted(stored.model(), stored.id(), drifted, stored.driftShare(),
                orNaN(stored.predictionDrift().pValue()), stored.predictionDrift().drifted(),
                orNaN(stored.targetDrift().pValue()), stored.targetDrift().drifted()));
        log.info("Model {}: drift run {} over {} predictions ({}): {} of {} features drifted ({} ms)", model.name(),
                stored.id(), stored.predictionCount(), stored.method(), drifted, stored.referenceFeatures(),
                stored.finishedAt().toEpochMilli() - startedAt.toEpochMilli());
        return stored;
    }

    /**
     * A run from the merged summaries of the window (and raw rows for what no stored bucket
     * covers yet): KS and PSI per numerical feature from its sketch, chi-square per categorical
     * feature from its category counts, prediction drift from the probability's sketch, target
     * drift from the label counts.
     */
    private DriftRunResponse fromSummaries(ModelDefinition model, ReferenceData reference, Instant from, Instant to,
            Segment segment, String version, Instant startedAt) {
        Summaries.SummaryRead read = summaries.read(model.name(), segment, version, from, to);
        BucketSummary window = read.summary();
        if (window.predictions() == 0) {
            throw empty(model.name(), segment, version, from, to);
        }
        DriftAnalysis.Settings settings = DriftAnalysis.Settings.of(properties);
        List<SchemaFeature> tested = new ArrayList<>();
        List<String> notInReference = new ArrayList<>();
        for (SchemaFeature feature : schemas.schema(model.name()).features()) {
            String name = feature.name();
            if (feature.type() == FeatureType.NUMERICAL ? reference.numerical().containsKey(name)
                    : reference.categorical().containsKey(name)) {
                tested.add(feature);
            } else {
                notInReference.add(name);
            }
        }
        // each feature's test reads its own sketch or counts: the features are tested in parallel
        List<FeatureResult> results = tested.parallelStream().map(feature -> {
            String name = feature.name();
            return feature.type() == FeatureType.NUMERICAL
                    ? DriftAnalysis.numerical(name, reference.numerical().get(name), reference.rows(),
                            window.numerical(name), window.psiCounts(name, reference.id()), window.missing(name),
                            window.predictions(), settings)
                    : DriftAnalysis.categorical(name, reference.categorical().get(name), reference.rows(),
                            window.categories(name), window.missing(name), window.predictions(), settings);
        }).toList();
        List<FeatureResult> decided = DriftAnalysis.decide(results, settings);
        List<String> drifted = decided.stream().filter(FeatureResult::drifted).map(FeatureResult::name).toList();
        int referenceFeatures = reference.numerical().size() + reference.categorical().size();
        return new DriftRunResponse(null, model.name(), startedAt, clock.instant(), from, to, reference.id(),
                window.predictions(), properties.policy().name().toLowerCase().replace('_', '-'),
                properties.correction().name().toLowerCase().replace('_', '-'), settings.alpha(), decided, drifted,
                decided.size(), referenceFeatures,
                referenceFeatures == 0 ? 0 : (double) drifted.size() / referenceFeatures, notInReference,
                DriftAnalysis.predictionDrift(reference.probability(), window.probability(),
                        window.scores().sumProbability(), settings.alpha()),
                DriftAnalysis.targetDrift(reference.targetPositives(), reference.targetNegatives(),
                        window.scores().positives(), window.scores().negatives(), settings.alpha()),
                segment == null ? null : segment.toString(), DriftRunResponse.SUMMARY, read.errorBound(), version);
    }

    Optional<DriftRunResponse> find(String model, long id) {
        models.get(model);
        return store.find(model, id);
    }

    /** A stored run of any model, by its id (ids are unique across models). */
    public Optional<DriftRunResponse> find(long id) {
        return store.find(id);
    }

    List<DriftRunSummary> list(String model, int limit) {
        models.get(model);
        return store.list(model, limit);
    }

    /** The latest stored drift run of a model, if any. */
    public Optional<DriftRunSummary> latest(String model) {
        models.get(model);
        return store.list(model, 1).stream().findFirst();
    }

    /** The drift runs of a model started in [from, to), oldest first. */
    public List<DriftRunSummary> history(String model, Instant from, Instant to) {
        models.get(model);
        return store.startedBetween(model, from, to);
    }

    /** After a restart, the gauges show the latest stored runs again. */
    @EventListener(ApplicationReadyEvent.class)
    void restoreGauges() {
        models.all().forEach(model -> store.latest(model.name()).ifPresent(meters::record));
    }

    private FeatureResult test(String model, SchemaFeature feature, double[] column, ReferenceData reference,
            DriftAnalysis.Settings settings) {
        if (feature.type() == FeatureType.NUMERICAL) {
            return DriftAnalysis.numerical(feature.name(), reference.numerical().get(feature.name()),
                    reference.rows(), column, settings);
        }
        List<String> dictionary = schemas.categories(model, feature.position());
        long[] counts = new long[dictionary.size()];
        long missing = 0;
        long other = 0;
        for (double code : column) {
            if (code == FeatureSchemas.OTHER_CODE) {
                other++;
            } else if (Double.isNaN(code) || code < 0 || code >= counts.length) {
                missing++;
            } else {
                counts[(int) code]++;
            }
        }
        Map<String, Long> production = new HashMap<>();
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0) {
                production.put(dictionary.get(code), counts[code]);
            }
        }
        if (other > 0) {
            // the categories beyond the dictionary's bound: one bucket, new to the reference
            production.merge(FeatureSchemas.OTHER_CATEGORY, other, Long::sum);
        }
        return DriftAnalysis.categorical(feature.name(), reference.categorical().get(feature.name()),
                reference.rows(), production, missing, column.length, settings);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** The 422 of an empty window: of the total, of a segment value, of a model version or of both. */
    private static ErrorResponseException empty(String model, Segment segment, String version, Instant from,
            Instant to) {
        ErrorResponseException empty = segment == null ? emptyWindow(model, from, to)
                : emptySegment(model, segment, from, to);
        if (version != null) {
            empty.getBody().setDetail("Model '" + model + "' has no predictions of version '" + version + "'"
                    + (segment == null ? "" : " in segment " + segment) + " between " + from + " (inclusive) and "
                    + to + " (exclusive): there is nothing to compare with the reference.");
            empty.getBody().setProperty("model_version", version);
        }
        return empty;
    }

    private static ErrorResponseException emptySegment(String model, Segment segment, Instant from, Instant to) {
        ErrorResponseException empty = emptyWindow(model, from, to);
        empty.getBody().setDetail("Model '" + model + "' has no predictions of segment " + segment + " between " + from
                + " (inclusive) and " + to + " (exclusive): there is nothing to compare with the reference.");
        empty.getBody().setProperty("segment", segment.toString());
        return empty;
    }

    private static ErrorResponseException emptyWindow(String model, Instant from, Instant to) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "Model '" + model + "' has no predictions between " + from + " (inclusive) and " + to
                        + " (exclusive): there is nothing to compare with the reference.");
        problem.setTitle("Empty window");
        problem.setType(URI.create("urn:scorewatch:problem:empty-window"));
        problem.setProperty("from", from.toString());
        problem.setProperty("to", to.toString());
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
    }
}
