package io.scorewatch.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scorewatch.config.FieldProblem;
import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.model.SegmentDeclaration;
import io.scorewatch.model.SegmentProperties;
import io.scorewatch.segment.SegmentDictionary;
import io.scorewatch.segment.SegmentSlots;

/**
 * A prediction's segments: its {@code tags} checked at validation, and at storage its value of
 * every segment key its model declares, in the key's segment column of the prediction row
 * ({@link SegmentSlots}). A categorical feature's value is the segment value as posted (a number as its
 * text); a value beyond the key's bound is {@code other}; no value is {@code missing}. Tags the
 * model does not declare are ignored and counted in {@code credit_scoring_unknown_tags_total}.
 */
@Component
class PredictionSegments {

    private final SegmentSlots slots;
    private final SegmentDictionary dictionary;
    private final SegmentProperties limits;
    private final MeterRegistry registry;

    PredictionSegments(SegmentSlots slots, SegmentDictionary dictionary, SegmentProperties limits,
            MeterRegistry registry, ModelRegistry models) {
        this.slots = slots;
        this.dictionary = dictionary;
        this.limits = limits;
        this.registry = registry;
        for (ModelDefinition model : models.all()) {
            unknownTags(model.name());
        }
    }

    /** Problems of a prediction's tags: too many, a name or value too long or with control characters. */
    void check(List<FieldProblem> problems, Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > limits.maxTags()) {
            problems.add(FieldProblem.of("tags", "has " + tags.size() + " tags, over the limit of " + limits.maxTags()));
            return;
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String name = tag.getKey();
            if (name.isBlank() || name.length() > limits.maxTagLength() || hasControlCharacter(name)) {
                problems.add(FieldProblem.of("tags", "tag name '" + abbreviate(name) + "' must be 1 to "
                        + limits.maxTagLength() + " printable characters"));
            } else if (tag.getValue() != null && (tag.getValue().length() > limits.maxTagLength()
                    || hasControlCharacter(tag.getValue()))) {
                problems.add(FieldProblem.of("tags." + name, "must be at most " + limits.maxTagLength()
                        + " printable characters"));
            }
        }
    }

    /**
     * The predictions about to be stored with their segment values, by the slot of each key the
     * model declares, resolved in the caller's transaction (a value new to a key is added to its
     * kept values there): {@code rows.get(k)} is stored from {@code requests.get(k)}.
     */
    List<StoredPrediction> withSegments(ModelDefinition model, List<StoredPrediction> rows,
            List<PredictionRequest> requests) {
        Map<String, SegmentDeclaration> segments = model.segments();
        long unknown = 0;
        for (PredictionRequest request : requests) {
            if (request.tags() != null) {
                for (String tag : request.tags().keySet()) {
                    if (!declaresTag(segments, tag)) {
                        unknown++;
                    }
                }
            }
        }
        if (unknown > 0) {
            countAfterCommit(model.name(), unknown);
        }
        if (segments.isEmpty()) {
            return rows;
        }
        List<SegmentDeclaration> declared = List.copyOf(segments.values());
        int[] slotOf = new int[declared.size()];
        for (int s = 0; s < declared.size(); s++) {
            slotOf[s] = slots.slot(model.name(), declared.get(s).key());
        }
        List<StoredPrediction> valued = new ArrayList<>(rows.size());
        Set<String> pending = new HashSet<>();
        for (int k = 0; k < rows.size(); k++) {
            PredictionRequest request = requests.get(k);
            String[] values = new String[SegmentSlots.SLOTS];
            for (int s = 0; s < declared.size(); s++) {
                values[slotOf[s] - 1] = dictionary.resolve(model.name(), declared.get(s), raw(declared.get(s), request),
                        pending);
            }
            valued.add(rows.get(k).withSegments(values));
        }
        return valued;
    }

    /** The value of the key as the prediction carries it, or null. */
    private static String raw(SegmentDeclaration segment, PredictionRequest request) {
        if (segment.source() == SegmentDeclaration.Source.TAG) {
            return request.tags() == null ? null : request.tags().get(segment.name());
        }
        FeatureValues features = request.features();
        Object value = features == null ? null : features.get(segment.name());
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return value.toString();
    }

    private static boolean declaresTag(Map<String, SegmentDeclaration> segments, String tag) {
        for (SegmentDeclaration segment : segments.values()) {
            if (segment.source() == SegmentDeclaration.Source.TAG && segment.name().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private void countAfterCommit(String model, long count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    unknownTags(model).increment(count);
                }
            });
        } else {
            unknownTags(model).increment(count);
        }
    }

    private Counter unknownTags(String model) {
        return Counter.builder("credit_scoring_unknown_tags")
                .description("Tags of stored predictions that no segment of the model declares (ignored)")
                .tag("model", model).register(registry);
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
