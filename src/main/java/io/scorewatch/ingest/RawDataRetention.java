package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Purges raw data older than {@code scorewatch.retention.raw}: predictions (by prediction time),
 * labels (by outcome time) and reported request errors (by occurrence), in batches. Run by the
 * daily job.
 */
@Component
public class RawDataRetention {

    private static final Logger log = LoggerFactory.getLogger(RawDataRetention.class);

    private final JdbcTemplate jdbc;
    private final RetentionProperties properties;
    private final Clock clock;

    RawDataRetention(JdbcTemplate jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one purge removed, and the cutoff (everything before it went). */
    public record Purged(Instant before, long predictions, long labels, long requestErrors) {

        @Override
        public String toString() {
            return "purged " + predictions + " predictions, " + labels + " labels and " + requestErrors
                    + " request errors from before " + before;
        }
    }

    /** Purges one model's raw data older than the retention period. */
    public Purged purge(String model) {
        Instant before = clock.instant().minus(properties.raw());
        var cutoff = before.atOffset(ZoneOffset.UTC);
        int batch = properties.deleteBatch();
        long predictions = repeat("DELETE FROM prediction WHERE id IN (SELECT id FROM prediction WHERE model = ?"
                + " AND predicted_at < ? FETCH FIRST " + batch + " ROWS ONLY)", model, cutoff);
        // a block goes once its newest prediction has: the rows that named it are gone by then
        repeat("DELETE FROM feature_block WHERE id IN (SELECT id FROM feature_block WHERE model = ?"
                + " AND last_predicted_at < ? FETCH FIRST " + batch + " ROWS ONLY)", model, cutoff);
        long labels = repeat("DELETE FROM ground_truth WHERE id IN (SELECT id FROM ground_truth WHERE"
                + " (model = ? OR model IS NULL) AND observed_at < ? FETCH FIRST " + batch + " ROWS ONLY)", model,
                cutoff);
        long errors = repeat("DELETE FROM request_error WHERE id IN (SELECT id FROM request_error WHERE model = ?"
                + " AND occurred_at < ? FETCH FIRST " + batch + " ROWS ONLY)", model, cutoff);
        Purged purged = new Purged(before, predictions, labels, errors);
        if (predictions + labels + errors > 0) {
            log.info("Model {}: {}", model, purged);
        }
        return purged;
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
