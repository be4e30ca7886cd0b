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
 *
 * <p>The names are hashed only when a look-up needs it: names read in the order of the object
 * read before are known to be distinct without one, and intake reads entries by position.
 */
@JsonDeserialize(using = FeatureValues.Reader.class)
final class FeatureValues extends AbstractMap<String, Object> {

    private String[] names;
    private double[] numbers;
    /** Per entry: null when the value is the number at the same index, else the value ({@link #NULL} for null). */
    private Object[] others;
    private int size;
    /** Open addressing over the names: entry index + 1, 0 for a free slot; null until a look-up. */
    private int[] slots;
    /** The names {@code [0, indexed)} are in {@link #slots}. */
    private int indexed;
    /** Whether a look-up has scanned the names already. */
    private boolean scanned;
    /** The names in order, once asked for or given by the reader; never changed after. */
    private String[] order;

    private static final Object NULL = new Object();

    FeatureValues(int capacity) {
        int room = Math.max(4, capacity);
        names = new String[room];
        numbers = new double[room];
    }

    /** The index of a name known to differ from every name held: added at the end, without a look-up. */
    int addNew(String name) {
        if (size == names.length) {
            grow();
        }
        names[size] = name;
        return size++;
    }

    void setNumber(int index, double value) {
        numbers[index] = value;
        if (others != null) {
            others[index] = null;
        }
    }

    void setValue(int index, Object value) {
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

    /**
     * The names in the order first posted, as an array not to be changed. Objects read one after
     * the other with the same names in the same order share one array, so that what was checked
     * of one array of names need not be checked again.
     */
    String[] nameOrder() {
        if (order == null || order.length != size) {
            order = Arrays.copyOf(names, size);
        }
        return order;
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

    /**
     * The index of a name, or -1. A first look-up scans the names (intake looks up one or two
     * names of an object, for its segments); from the second on, the names are hashed into a
     * table once and looked up there.
     */
    private int find(String name) {
        if (slots == null && !scanned) {
            scanned = true;
            for (int index = 0; index < size; index++) {
                if (names[index].equals(name)) {
                    return index;
                }
            }
            return -1;
        }
        index();
        return slots[slotOf(name)] - 1;
    }

    /** The index of a name, added at the end when it is new. */
    int indexFor(String name) {
        index();
        int slot = slotOf(name);
        if (slots[slot] != 0) {
            return slots[slot] - 1;
        }
        if (size == names.length) {
            grow();
            index();
            slot = slotOf(name);
        }
        names[size] = name;
        slots[slot] = ++size;
        indexed = size;
        return size - 1;
    }

    /** Brings the table of slots up to the names held, building it anew when it is missing or too small. */
    private void index() {
        if (slots == null || slots.length < tableSize(names.length)) {
            slots = new int[tableSize(names.length)];
            indexed = 0;
        }
        for (; indexed < size; indexed++) {
            slots[slotOf(names[indexed])] = indexed + 1;
        }
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
         * The names of the object read last, in order (shared by threads, replaced whole: it is
         * a hint). The predictions of a model post the same features in the same order, and the
         * parser answers a name it has read before as the same String: a name that is the very
         * String expected at its place is known to be distinct from the names before it, and
         * is added without a look-up. The first name off that order ends the shortcut for the
         * object.
         */
        private volatile String[] last = new String[0];

        @Override
        public FeatureValues deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.isExpectedStartObjectToken()) {
                return (FeatureValues) ctxt.handleUnexpectedToken(FeatureValues.class, p);
            }
            String[] expected = last;
            FeatureValues features = new FeatureValues(Math.max(16, expected.length));
            int max = ctxt.getAttribute(MAX_FEATURES) instanceof Integer limit ? limit : Integer.MAX_VALUE;
            boolean inOrder = true;
            int i = 0;
            for (String name = p.nextName(); name != null; name = p.nextName(), i++) {
                inOrder = inOrder && i < expected.length && name == expected[i];
                if (features.size() >= max && (inOrder || !features.containsKey(name))) {
                    throw MismatchedInputException.from(p, (Class<?>) null, "has more than " + max
                            + " features, over the limit of " + max + " (scorewatch.ingest.max-features-per-prediction)");
                }
                int index = inOrder ? features.addNew(name) : features.indexFor(name);
                JsonToken token = p.nextToken();
                switch (token) {
                    case VALUE_NUMBER_FLOAT, VALUE_NUMBER_INT -> features.setNumber(index, p.getDoubleValue());
                    case VALUE_STRING -> features.setValue(index, p.getString());
                    case VALUE_TRUE -> features.setValue(index, Boolean.TRUE);
                    case VALUE_FALSE -> features.setValue(index, Boolean.FALSE);
                    case VALUE_NULL -> features.setValue(index, null);
                    default -> features.setValue(index, ctxt.readValue(p, Object.class));
                }
            }
            if (inOrder && features.size() == expected.length) {
                features.order = expected;
            } else {
                last = features.nameOrder();
            }
            return features;
        }
    }
}
