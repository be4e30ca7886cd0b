package io.scorewatch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * H2 only: indexes the keys of the recent predictions ({@link RecentKeys}) in the {@link KeyFile},
 * once {@code scorewatch.ingest.key-merge-size} predictions wait, or {@code key-merge-interval}
 * after the last merge, in key order. At start-up, before the service takes requests, it
 * indexes the predictions stored after the file's position, read from the prediction table.
 */
@Component
class KeyIndexMerge implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KeyIndexMerge.class);
    /** Rows read and indexed at a time at start-up: each page in key order, like a merge. */
    private static final int PAGE = 100_000;

    private final JdbcTemplate jdbc;
    private final RecentKeys recentKeys;
    private final KeyFile file;
    private final IngestProperties properties;
    private final Clock clock;
    private volatile Instant lastMerge;

    KeyIndexMerge(JdbcTemplate jdbc, RecentKeys recentKeys, KeyIndex keyIndex, IngestProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.recentKeys = recentKeys;
        this.file = keyIndex instanceof KeyFile keyFile ? keyFile : null;
        this.properties = properties;
        this.clock = clock;
        this.lastMerge = clock.instant();
    }

    /** The predictions the file has no keys of (after a crash, or all of them in a new file), indexed now. */
    @Override
    public void afterSingletonsInstantiated() {
        if (file == null) {
            return;
        }
        Long last = jdbc.queryForObject("SELECT MAX(id) FROM prediction", Long.class);
        if (file.indexedThrough() > (last == null ? 0 : last)) {
            // ahead of the table (a database restored from a copy): the rows to come would count as indexed
            log.warn("The key file is ahead of the prediction table; it is built again");
            file.clear();
        }
        long indexed = 0;
        long after = file.indexedThrough();
        while (true) {
            List<KeyedPrediction> page = jdbc.query("SELECT " + KeyedPrediction.COLUMNS + " FROM prediction"
                    + " WHERE id > ? ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY", KeyedPrediction::read, after);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).row();
            file.add(inKeyOrder(page));
            file.commit(after);
            indexed += page.size();
        }
        if (indexed > 0) {
            log.info("Indexed the keys of {} predictions stored after the key file's last position", indexed);
        }
    }

    /** Merges when enough keys wait, or when the last merge is long enough ago. */
    @Scheduled(fixedDelayString = "${scorewatch.ingest.key-merge-check-interval}")
    void mergeIfDue() {
        int waiting = recentKeys.size();
        if (waiting >= properties.keyMergeSize()
                || waiting > 0 && !clock.instant().isBefore(lastMerge.plus(properties.keyMergeInterval()))) {
            merge();
        }
    }

    /** Indexes the keys of the oldest waiting predictions, up to {@code key-merge-size}; answers how many. */
    int merge() {
        List<KeyedPrediction> entries = file == null ? List.of() : recentKeys.oldest(properties.keyMergeSize());
        if (entries.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        // every prediction up to the last of these is committed: the writers store one at a time
        long through = entries.get(entries.size() - 1).row();
        file.add(inKeyOrder(entries));
        file.commit(through);
        // only now: until the keys are indexed, lookups find these predictions in the recent keys
        recentKeys.remove(entries);
        lastMerge = clock.instant();
        log.debug("Indexed the keys of {} predictions in {} ms ({} wait)", entries.size(),
                (System.nanoTime() - started) / 1_000_000, recentKeys.size());
        return entries.size();
    }

    /** Puts in key order touch each page of the id map once. */
    private static List<KeyedPrediction> inKeyOrder(List<KeyedPrediction> entries) {
        List<KeyedPrediction> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(KeyedPrediction::idKey));
        return sorted;
    }
}
