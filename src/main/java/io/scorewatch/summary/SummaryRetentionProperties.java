package io.scorewatch.summary;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The two retentions ({@code scorewatch.retention.*}) as summaries see them: raw rows (purged
 * by the raw-data retention; a window inside it can be computed exactly) and summaries.
 *
 * @param raw       how long raw predictions are kept (the same key the raw purge reads)
 * @param summaries how long summaries are kept, counted from their bucket's end
 */
@ConfigurationProperties("scorewatch.retention")
public record SummaryRetentionProperties(
        @DefaultValue("400d") Duration raw,
        @DefaultValue("6y") Period summaries) {
}
