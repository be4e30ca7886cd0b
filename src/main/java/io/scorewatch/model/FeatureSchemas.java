package io.scorewatch.model;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.config.ResourceNotFoundException;

/**
 * The stored feature schemas and category dictionaries of all models, and the names production
 * sends that a schema lacks.
 *
 * <p>A model's features come from its YAML and its reference dataset; only a model with neither
 * takes them from its first accepted request ({@link #establish}). Later traffic never adds a
 * feature: names the schema lacks are tallied in a bounded sample ({@link UnknownNames}), and an
 * admin accepts or removes features. A feature or category is written in a transaction of its
 * own, committed before any prediction that uses it, so a stored vector never refers to an
 * unknown position or code. Several replicas may add the same feature at once: the unique
 * constraints decide, and the loser reloads. Reads are lock-free snapshots, reloaded every
 * {@code scorewatch.ingest.quality-flush-interval} so that an admin's change on one replica
 * reaches the others.
 */
@Component
public class FeatureSchemas {

    private static final Logger log = LoggerFactory.getLogger(FeatureSchemas.class);
    private static final int ATTEMPTS = 5;

    /** The code a stored vector holds for a category beyond its feature's dictionary bound. */
    public static final int OTHER_CODE = -1;
    /** How the categories beyond a feature's dictionary bound read back: one bucket. */
    public static final String OTHER_CATEGORY = "(other)";
    /** The data-quality counter kind under which values beyond a dictionary's bound are counted. */
    public static final String OTHER_KIND = "category_overflow";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate newTransaction;
    private final ModelRegistry models;
    private final Clock clock;
    private final Map<String, FeatureSchema> schemas = new ConcurrentHashMap<>();
    private final Map<DictionaryKey, CategoryDictionary> dictionaries = new ConcurrentHashMap<>();
    private final Map<ViolationKey, AtomicLong> pendingViolations = new ConcurrentHashMap<>();
    private final Map<String, PendingUnknown> pendingUnknown = new ConcurrentHashMap<>();

    FeatureSchemas(JdbcTemplate jdbc, PlatformTransactionManager transactions, ModelRegistry models, Clock clock) {
        this.jdbc = jdbc;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.models = models;
        this.clock = clock;
    }

    /** A feature to add to a schema. */
    public record NewFeature(String name, FeatureType type, FeatureSource source) {
    }

    /** The model's current schema; on first use, the features its YAML declares are registered. */
    public FeatureSchema schema(String model) {
        FeatureSchema schema = schemas.get(model);
        if (schema != null) {
            return schema;
        }
        schema = schemas.computeIfAbsent(model, this::load);
        List<NewFeature> configured = new ArrayList<>();
        models.find(model).ifPresent(definition -> definition.features().forEach(
                (name, type) -> configured.add(new NewFeature(name, type, FeatureSource.CONFIGURED))));
        return configured.isEmpty() ? schema : add(model, configured);
    }

    /**
     * Appends the features the schema does not have yet and answers the new schema. A feature
     * already present keeps its position and type; a removed one stays removed.
     */
    public FeatureSchema add(String model, List<NewFeature> features) {
        synchronized (lock(model)) {
            for (int attempt = 1; ; attempt++) {
                FeatureSchema current = schemas.computeIfAbsent(model, this::load);
                List<NewFeature> missing = features.stream()
                        .filter(f -> !current.hasPosition(f.name()))
                        .collect(ArrayList::new, (list, f) -> {
                            if (list.stream().noneMatch(other -> other.name().equals(f.name()))) {
                                list.add(f);
                            }
                        }, ArrayList::addAll);
                if (missing.isEmpty()) {
                    return current;
                }
                try {
                    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                    newTransaction.executeWithoutResult(status -> {
                        int position = current.size();
                        for (NewFeature feature : missing) {
                            jdbc.update("INSERT INTO model_feature (model, position, name, feature_type, source, added_at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?)", model, position++, feature.name(),
                                    feature.type().name(), feature.source().name(), now);
                        }
                    });
                    FeatureSchema updated = load(model);
                    schemas.put(model, updated);
                    logAdded(model, missing);
                    return updated;
                } catch (DataIntegrityViolationException concurrentlyAdded) {
                    schemas.put(model, load(model));
                    if (attempt == ATTEMPTS) {
                        throw concurrentlyAdded;
                    }
                }
            }
        }
    }

    /**
     * One INFO line per change of the schema, however many features it adds (a reference
     * dataset adds hundreds at once); each feature on its own at DEBUG.
     */
    private static void logAdded(String model, List<NewFeature> added) {
        if (added.size() == 1) {
            NewFeature feature = added.get(0);
            log.info("Model {}: new feature '{}' ({}, {})", model, feature.name(), lower(feature.type()),
                    lower(feature.source()));
            return;
        }
        Map<String, Integer> types = new TreeMap<>();
        Map<String, Integer> sources = new TreeMap<>();
        for (NewFeature feature : added) {
            types.merge(lower(feature.type()), 1, Integer::sum);
            sources.merge(lower(feature.source()), 1, Integer::sum);
            log.debug("Model {}: new feature '{}' ({}, {})", model, feature.name(), lower(feature.type()),
                    lower(feature.source()));
        }
        log.info("Model {}: {} new features ({}; from {}); GET /api/v1/models/{} lists them", model, added.size(),
                counts(types), sources.size() == 1 ? sources.keySet().iterator().next() : counts(sources), model);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String counts(Map<String, Integer> counts) {
        StringJoiner text = new StringJoiner(", ");
        counts.forEach((name, count) -> text.add(count + " " + name));
        return text.toString();
    }

    /**
     * Gives a model without any feature the features of its first accepted request, and answers
     * the schema. A model that has features already (from its YAML, its reference, an earlier
     * request or another replica) keeps them and gains none.
     */
    public FeatureSchema establish(String model, List<NewFeature> features) {
        synchronized (lock(model)) {
            FeatureSchema current = load(model);
            schemas.put(model, current);
            if (current.size() > 0 || features.isEmpty()) {
                return current;
            }
            try {
                OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                newTransaction.executeWithoutResult(status -> {
                    int position = 0;
                    for (NewFeature feature : features) {
                        jdbc.update("INSERT INTO model_feature (model, position, name, feature_type, source, added_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", model, position++, feature.name(),
                                feature.type().name(), feature.source().name(), now);
                    }
                });
                log.info("Model {}: schema of {} features taken from its first request", model, features.size());
            } catch (DataIntegrityViolationException anotherReplicaWasFirst) {
                log.debug("Model {}: another replica gave the schema first", model);
            }
            FeatureSchema established = load(model);
            schemas.put(model, established);
            return established;
        }
    }

    /**
     * Makes a name a monitored feature of that type: a removed feature of the same type is
     * monitored again at its position, a new name is appended. The name leaves the sample of
     * unknown names.
     */
    public SchemaFeature accept(String model, String name, FeatureType type) {
        synchronized (lock(model)) {
            for (int attempt = 1; ; attempt++) {
                FeatureSchema current = load(model);
                schemas.put(model, current);
                if (current.feature(name).isPresent()) {
                    throw new FeatureConflictException("'" + name + "' is already a feature of " + model + ".");
                }
                Optional<SchemaFeature> removed = current.removed(name);
                if (removed.isPresent() && removed.get().type() != type) {
                    throw new FeatureConflictException("'" + name + "' was a " + removed.get().type().name()
                            .toLowerCase() + " feature of " + model + " at position " + removed.get().position()
                            + "; it can only come back with that type.");
                }
                try {
                    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                    newTransaction.executeWithoutResult(status -> {
                        if (removed.isPresent()) {
                            jdbc.update("UPDATE model_feature SET removed_at = NULL WHERE model = ? AND name = ?",
                                    model, name);
                        } else {
                            jdbc.update("INSERT INTO model_feature (model, position, name, feature_type, source,"
                                    + " added_at) VALUES (?, ?, ?, ?, ?, ?)", model, current.size(), name,
                                    type.name(), FeatureSource.ACCEPTED.name(), now);
                        }
                        jdbc.update("DELETE FROM unknown_feature WHERE model = ? AND name = ?", model, name);
                    });
                    FeatureSchema updated = load(model);
                    schemas.put(model, updated);
                    log.info("Model {}: feature '{}' ({}) accepted", model, name, type.name().toLowerCase());
                    return updated.feature(name).orElseThrow();
                } catch (DataIntegrityViolationException concurrentlyAdded) {
                    if (attempt == ATTEMPTS) {
                        throw concurrentlyAdded;
                    }
                }
            }
        }
    }

    /**
     * Stops monitoring a feature: its position stays reserved in stored vectors, production
     * values under its name count as unknown from now on.
     */
    public SchemaFeature remove(String model, String name) {
        synchronized (lock(model)) {
            FeatureSchema current = load(model);
            schemas.put(model, current);
            SchemaFeature feature = current.feature(name).orElseThrow(() -> new ResourceNotFoundException(
                    "Feature not found", "Model " + model + " monitors no feature '" + name + "'.",
                    "feature-not-found"));
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            newTransaction.executeWithoutResult(status -> jdbc.update(
                    "UPDATE model_feature SET removed_at = ? WHERE model = ? AND name = ?", now, model, name));
            schemas.put(model, load(model));
            log.info("Model {}: feature '{}' removed; position {} stays reserved", model, name, feature.position());
            return feature;
        }
    }

    /** Reloads the cached schemas, so that a change made on another replica applies here too. */
    @Scheduled(fixedDelayString = "${scorewatch.ingest.quality-flush-interval}")
    public void refresh() {
        for (String model : List.copyOf(schemas.keySet())) {
            synchronized (lock(model)) {
                schemas.put(model, load(model));
            }
        }
    }

    /**
     * Adds the categories of a reference dataset to a feature's dictionary (those it lacks), so
     * that the categories the model was trained on always have a code, whatever production sent
     * before. They count toward the dictionary's bound.
     */
    public void seedCategories(String model, int position, List<String> categories) {
        CategoryDictionary dictionary = dictionary(model, position);
        synchronized (dictionary) {
            for (int attempt = 1; ; attempt++) {
                List<String> missing = categories.stream().distinct()
                        .filter(category -> !dictionary.codes.containsKey(category)).toList();
                if (missing.isEmpty()) {
                    return;
                }
                int first = dictionary.values.size();
                try {
                    newTransaction.executeWithoutResult(status -> {
                        int next = first;
                        for (String category : missing) {
                            jdbc.update("INSERT INTO feature_category (model, position, code, category)"
                                    + " VALUES (?, ?, ?, ?)", model, position, next++, category);
                        }
                    });
                    dictionary.reload(jdbc, model, position);
                    return;
                } catch (DataIntegrityViolationException concurrentlyAdded) {
                    dictionary.reload(jdbc, model, position);
                    if (attempt == ATTEMPTS) {
                        throw concurrentlyAdded;
                    }
                }
            }
        }
    }

    /** The code of a category of a categorical feature, added to the dictionary when new. */
    public int code(String model, int position, String category) {
        return code(model, position, category, Integer.MAX_VALUE);
    }

    /**
     * The code of a category of a categorical feature, added to the dictionary when new and the
     * dictionary holds fewer than {@code maxCategories}; else {@link #OTHER_CODE}.
     */
    public int code(String model, int position, String category, int maxCategories) {
        CategoryDictionary dictionary = dictionary(model, position);
        Integer code = dictionary.codes.get(category);
        if (code != null) {
            return code;
        }
        synchronized (dictionary) {
            for (int attempt = 1; ; attempt++) {
                code = dictionary.codes.get(category);
                if (code != null) {
                    return code;
                }
                int next = dictionary.values.size();
                if (next >= maxCategories) {
                    return OTHER_CODE;
                }
                try {
                    newTransaction.executeWithoutResult(status -> jdbc.update(
                            "INSERT INTO feature_category (model, position, code, category) VALUES (?, ?, ?, ?)",
                            model, position, next, category));
                    dictionary.values.add(category);
                    dictionary.codes.put(category, next);
                    return next;
                } catch (DataIntegrityViolationException concurrentlyAdded) {
                    dictionary.reload(jdbc, model, position);
                    if (attempt == ATTEMPTS) {
                        throw concurrentlyAdded;
                    }
                }
            }
        }
    }

    /** The code of a known category, or -1. */
    public int existingCode(String model, int position, String category) {
        Integer code = dictionary(model, position).codes.get(category);
        return code == null ? -1 : code;
    }

    /** How many categories a feature's dictionary holds. */
    public int categoryCount(String model, int position) {
        return dictionary(model, position).values.size();
    }

    /** The category of a code ({@link #OTHER_CATEGORY} for {@link #OTHER_CODE}), or null for an unknown code. */
    public String category(String model, int position, int code) {
        if (code == OTHER_CODE) {
            return OTHER_CATEGORY;
        }
        CategoryDictionary dictionary = dictionary(model, position);
        synchronized (dictionary) {
            if (code >= 0 && code >= dictionary.values.size()) {
                dictionary.reload(jdbc, model, position);
            }
            return code >= 0 && code < dictionary.values.size() ? dictionary.values.get(code) : null;
        }
    }

    /** The whole dictionary of a feature, code order. */
    public List<String> categories(String model, int position) {
        CategoryDictionary dictionary = dictionary(model, position);
        synchronized (dictionary) {
            return List.copyOf(dictionary.values);
        }
    }

    /**
     * Adds to a feature's data-quality counters (schema feature name to violations of one kind:
     * at most one entry per schema feature and kind). The counts gather in memory and are
     * written every {@code scorewatch.ingest.quality-flush-interval} and at shutdown, so an
     * intake transaction never waits on a counter row another intake holds; a read adds the
     * waiting counts to the stored ones and writes nothing.
     */
    public void countViolations(String model, String kind, Map<String, Integer> byFeature) {
        byFeature.forEach((feature, count) -> pendingViolations
                .computeIfAbsent(new ViolationKey(model, feature, kind), key -> new AtomicLong()).addAndGet(count));
    }

    /** Data-quality counters of a model: feature name to kind to count. */
    public Map<String, Map<String, Long>> violations(String model) {
        Map<String, Map<String, Long>> result = new HashMap<>();
        // the stored counts and those waiting to be written, seen together: a write takes the
        // waiting ones under the same lock, so none is counted twice or missed
        synchronized (pendingViolations) {
            jdbc.query("SELECT feature, kind, violations FROM feature_quality WHERE model = ? ORDER BY feature, kind",
                    rs -> {
                        result.computeIfAbsent(rs.getString(1), f -> new TreeMap<>())
                                .put(rs.getString(2), rs.getLong(3));
                    }, model);
            pendingViolations.forEach((key, count) -> {
                long waiting = count.get();
                if (key.model().equals(model) && waiting > 0) {
                    result.computeIfAbsent(key.feature(), f -> new TreeMap<>()).merge(key.kind(), waiting, Long::sum);
                }
            });
        }
        return result;
    }

    /**
     * Writes the counts gathered since the last time, in one transaction, rows in key order, and
     * the tallies of unknown names.
     */
    @Scheduled(fixedDelayString = "${scorewatch.ingest.quality-flush-interval}")
    @PreDestroy
    public void flushViolations() {
        flushUnknown();
        synchronized (pendingViolations) {
            Map<ViolationKey, Long> counts = new TreeMap<>();
            pendingViolations.forEach((key, count) -> {
                long taken = count.getAndSet(0);
                if (taken > 0) {
                    counts.put(key, taken);
                }
            });
            if (counts.isEmpty()) {
                return;
            }
            try {
                newTransaction.executeWithoutResult(status -> counts.forEach(this::addViolations));
            } catch (RuntimeException e) {
                // kept for the next time: a count is written once, late rather than never
                counts.forEach((key, count) -> pendingViolations
                        .computeIfAbsent(key, k -> new AtomicLong()).addAndGet(count));
                log.warn("Data-quality counters not written, kept for the next attempt: {}", e.getMessage());
            }
        }
    }

    /** Adds a tally of names the schema lacks to what waits to be written for the model. */
    public void countUnknown(String model, UnknownNames names) {
        if (names.isEmpty()) {
            return;
        }
        PendingUnknown pending = pendingUnknown.computeIfAbsent(model, m -> new PendingUnknown(names.capacity()));
        synchronized (pending) {
            pending.names.addAll(names);
            pending.lastSeen = clock.instant();
        }
    }

    /** What the store holds of the names production sent that a model's schema lacks. */
    public record UnknownFeatures(long occurrences, long predictions, List<Unknown> sample) {
    }

    /** One sampled unknown name. */
    public record Unknown(String name, long occurrences, long overestimate, Instant firstSeenAt, Instant lastSeenAt) {
    }

    /** The count and sample of a model's unknown names, most frequent first (after writing what waits). */
    public UnknownFeatures unknownFeatures(String model) {
        flushUnknown();
        List<long[]> counts = jdbc.query("SELECT occurrences, predictions FROM unknown_feature_count WHERE model = ?",
                (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}, model);
        List<Unknown> sample = jdbc.query("SELECT name, occurrences, overestimate, first_seen_at, last_seen_at"
                + " FROM unknown_feature WHERE model = ? ORDER BY occurrences DESC, name", (rs, row) -> new Unknown(
                        rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class).toInstant()), model);
        return counts.isEmpty() ? new UnknownFeatures(0, 0, sample)
                : new UnknownFeatures(counts.get(0)[0], counts.get(0)[1], sample);
    }

    /** Writes the waiting tallies of unknown names, a transaction per model. */
    private void flushUnknown() {
        for (Map.Entry<String, PendingUnknown> entry : pendingUnknown.entrySet()) {
            PendingUnknown pending = entry.getValue();
            UnknownNames taken;
            Instant seen;
            synchronized (pending) {
                if (pending.names.isEmpty()) {
                    continue;
                }
                taken = pending.names;
                seen = pending.lastSeen;
                pending.names = new UnknownNames(taken.capacity());
            }
            try {
                synchronized (lock(entry.getKey())) {
                    newTransaction.executeWithoutResult(status -> writeUnknown(entry.getKey(), taken, seen));
                }
            } catch (RuntimeException e) {
                // kept for the next time, as the data-quality counters are
                synchronized (pending) {
                    pending.names.addAll(taken);
                }
                log.warn("Unknown feature names of {} not written, kept for the next attempt: {}", entry.getKey(),
                        e.getMessage());
            }
        }
    }

    /**
     * Adds a tally to the stored count and merges its names into the stored sample: a name
     * already sampled adds its count; a new one takes a free place, or else the place of the least
     * frequent stored name, whose count it inherits (Space-Saving, as {@link UnknownNames}).
     */
    private void writeUnknown(String model, UnknownNames names, Instant seen) {
        OffsetDateTime at = seen.atOffset(ZoneOffset.UTC);
        if (jdbc.update("UPDATE unknown_feature_count SET occurrences = occurrences + ?, predictions = predictions + ?"
                + " WHERE model = ?", names.occurrences(), names.predictions(), model) == 0) {
            jdbc.update("INSERT INTO unknown_feature_count (model, occurrences, predictions) VALUES (?, ?, ?)", model,
                    names.occurrences(), names.predictions());
        }
        Map<String, long[]> stored = new HashMap<>();
        jdbc.query("SELECT name, occurrences FROM unknown_feature WHERE model = ?",
                rs -> {
                    stored.put(rs.getString(1), new long[] {rs.getLong(2)});
                }, model);
        for (UnknownNames.Sampled name : names.sample()) {
            long[] count = stored.get(name.name());
            if (count != null) {
                jdbc.update("UPDATE unknown_feature SET occurrences = occurrences + ?, overestimate = overestimate + ?,"
                        + " last_seen_at = ? WHERE model = ? AND name = ?", name.occurrences(), name.overestimate(), at,
                        model, name.name());
                count[0] += name.occurrences();
                continue;
            }
            long inherited = 0;
            if (stored.size() >= names.capacity()) {
                Map.Entry<String, long[]> least = stored.entrySet().stream()
                        .min(Map.Entry.comparingByValue((a, b) -> Long.compare(a[0], b[0]))).orElse(null);
                if (least == null) {
                    continue;
                }
                inherited = least.getValue()[0];
                jdbc.update("DELETE FROM unknown_feature WHERE model = ? AND name = ?", model, least.getKey());
                stored.remove(least.getKey());
            }
            jdbc.update("INSERT INTO unknown_feature (model, name, occurrences, overestimate, first_seen_at,"
                    + " last_seen_at) VALUES (?, ?, ?, ?, ?, ?)", model, name.name(), inherited + name.occurrences(),
                    inherited + name.overestimate(), at, at);
            stored.put(name.name(), new long[] {inherited + name.occurrences()});
        }
    }

    /** A model's tally waiting to be written. */
    private static final class PendingUnknown {
        UnknownNames names;
        Instant lastSeen;

        PendingUnknown(int capacity) {
            this.names = new UnknownNames(capacity);
        }
    }

    private void addViolations(ViolationKey key, long count) {
        String update = "UPDATE feature_quality SET violations = violations + ? WHERE model = ? AND feature = ? AND kind = ?";
        if (jdbc.update(update, count, key.model(), key.feature(), key.kind()) == 0) {
            try {
                jdbc.update("INSERT INTO feature_quality (model, feature, kind, violations) VALUES (?, ?, ?, ?)",
                        key.model(), key.feature(), key.kind(), count);
            } catch (DataIntegrityViolationException anotherReplicaWasFirst) {
                jdbc.update(update, count, key.model(), key.feature(), key.kind());
            }
        }
    }

    private record ViolationKey(String model, String feature, String kind) implements Comparable<ViolationKey> {

        @Override
        public int compareTo(ViolationKey other) {
            int byModel = model.compareTo(other.model);
            if (byModel != 0) {
                return byModel;
            }
            int byFeature = feature.compareTo(other.feature);
            return byFeature != 0 ? byFeature : kind.compareTo(other.kind);
        }
    }

    private FeatureSchema load(String model) {
        Set<String> removed = new HashSet<>();
        List<SchemaFeature> features = jdbc.query(
                "SELECT name, position, feature_type, source, removed_at FROM model_feature WHERE model = ?"
                        + " ORDER BY position",
                (rs, row) -> {
                    if (rs.getObject(5) != null) {
                        removed.add(rs.getString(1));
                    }
                    return new SchemaFeature(rs.getString(1), rs.getInt(2), FeatureType.valueOf(rs.getString(3)),
                            FeatureSource.valueOf(rs.getString(4)));
                }, model);
        return new FeatureSchema(model, features, removed);
    }

    private CategoryDictionary dictionary(String model, int position) {
        return dictionaries.computeIfAbsent(new DictionaryKey(model, position), key -> {
            CategoryDictionary dictionary = new CategoryDictionary();
            dictionary.reload(jdbc, model, position);
            return dictionary;
        });
    }

    private Object lock(String model) {
        return locks.computeIfAbsent(model, m -> new Object());
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private record DictionaryKey(String model, int position) {
    }

    /** Category to code and back; codes are dense from 0 in insertion order. */
    private static final class CategoryDictionary {
        final Map<String, Integer> codes = new ConcurrentHashMap<>();
        final List<String> values = Collections.synchronizedList(new ArrayList<>());

        void reload(JdbcTemplate jdbc, String model, int position) {
            List<String> stored = jdbc.query(
                    "SELECT category FROM feature_category WHERE model = ? AND position = ? ORDER BY code",
                    (rs, row) -> rs.getString(1), model, position);
            values.clear();
            values.addAll(stored);
            for (int code = 0; code < stored.size(); code++) {
                codes.put(stored.get(code), code);
            }
        }
    }
}
