package io.scorewatch.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The monthly partitions of the raw history on PostgreSQL ({@code scorewatch.partitions.*}).
 *
 * @param monthsAhead partitions exist for the current month and this many after it; the
 *                    partition job ({@code scorewatch.schedule.partitions}) creates those missing
 */
@ConfigurationProperties("scorewatch.partitions")
record PartitionProperties(@DefaultValue("3") int monthsAhead) {
}
