package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retention purge, held at its start until the test lets it go: a job that runs far past
 * its budget. {@link #entered} opens when a purge is held; {@link #release} lets every purge go.
 */
public class BlockedRetention extends RawDataRetention {

    public static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    public final CountDownLatch entered = new CountDownLatch(1);
    public final CountDownLatch release = new CountDownLatch(1);

    BlockedRetention(JdbcTemplate jdbc, RetentionProperties properties, Clock clock, MonthPartitions partitions) {
        super(jdbc, properties, clock, partitions);
    }

    @Override
    public Purged purge(String model) {
        entered.countDown();
        try {
            release.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.purge(model);
    }

    /** Puts the held purge in place of the real one. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        BlockedRetention blockedRetention(JdbcTemplate jdbc, RetentionProperties properties, Clock clock,
                MonthPartitions partitions) {
            return new BlockedRetention(jdbc, properties, clock, partitions);
        }
    }
}
