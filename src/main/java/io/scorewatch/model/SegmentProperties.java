package io.scorewatch.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of segments and of the tags predictions carry.
 *
 * @param maxValues      distinct values kept per segment key when its YAML gives no {@code max-values}
 * @param maxTags        tags one prediction may carry
 * @param maxTagLength   characters of a tag's name and of its value, at most
 */
@ConfigurationProperties("scorewatch.segments")
public record SegmentProperties(
        @DefaultValue("20") int maxValues,
        @DefaultValue("20") int maxTags,
        @DefaultValue("100") int maxTagLength) {

    public SegmentProperties {
        if (maxValues < 1 || maxTags < 0 || maxTagLength < 1) {
            throw new IllegalArgumentException("scorewatch.segments: max-values and max-tag-length must be >= 1"
                    + " and max-tags >= 0");
        }
    }

    /** The defaults, for a registry built outside Spring. */
    public static SegmentProperties defaults() {
        return new SegmentProperties(20, 20, 100);
    }
}
