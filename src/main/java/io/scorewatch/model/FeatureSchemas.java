package io.scorewatch.model;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
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

/**
 * The stored feature schemas and category dictionaries of all models.
 *
 * <p>A feature or category is written in a transaction of its own, committed before any
 * prediction that uses it, so a stored vector never refers to an unknown position or code.
 * Several replicas may add the same feature at once: the unique constraints decide, and the
 * loser reloads. Reads are lock-free snapshots.
 */
@Component
public class FeatureSchemas {

    private static final Logger log = LoggerFactory.getLogger(FeatureSchemas.class);
    private static final int ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate newTransaction;
    private final ModelRegistry models;
    private final Clock clock;
    private final Map<String, FeatureSchema> schemas = new ConcurrentHashMap<>();
    private final Map<DictionaryKey, CategoryDictionary> dictionaries = new ConcurrentHashMap<>();
    private final Map<ViolationKey, AtomicLong> pendingViolations = new ConcurrentHashMap<>();

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
     * already present keeps its position and type.
     */
    public FeatureSchema add(String model, List<NewFeature> features) {
        synchronized (lock(model)) {
            for (int attempt = 1; ; attempt++) {
                FeatureSchema current = schemas.computeIfAbsent(model, this::load);
                List<NewFeature> missing = features.stream()
                        .filter(f -> current.feature(f.name()).isEmpty())
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

    /** The code of a category of a categorical feature, added to the dictionary when new. */
    public int code(String model, int position, String category) {
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

    /** The category of a code, or null for an unknown code. */
    public String category(String model, int position, int code) {
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
     * Adds to a feature's data-quality counters (feature name to violations of one kind). The
     * counts gather in memory and are written every {@code scorewatch.ingest.quality-flush-interval},
     * at shutdown and before they are read, so an intake transaction never waits on a counter
     * row another intake holds.
     */
    public void countViolations(String model, String kind, Map<String, Integer> byFeature) {
        byFeature.forEach((feature, count) -> pendingViolations
                .computeIfAbsent(new ViolationKey(model, feature, kind), key -> new AtomicLong()).addAndGet(count));
    }

    /** Data-quality counters of a model: feature name to kind to count. */
    public Map<String, Map<String, Long>> violations(String model) {
        flushViolations();
        Map<String, Map<String, Long>> result = new HashMap<>();
        jdbc.query("SELECT feature, kind, violations FROM feature_quality WHERE model = ? ORDER BY feature, kind",
                rs -> {
                    result.computeIfAbsent(rs.getString(1), f -> new TreeMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                }, model);
        return result;
    }

    /** Writes the counts gathered since the last time, in one transaction, rows in key order. */
    @Scheduled(fixedDelayString = "${scorewatch.ingest.quality-flush-interval}")
    @PreDestroy
    public void flushViolations() {
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
        List<SchemaFeature> features = jdbc.query(
                "SELECT name, position, feature_type, source FROM model_feature WHERE model = ? ORDER BY position",
                (rs, row) -> new SchemaFeature(rs.getString(1), rs.getInt(2),
                        FeatureType.valueOf(rs.getString(3)), FeatureSource.valueOf(rs.getString(4))),
                model);
        return new FeatureSchema(model, features);
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
