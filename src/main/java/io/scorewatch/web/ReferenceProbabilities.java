package io.scorewatch.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.scorewatch.model.ReferenceLookup.ReferenceInfo;
import io.scorewatch.reference.References;

/**
 * The probability histogram of each model's active reference, computed once per uploaded dataset:
 * the page asks for it on every load, and a stored dataset never changes.
 */
@Component
class ReferenceProbabilities {

    private final References references;
    private final Map<String, Binned> latest = new ConcurrentHashMap<>();

    ReferenceProbabilities(References references) {
        this.references = references;
    }

    /** A reference dataset and its probability counts over {@code bins} equal bins of [0, 1]. */
    record Binned(ReferenceInfo reference, int bins, long[] counts) {
    }

    /** The model's active reference, binned; empty without one. */
    Optional<Binned> active(String model, int bins) {
        Optional<ReferenceInfo> info = references.reference(model);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Binned cached = latest.get(model);
        if (cached != null && cached.reference().id() == info.get().id() && cached.bins() == bins) {
            return Optional.of(cached);
        }
        return references.dataset(model, info.get().id()).map(data -> {
            Binned binned = new Binned(info.get(), bins,
                    Histogram.probability(data.probability().toArray(), new double[0], bins).reference());
            latest.put(model, binned);
            return binned;
        });
    }
}
