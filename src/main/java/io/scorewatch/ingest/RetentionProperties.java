package io.scorewatch.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long raw data is kept ({@code scorewatch.retention.*}).
 *
 * @param raw         predictions, labels and reported request errors older than this are purged
 *                    by the daily job (longer than a credit performance window); stored run
 *                    results (drift, monitoring, reviews, alerts) are kept
 * @param deleteBatch rows deleted per statement, so a purge never holds one huge transaction
 * @param dropLockTimeout PostgreSQL: how long detaching an expired month's partition waits for
 *                    its table's lock (new reads and inserts wait behind it); past it the month
 *                    goes on the next run
 */
@ConfigurationProperties("scorewatch.retention")
record RetentionProperties(@DefaultValue("400d") Duration raw, @DefaultValue("10000") int deleteBatch,
        @DefaultValue("5s") Duration dropLockTimeout) {
}
