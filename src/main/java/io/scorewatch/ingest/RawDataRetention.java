package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Purges raw data older than {@code scorewatch.retention.raw}: predictions (by prediction time),
 * labels (by outcome time) and reported request errors (by occurrence), in batches. Run by the
 * daily job.
 *
 * <p>On PostgreSQL the raw history is partitioned by month ({@link MonthPartitions}): a month goes
 * whole, detached and dropped, once it ends at or before the cutoff, so that its rows are kept
 * until then (at most a month past the retention period); rows are deleted one by one only from
 * the DEFAULT partitions, which hold the rows no month partition covers.
 */
@Component
public class RawDataRetention {

    private static final Logger log = LoggerFactory.getLogger(RawDataRetention.class);

    private final JdbcTemplate jdbc;
    private final RetentionProperties properties;
    private final Clock clock;
    private final MonthPartitions partitions;

    RawDataRetention(JdbcTemplate jdbc, RetentionProperties properties, Clock clock, MonthPartitions partitions) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.partitions = partitions;
    }

    /**
     * What one purge removed, and the cutoff (everything before it went): the rows deleted, and
     * on PostgreSQL the months whose partitions were dropped whole (their rows are not counted).
     */
    public record Purged(Instant before, long predictions, long labels, long requestErrors,
            List<YearMonth> monthsDropped) {

        @Override
        public String toString() {
            return "purged " + predictions + " predictions, " + labels + " labels and " + requestErrors
                    + " request errors from before " + before
                    + (monthsDropped.isEmpty() ? "" : "; dropped the partitions of " + monthsDropped);
        }
    }

    /** Purges one model's raw data older than the retention period. */
    public Purged purge(String model) {
        Instant before = clock.instant().minus(properties.raw());
        var cutoff = before.atOffset(ZoneOffset.UTC);
        int batch = properties.deleteBatch();
        List<YearMonth> dropped = List.of();
        // on PostgreSQL rows are deleted from the DEFAULT partitions alone: a month partition goes whole
        String suffix = "";
        if (partitions.partitioned()) {
            MonthPartitions.Drop drop = partitions.dropBefore(before, properties.dropLockTimeout());
            dropped = drop.months();
            suffix = MonthPartitions.DEFAULT_SUFFIX;
            if (!drop.complete()) {
                long errors = purgeRequestErrors(model, cutoff);
                log.info("Model {}: expired months left for the next run; purged {} request errors", model, errors);
                return new Purged(before, 0, 0, errors, dropped);
            }
        }
        long predictions = repeat("DELETE FROM prediction" + suffix + " WHERE id IN (SELECT id FROM prediction"
                + suffix + " WHERE model = ? AND predicted_at < ? FETCH FIRST " + batch + " ROWS ONLY)", model, cutoff);
        // a block goes once its newest prediction has: the rows that named it are gone by then
        repeat("DELETE FROM feature_block" + suffix + " WHERE id IN (SELECT id FROM feature_block" + suffix
                + " WHERE model = ? AND last_predicted_at < ? FETCH FIRST " + batch + " ROWS ONLY)", model, cutoff);
        long labels = repeat("DELETE FROM ground_truth" + suffix + " WHERE id IN (SELECT id FROM ground_truth"
                + suffix + " WHERE (model = ? OR model IS NULL) AND observed_at < ? FETCH FIRST " + batch
                + " ROWS ONLY)", model, cutoff);
        long errors = purgeRequestErrors(model, cutoff);
        Purged purged = new Purged(before, predictions, labels, errors, dropped);
        if (predictions + labels + errors > 0 || !dropped.isEmpty()) {
            log.info("Model {}: {}", model, purged);
        }
        return purged;
    }

    private long purgeRequestErrors(String model, Object cutoff) {
        return repeat("DELETE FROM request_error WHERE id IN (SELECT id FROM request_error WHERE model = ?"
                + " AND occurred_at < ? FETCH FIRST " + properties.deleteBatch() + " ROWS ONLY)", model, cutoff);
    }

    private long repeat(String delete, Object... args) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(delete, args);
            total += deleted;
        } while (deleted == properties.deleteBatch());
        return total;
    }
}
