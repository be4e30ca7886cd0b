package io.scorewatch.ingest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The features of one posted prediction as its JSON object holds them: names in the order
 * posted, numbers unboxed. A batch of a thousand 200-feature predictions is held in a few
 * megabytes instead of some 25 MB of maps of boxed numbers, and the encoder reads it by
 * position.
 *
 * <p>As a map it answers what the JSON object holds: a number as a {@code Double}, a string, a
 * boolean, null, or a nested object or array as read. A name posted twice keeps its first place
 * and its last value, as a JSON object read into a map does.
 */
@JsonDeserialize(using = FeatureValues.Reader.class)
final class FeatureValues extends AbstractMap<String, Object> {

    private String[] names;
    private double[] numbers;
    /** Per entry: null when the value is the number at the same index, else the value ({@link #NULL} for null). */
    private Object[] others;
    private int size;
    /** Open addressing over the names: entry index + 1, 0 for a free slot. */
    private int[] slots;

    private static final Object NULL = new Object();

    FeatureValues(int capacity) {
        int room = Math.max(4, capacity);
        names = new String[room];
        numbers = new double[room];
        slots = new int[tableSize(room)];
    }

    void putNumber(String name, double value) {
        int index = indexFor(name);
        numbers[index] = value;
        if (others != null) {
            others[index] = null;
        }
    }

    void putValue(String name, Object value) {
        int index = indexFor(name);
        if (others == null) {
            others = new Object[names.length];
        }
        others[index] = value == null ? NULL : value;
    }

    /** The number of distinct names. */
    @Override
    public int size() {
        return size;
    }

    /** The name at an index, 0 to size - 1, in the order first posted. */
    String name(int index) {
        return names[index];
    }

    /** Whether the value at an index is a number (NaN included). */
    boolean isNumber(int index) {
        return others == null || others[index] == null;
    }

    /** The number at an index; meaningful when {@link #isNumber} says so. */
    double number(int index) {
        return numbers[index];
    }

    /** The value at an index as a map would hold it: Double, String, Boolean, null, a Map or a List. */
    Object value(int index) {
        if (isNumber(index)) {
            return numbers[index];
        }
        Object value = others[index];
        return value == NULL ? null : value;
    }

    @Override
    public Object get(Object key) {
        int index = key instanceof String name ? find(name) : -1;
        return index < 0 ? null : value(index);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && find(name) >= 0;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(names[index], value(index));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private int find(String name) {
        return slots[slotOf(name)] - 1;
    }

    /** The index of a name, added at the end when it is new. */
    private int indexFor(String name) {
        int slot = slotOf(name);
        if (slots[slot] != 0) {
            return slots[slot] - 1;
        }
        if (size == names.length) {
            grow();
            slot = slotOf(name);
        }
        names[size] = name;
        slots[slot] = ++size;
        return size - 1;
    }

    /** The slot holding a name, or the free slot where it would go. */
    private int slotOf(String name) {
        int mask = slots.length - 1;
        int slot = spread(name.hashCode()) & mask;
        while (slots[slot] != 0 && !names[slots[slot] - 1].equals(name)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int room = names.length * 2;
        names = Arrays.copyOf(names, room);
        numbers = Arrays.copyOf(numbers, room);
        if (others != null) {
            others = Arrays.copyOf(others, room);
        }
        slots = new int[tableSize(room)];
        for (int index = 0; index < size; index++) {
            slots[slotOf(names[index])] = index + 1;
        }
    }

    /** A table at most half full for this many names. */
    private static int tableSize(int names) {
        return Integer.highestOneBit(names * 2 - 1) << 1;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /**
     * The mapper attribute holding {@code scorewatch.ingest.max-features-per-prediction} (set by
     * {@link IntakeJson}): the reader stops at the first feature beyond it, without reading the
     * rest of the object or the body. Without it, objects are read whole.
     */
    static final String MAX_FEATURES = "scorewatch.ingest.max-features-per-prediction";

    /**
     * Reads a JSON object of features; anything but an object is a mismatch named after its
     * field, and so is an object with more distinct names than {@link #MAX_FEATURES}.
     */
    static final class Reader extends ValueDeserializer<FeatureValues> {

        /**
         * Room for as many features as the object read last had (shared by threads, read and
         * written racily: it is a hint): the predictions of a model have the same features, and
         * growing the arrays (twice, rehashing the names, from a fixed 64 for 200 features)
         * took a third of the time spent here.
         */
        private int lastSize = 16;

        @Override
        public FeatureValues deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.isExpectedStartObjectToken()) {
                return (FeatureValues) ctxt.handleUnexpectedToken(FeatureValues.class, p);
            }
            FeatureValues features = new FeatureValues(lastSize);
            int max = ctxt.getAttribute(MAX_FEATURES) instanceof Integer limit ? limit : Integer.MAX_VALUE;
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                if (features.size() >= max && !features.containsKey(name)) {
                    throw MismatchedInputException.from(p, (Class<?>) null, "has more than " + max
                            + " features, over the limit of " + max + " (scorewatch.ingest.max-features-per-prediction)");
                }
                JsonToken token = p.nextToken();
                switch (token) {
                    case VALUE_NUMBER_FLOAT, VALUE_NUMBER_INT -> features.putNumber(name, p.getDoubleValue());
                    case VALUE_STRING -> features.putValue(name, p.getString());
                    case VALUE_TRUE -> features.putValue(name, Boolean.TRUE);
                    case VALUE_FALSE -> features.putValue(name, Boolean.FALSE);
                    case VALUE_NULL -> features.putValue(name, null);
                    default -> features.putValue(name, ctxt.readValue(p, Object.class));
                }
            }
            lastSize = features.size();
            return features;
        }
    }
}
