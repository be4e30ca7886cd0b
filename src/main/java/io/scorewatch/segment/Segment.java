package io.scorewatch.segment;

/**
 * One value of one segment key, written {@code KEY:VALUE} in the API (the key ends at the first
 * colon; the value may hold colons).
 *
 * @param key   a segment key the model declares
 * @param value one of its values, {@code other} or {@code missing}
 */
public record Segment(String key, String value) {

    /** The longest value a segment keeps; a longer value counts as {@code other}. */
    public static final int MAX_VALUE_LENGTH = 200;

    @Override
    public String toString() {
        return key + ":" + value;
    }
}
