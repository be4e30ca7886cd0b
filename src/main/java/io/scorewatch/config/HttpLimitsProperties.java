package io.scorewatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send and on the work it may start.
 *
 * @param maxBodySize         largest JSON or NDJSON request body; a larger one is answered 413
 * @param heavyReads          heavy requests (drift runs and reports, metrics, the dashboard's figures,
 *                            monitoring runs) served at once; one more waits up to {@code heavy-read-wait},
 *                            then is answered 429 with {@code Retry-After}
 * @param heavyReadWait       how long a heavy request waits for a free slot before its 429
 * @param heavyReadRetryAfter the {@code Retry-After} of that 429
 */
@ConfigurationProperties("scorewatch.limits")
record HttpLimitsProperties(@DefaultValue("32MB") DataSize maxBodySize, @DefaultValue("4") int heavyReads,
        @DefaultValue("2s") Duration heavyReadWait, @DefaultValue("10s") Duration heavyReadRetryAfter) {

    HttpLimitsProperties {
        if (heavyReads < 1) {
            throw new IllegalArgumentException("scorewatch.limits.heavy-reads must be at least 1, was " + heavyReads);
        }
        if (heavyReadWait.isNegative() || heavyReadRetryAfter.isNegative()) {
            throw new IllegalArgumentException("scorewatch.limits.heavy-read-wait and heavy-read-retry-after must not"
                    + " be negative");
        }
    }
}
