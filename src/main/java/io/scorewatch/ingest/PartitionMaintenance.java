package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Creates the monthly partitions of the raw history ahead of time on PostgreSQL: the current
 * month and the next {@code scorewatch.partitions.months-ahead}, on the cron
 * {@code scorewatch.schedule.partitions} and once at start-up, under the lock {@code partitions}
 * so that one replica creates them. A row whose month has no partition lands in the DEFAULT
 * partition, so a late run delays nothing; when it creates that month, the rows move in. On H2
 * there is nothing to do.
 */
@Component
public class PartitionMaintenance {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final MonthPartitions partitions;
    private final TransactionTemplate transaction;
    private final PartitionProperties properties;
    private final Clock clock;
    private final LockingTaskExecutor locks;
    private final Duration lockAtMostFor;

    PartitionMaintenance(MonthPartitions partitions, PlatformTransactionManager transactions,
            PartitionProperties properties, Clock clock, LockProvider lockProvider,
            @Value("${scorewatch.schedule.lock-at-most-for}") Duration lockAtMostFor) {
        this.partitions = partitions;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
        this.locks = new DefaultLockingTaskExecutor(lockProvider);
        this.lockAtMostFor = lockAtMostFor;
    }

    /** At start-up, under the same lock as the scheduled run: a replica that finds it taken goes on. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        if (!partitions.partitioned()) {
            return;
        }
        locks.executeWithLock((Runnable) this::createAhead,
                new LockConfiguration(clock.instant(), "partitions", lockAtMostFor, Duration.ZERO));
    }

    @Scheduled(cron = "${scorewatch.schedule.partitions}")
    @SchedulerLock(name = "partitions", lockAtLeastFor = "${scorewatch.schedule.lock-at-least-for}")
    public void createAheadLocked() {
        createAhead();
    }

    /** Creates the partitions of the current month and the months ahead that are missing; answers their names. */
    public List<String> createAhead() {
        if (!partitions.partitioned()) {
            return List.of();
        }
        YearMonth current = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        List<String> created = partitions.create(current, current.plusMonths(properties.monthsAhead()),
                transaction);
        if (!created.isEmpty()) {
            log.info("Created the partitions {}", created);
        }
        return created;
    }
}
