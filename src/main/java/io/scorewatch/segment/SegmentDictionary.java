package io.scorewatch.segment;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.scorewatch.config.FieldProblem;
import io.scorewatch.config.InvalidRequestException;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.SegmentDeclaration;

/**
 * The values each segment key of each model keeps, at most its {@code max-values}: the first
 * values seen, in the table {@code segment_value}. A value beyond them is {@code other}, and a
 * prediction without a value is {@code missing}. A value new to the store is added in the
 * writing transaction and known here once that transaction commits.
 */
@Component
public class SegmentDictionary {

    private final JdbcTemplate jdbc;
    private final ModelRegistry models;
    private final Clock clock;
    /** Committed values per model and key. */
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    SegmentDictionary(JdbcTemplate jdbc, ModelRegistry models, Clock clock) {
        this.jdbc = jdbc;
        this.models = models;
        this.clock = clock;
    }

    /** The values a key keeps (in no order), without {@code other} and {@code missing}. */
    public Set<String> values(String model, String key) {
        return known.computeIfAbsent(model + '\u0000' + key, k -> load(model, key));
    }

    /**
     * Every value a read of the key may name: the values kept, then {@code other} and
     * {@code missing}, sorted.
     */
    public List<String> readableValues(String model, String key) {
        List<String> values = new ArrayList<>(values(model, key));
        values.sort(null);
        values.add(SegmentDeclaration.OTHER);
        values.add(SegmentDeclaration.MISSING);
        return values;
    }

    private Set<String> load(String model, String key) {
        Set<String> values = ConcurrentHashMap.newKeySet();
        values.addAll(jdbc.queryForList("SELECT segment_value FROM segment_value WHERE model = ? AND segment_key = ?",
                String.class, model, key));
        return values;
    }

    /**
     * The value a prediction is stored under for this key, inside the writing transaction: a
     * value already kept, a new value added while the key keeps fewer than its max-values, and
     * {@code other} beyond them. {@code pending} holds the values this transaction has added.
     */
    public String resolve(String model, SegmentDeclaration segment, String raw, Collection<String> pending) {
        if (raw == null) {
            return SegmentDeclaration.MISSING;
        }
        if (raw.length() > Segment.MAX_VALUE_LENGTH || raw.isBlank()) {
            return SegmentDeclaration.OTHER;
        }
        Set<String> values = values(model, segment.key());
        if (values.contains(raw) || pending.contains(segment.key() + '\u0000' + raw)) {
            return raw;
        }
        if (raw.equals(SegmentDeclaration.OTHER) || raw.equals(SegmentDeclaration.MISSING)) {
            return raw;
        }
        long added = pending.stream().filter(v -> v.startsWith(segment.key() + '\u0000')).count();
        if (values.size() + added >= segment.maxValues()) {
            return SegmentDeclaration.OTHER; // full: no query for a value beyond the bound
        }
        List<String> present = jdbc.queryForList("SELECT segment_value FROM segment_value WHERE model = ?"
                + " AND segment_key = ? AND segment_value = ?", String.class, model, segment.key(), raw);
        if (!present.isEmpty()) {
            values.add(raw); // another writer has committed it
            return raw;
        }
        Integer stored = jdbc.queryForObject("SELECT COUNT(*) FROM segment_value WHERE model = ? AND segment_key = ?",
                Integer.class, model, segment.key());
        if (stored >= segment.maxValues()) { // the count holds this transaction's own additions
            return SegmentDeclaration.OTHER;
        }
        jdbc.update("INSERT INTO segment_value (model, segment_key, segment_value, added_at) VALUES (?, ?, ?, ?)",
                model, segment.key(), raw, clock.instant().atOffset(ZoneOffset.UTC));
        pending.add(segment.key() + '\u0000' + raw);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    values.add(raw);
                }
            });
        } else {
            values.add(raw);
        }
        return raw;
    }

    /**
     * The segment {@code KEY:VALUE} of a read, checked against the model's declared keys and the
     * values they keep; null when the text is null or blank (the total). A malformed or unknown
     * segment is a 400 naming {@code field}.
     */
    public Segment parse(String model, String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidRequestException(FieldProblem.of(field, "must be KEY:VALUE, e.g. product:Cash loans"));
        }
        Segment segment = new Segment(text.substring(0, colon), text.substring(colon + 1));
        requireKey(model, segment.key(), field);
        if (!readableValues(model, segment.key()).contains(segment.value())) {
            throw new InvalidRequestException(FieldProblem.of(field, "segment " + segment.key() + " has no value '"
                    + abbreviate(segment.value()) + "' (values beyond its max-values count as other)"));
        }
        return segment;
    }

    /** The declaration of a key the model declares; a 400 naming {@code field} otherwise. */
    public SegmentDeclaration requireKey(String model, String key, String field) {
        ModelDefinition definition = models.get(model);
        return Optional.ofNullable(definition.segments().get(key)).orElseThrow(() -> new InvalidRequestException(
                FieldProblem.of(field, "segment key '" + abbreviate(key) + "' is not declared by model " + model
                        + (definition.segments().isEmpty() ? " (it declares none)"
                                : "; declared: " + String.join(", ", definition.segments().keySet())))));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
