package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.model.FeatureSchemas;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.ReferenceLookup;

/**
 * Accepts predictions: validates a whole batch first (one bad item rejects the batch and
 * nothing is stored), encodes features, stores in one transaction, and only then counts them.
 * A prediction id seen before is acknowledged again but stored and counted once.
 */
@Service
class PredictionIntake {

    private static final Logger log = LoggerFactory.getLogger(PredictionIntake.class);

    private final ModelRegistry models;
    private final FeatureSchemas schemas;
    private final FeatureEncoder encoder;
    private final PredictionStore store;
    private final ClientIdHasher clientIds;
    private final IngestMeters meters;
    private final LabelJoin labels;
    private final IngestProperties limits;
    private final TimestampParser timestamps;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final TimeOrderedIds generatedIds;
    private final Set<String> validNames = ConcurrentHashMap.newKeySet();
    /**
     * The last order of feature names found valid. The items of a batch, read one after the
     * other, share one array of names while they post the same names in the same order
     * ({@link FeatureValues#nameOrder}): their names are checked once.
     */
    private volatile String[] validOrder;
    private final PredictionSegments segments;
    private final OverrideReasons reasons;

    PredictionIntake(ModelRegistry models, FeatureSchemas schemas, ReferenceLookup references, PredictionStore store,
            ClientIdHasher clientIds, IngestMeters meters, LabelJoin labels,
            IngestProperties limits, PlatformTransactionManager transactions, Clock clock, PredictionSegments segments,
            OverrideReasons reasons) {
        this.models = models;
        this.reasons = reasons;
        this.segments = segments;
        this.schemas = schemas;
        this.encoder = new FeatureEncoder(schemas, limits.maxSchemaFeatures(), limits.maxCategoriesPerFeature(),
                limits.unknownFeatureSample(), model -> references.reference(model).isPresent());
        this.store = store;
        this.clientIds = clientIds;
        this.meters = meters;
        this.labels = labels;
        this.limits = limits;
        this.timestamps = new TimestampParser(limits.localTimestampZone());
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.generatedIds = new TimeOrderedIds(clock);
    }

    /** What the intake answers: the id of every item in order, how many were new, features added. */
    record Accepted(List<String> predictionIds, int accepted, int duplicates, List<String> newFeatures) {
    }

    Accepted acceptOne(PredictionRequest request) {
        List<FieldProblem> problems = validate(request);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The prediction is invalid; nothing was stored.", problems);
        }
        return store(List.of(request));
    }

    Accepted acceptBatch(List<PredictionRequest> requests) {
        limits.checkBatchSize(requests.size());
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            for (FieldProblem problem : validate(requests.get(i))) {
                problems.add(problem.at(i));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The batch has invalid items; nothing was stored.", problems);
        }
        return store(requests);
    }

    /** Field problems of one item; an empty list when it can be stored. */
    List<FieldProblem> validate(PredictionRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            problems.add(FieldProblem.of("$", "must be a JSON object"));
            return problems;
        }
        if (request.probability() == null) {
            problems.add(FieldProblem.of("probability", "is required"));
        } else if (!Double.isFinite(request.probability())) {
            problems.add(FieldProblem.of("probability", "must be a finite number"));
        } else if (request.probability() < 0 || request.probability() > 1) {
            problems.add(FieldProblem.of("probability", "must lie in [0, 1], was " + request.probability()));
        }
        if (request.prediction() != null && request.prediction() != 0.0 && request.prediction() != 1.0) {
            problems.add(FieldProblem.of("prediction", "must be 0 or 1, was " + request.prediction()));
        }
        if (request.timestamp() != null) {
            timestamps.parse(request.timestamp()).ifPresentOrElse(
                    at -> limits.futureProblem("timestamp", at, clock.instant()).ifPresent(problems::add),
                    () -> problems.add(FieldProblem.of("timestamp", "is not an ISO-8601 date-time")));
        }
        if (request.model() != null && models.find(request.model()).isEmpty()) {
            problems.add(FieldProblem.of("model", "unknown model '" + abbreviate(request.model()) + "'"));
        }
        checkId(problems, "prediction_id", request.predictionId());
        checkId(problems, "model_version", request.modelVersion());
        checkId(problems, "client_id", request.clientId());
        if (request.latencyMs() != null && !(request.latencyMs() >= 0 && Double.isFinite(request.latencyMs()))) {
            problems.add(FieldProblem.of("latency_ms", "must be a finite number >= 0"));
        }
        checkFeatures(problems, request.features());
        segments.check(problems, request.tags());
        checkDecision(problems, request);
        return problems;
    }

    /**
     * The credit fields: {@code final_decision} 0 or 1; {@code override_reason} up to its length,
     * with a final decision; {@code shadow_of} an id other than the prediction's own, with the
     * challenger's {@code model_version}.
     */
    private void checkDecision(List<FieldProblem> problems, PredictionRequest request) {
        Double decision = request.finalDecision();
        if (decision != null && decision != 0.0 && decision != 1.0) {
            problems.add(FieldProblem.of("final_decision", "must be 0 or 1, was " + decision));
        }
        String reason = request.overrideReason();
        if (reason != null) {
            if (reason.isBlank() || reason.length() > OverrideProperties.MAX_REASON_LENGTH
                    || hasControlCharacter(reason)) {
                problems.add(FieldProblem.of("override_reason", "must be 1 to "
                        + OverrideProperties.MAX_REASON_LENGTH + " printable characters"));
            } else if (decision == null) {
                problems.add(FieldProblem.of("override_reason", "requires final_decision"));
            }
        }
        String shadowOf = request.shadowOf();
        if (shadowOf != null) {
            int before = problems.size();
            checkId(problems, "shadow_of", shadowOf);
            if (problems.size() == before && shadowOf.equals(request.predictionId())) {
                problems.add(FieldProblem.of("shadow_of", "must name another prediction than the prediction itself"));
            }
            if (request.modelVersion() == null) {
                problems.add(FieldProblem.of("model_version", "is required with shadow_of: it names the challenger"));
            }
        }
    }

    /** Whether a feature name is acceptable; names found so are remembered, up to the schema's limit. */
    private boolean validName(String name) {
        boolean valid = !name.isBlank() && name.length() <= limits.maxFeatureNameLength() && !hasControlCharacter(name);
        if (valid && validNames.size() < limits.maxSchemaFeatures()) {
            validNames.add(name);
        }
        return valid;
    }

    private void checkId(List<FieldProblem> problems, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            problems.add(FieldProblem.of(field, "must not be blank"));
        } else if (value.length() > 100) {
            problems.add(FieldProblem.of(field, "must be at most 100 characters"));
        } else if (hasControlCharacter(value)) {
            problems.add(FieldProblem.of(field, "must not contain control characters"));
        }
    }

    private void checkFeatures(List<FieldProblem> problems, FeatureValues features) {
        if (features == null) {
            return;
        }
        if (features.size() > limits.maxFeaturesPerPrediction()) {
            problems.add(FieldProblem.of("features", "has " + features.size() + " features, over the limit of "
                    + limits.maxFeaturesPerPrediction()));
            return;
        }
        String[] order = features.nameOrder();
        if (order != validOrder) {
            int before = problems.size();
            for (String name : order) {
                if (!validNames.contains(name) && !validName(name)) {
                    problems.add(FieldProblem.of("features", "feature name '" + abbreviate(name) + "' must be 1 to "
                            + limits.maxFeatureNameLength() + " printable characters"));
                }
            }
            if (problems.size() == before) {
                validOrder = order;
            }
        }
        for (int i = 0; i < features.size(); i++) {
            if (!features.isNumber(i) && features.value(i) instanceof String s) {
                if (s.length() > limits.maxStringLength()) {
                    problems.add(FieldProblem.of("features." + features.name(i), "must be at most "
                            + limits.maxStringLength() + " characters"));
                } else if (s.indexOf('\u0000') >= 0) {
                    // a text column of PostgreSQL cannot hold it: refused on every store alike
                    problems.add(FieldProblem.of("features." + features.name(i),
                            "must not contain the NUL character (U+0000)"));
                }
            }
        }
    }

    private Accepted store(List<PredictionRequest> requests) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, List<Integer>> byModel = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            PredictionRequest request = requests.get(i);
            ids.add(request.predictionId() != null ? request.predictionId() : generatedIds.next());
            byModel.computeIfAbsent(models.resolve(request.model()).name(), m -> new ArrayList<>()).add(i);
        }
        Map<String, FeatureEncoder.EncodedBatch> encoded = new LinkedHashMap<>();
        byModel.forEach((model, items) -> encoded.put(model,
                encoder.encode(model, items.stream().map(i -> requests.get(i).features()).toList())));

        Map<String, List<StoredPrediction>> fresh = new LinkedHashMap<>();
        Map<String, List<Integer>> freshItems = new LinkedHashMap<>();
        for (int attempt = 1; ; attempt++) {
            try {
                fresh.clear();
                freshItems.clear();
                transaction.executeWithoutResult(status -> byModel.forEach((model, items) -> {
                    ModelDefinition definition = models.get(model);
                    FeatureEncoder.EncodedBatch batch = encoded.get(model);
                    // only posted ids can be stored already: an id generated for this request is a
                    // new random time-ordered UUID, and the unique constraint still guards it
                    Set<String> seen = new HashSet<>(store.storedIds(model, items.stream()
                            .filter(i -> requests.get(i).predictionId() != null).map(ids::get).toList()));
                    List<StoredPrediction> rows = new ArrayList<>();
                    List<Integer> stored = new ArrayList<>();
                    for (int k = 0; k < items.size(); k++) {
                        int i = items.get(k);
                        String id = ids.get(i);
                        if (seen.add(id)) {
                            rows.add(toStored(requests.get(i), id, definition, now,
                                    FeatureVectors.encode(batch.vectors().get(k)), batch.violationsPerItem()[k]));
                            stored.add(i);
                        }
                    }
                    if (!rows.isEmpty()) {
                        rows = segments.withSegments(definition, rows, stored.stream().map(requests::get).toList());
                        // in id order, so that two writers of the same ids never wait for each other in a cycle
                        store.insert(model, rows.stream()
                                .sorted(Comparator.comparing(StoredPrediction::predictionId)).toList());
                        reasons.add(model, rows);
                    }
                    fresh.put(model, rows);
                    freshItems.put(model, stored);
                }));
                break;
            } catch (DuplicateKeyException | ConcurrencyFailureException concurrentWriter) {
                // another request stored some of these ids meanwhile: the next attempt finds them stored
                if (attempt >= limits.storeAttempts()) {
                    throw concurrentWriter;
                }
                log.debug("Attempt {} to store a batch met a concurrent writer of its ids: {}", attempt,
                        concurrentWriter.getMessage());
            }
        }
        int accepted = 0;
        List<String> newFeatures = new ArrayList<>();
        for (Map.Entry<String, List<StoredPrediction>> entry : fresh.entrySet()) {
            String model = entry.getKey();
            FeatureEncoder.EncodedBatch batch = encoded.get(model);
            // a challenger's (shadow) prediction is no request of the model's own
            meters.predictionsStored(model, entry.getValue().stream().filter(p -> p.shadowOf() == null).toList());
            // the counts of the predictions stored now: one seen before is not counted again
            FeatureEncoder.EncodedBatch counted = entry.getValue().size() == byModel.get(model).size() ? batch
                    : encoder.encode(model, freshItems.get(model).stream().map(i -> requests.get(i).features())
                            .toList());
            Map<FeatureEncoder.Violation, Map<String, Integer>> violations = counted.violations();
            violations.forEach((kind, byFeature) -> schemas.countViolations(model, kind.tag(), byFeature));
            meters.violations(model, violations);
            schemas.countViolations(model, FeatureSchemas.OTHER_KIND, counted.otherCategories());
            meters.otherCategories(model, counted.otherCategories());
            schemas.countUnknown(model, counted.unknown());
            meters.unknownFeatures(model, counted.unknown().occurrences());
            if (!batch.newFeatures().isEmpty()) {
                meters.newFeatures(model, batch.newFeatures().size());
                newFeatures.addAll(batch.newFeatures());
            }
            accepted += entry.getValue().size();
            labels.predictionsArrived(entry.getValue());
        }
        if (accepted < requests.size()) {
            log.debug("{} of {} predictions were already stored", requests.size() - accepted, requests.size());
        }
        return new Accepted(ids, accepted, requests.size() - accepted, newFeatures);
    }

    private StoredPrediction toStored(PredictionRequest request, String id, ModelDefinition model,
            Instant now, byte[] features, int violations) {
        Instant predictedAt = request.timestamp() == null ? now
                : timestamps.parse(request.timestamp()).orElseThrow().truncatedTo(ChronoUnit.MICROS);
        int prediction = request.prediction() != null ? request.prediction().intValue()
                : model.decide(request.probability());
        return new StoredPrediction(id, model.name(), request.modelVersion(), predictedAt, now,
                clientIds.hash(request.clientId()), prediction, request.probability(), request.latencyMs(), features,
                violations, null, null, null,
                request.finalDecision() == null ? null : request.finalDecision().intValue(),
                request.overrideReason(), request.shadowOf(), new String[0]);
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
