package io.scorewatch.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send.
 *
 * @param maxBodySize largest JSON or NDJSON request body; a larger one is answered 413
 */
@ConfigurationProperties("scorewatch.limits")
record HttpLimitsProperties(@DefaultValue("32MB") DataSize maxBodySize) {
}
