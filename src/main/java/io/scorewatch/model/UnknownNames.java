package io.scorewatch.model;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded tally of the feature names a model's schema lacks: how many values came under such
 * names, in how many predictions, and a sample of at most {@code capacity} names, the most
 * frequent ones (the Space-Saving algorithm: a new name takes the place of the least frequent
 * one and inherits its count as an overestimate). Whatever a client sends, it holds no more
 * than {@code capacity} names. Not thread-safe.
 */
public final class UnknownNames {

    /** A sampled name: its count (an upper bound) and how much of it may belong to names it displaced. */
    public record Sampled(String name, long occurrences, long overestimate) {
    }

    private final int capacity;
    private final Map<String, long[]> sample = new HashMap<>();
    private long occurrences;
    private long predictions;

    public UnknownNames(int capacity) {
        this.capacity = Math.max(0, capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** One value under a name the schema lacks. */
    public void count(String name) {
        occurrences++;
        add(name, 1, 0);
    }

    /** One prediction that carried at least one such name. */
    public void prediction() {
        predictions++;
    }

    public long occurrences() {
        return occurrences;
    }

    public long predictions() {
        return predictions;
    }

    public boolean isEmpty() {
        return occurrences == 0 && predictions == 0;
    }

    /** The sampled names, most frequent first. */
    public List<Sampled> sample() {
        return sample.entrySet().stream().map(e -> new Sampled(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(Sampled::occurrences).reversed().thenComparing(Sampled::name))
                .toList();
    }

    /** Adds another tally's counts and sample to this one. */
    void addAll(UnknownNames other) {
        occurrences += other.occurrences;
        predictions += other.predictions;
        other.sample.forEach((name, counts) -> add(name, counts[0], counts[1]));
    }

    private void add(String name, long count, long overestimate) {
        long[] counts = sample.get(name);
        if (counts != null) {
            counts[0] += count;
            counts[1] += overestimate;
            return;
        }
        if (capacity == 0) {
            return;
        }
        if (sample.size() < capacity) {
            sample.put(name, new long[] {count, overestimate});
            return;
        }
        Map.Entry<String, long[]> least = null;
        for (Map.Entry<String, long[]> entry : sample.entrySet()) {
            if (least == null || entry.getValue()[0] < least.getValue()[0]) {
                least = entry;
            }
        }
        long inherited = least.getValue()[0];
        sample.remove(least.getKey());
        sample.put(name, new long[] {inherited + count, inherited + overestimate});
    }
}
