package io.scorewatch.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the override reasons predictions carry.
 *
 * @param maxReasons distinct reasons each model keeps: the first seen; any later one counts as
 *                   {@code other} in the overrides read
 */
@ConfigurationProperties("scorewatch.overrides")
public record OverrideProperties(@DefaultValue("20") int maxReasons) {

    /** Characters of a reason, at most (the column's width). */
    public static final int MAX_REASON_LENGTH = 100;

    public OverrideProperties {
        if (maxReasons < 1 || maxReasons > 1000) {
            throw new IllegalArgumentException("scorewatch.overrides.max-reasons must lie in [1, 1000]");
        }
    }
}
