package io.scorewatch.model;

/**
 * A segment key a model declares in its YAML: where each prediction's value of the key comes
 * from, and how many distinct values are kept before the rest count as {@link #OTHER}.
 *
 * @param key       the segment key, e.g. {@code product}
 * @param source    a categorical feature or a tag the prediction carries
 * @param name      the feature's or the tag's name
 * @param maxValues distinct values kept for the key; values beyond them count as {@link #OTHER}
 */
public record SegmentDeclaration(String key, Source source, String name, int maxValues) {

    /** The value of every value beyond the key's {@code max-values}. */
    public static final String OTHER = "other";
    /** The segment keys one model may declare: the segment columns of the prediction table. */
    public static final int MAX_KEYS = 4;
    /** The value of a prediction that carries no value for the key. */
    public static final String MISSING = "missing";

    /** Where a segment value comes from. */
    public enum Source {
        FEATURE, TAG
    }
}
