package io.scorewatch.reference;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of a reference CSV ({@code scorewatch.reference.*}); beyond them the upload is a 400.
 *
 * @param maxColumns        feature columns a reference may have (as a model's schema may grow to)
 * @param maxColumnNameLength characters in a column name (as a feature name may have)
 * @param loadAtStart       whether each model's active reference is read into memory once the
 *                          service has started, so that the first drift run does not wait for it
 */
@ConfigurationProperties("scorewatch.reference")
record ReferenceProperties(
        @DefaultValue("2000") int maxColumns,
        @DefaultValue("200") int maxColumnNameLength,
        @DefaultValue("true") boolean loadAtStart) {
}
