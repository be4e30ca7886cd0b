package io.scorewatch.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * On the H2 store, the keys ({@link PredictionKeys}) of the newest predictions, which enter the
 * key index ({@link KeyFile}) later, in bulk ({@link KeyIndexMerge}). Until then, a lookup by
 * prediction id or by client asks here as well as the index.
 *
 * <p>An H2 file store is open in one process only (H2 locks the file), so every write passes
 * here. A writer that checks ids and then stores them does so in {@link #exclusively}, which
 * keeps another batch with the same id from passing the check meanwhile. On PostgreSQL, which
 * may be shared by several replicas, keys are indexed as they are stored ({@link KeyTables}) and
 * this stays empty.
 */
@Component
class RecentKeys {

    private final boolean enabled;
    private final ReentrantLock writers = new ReentrantLock();
    /* guarded by this */
    private final TreeMap<Long, KeyedPrediction> byRow = new TreeMap<>();
    private final Map<Long, KeyedPrediction> byIdKey = new HashMap<>();
    private final Map<Long, List<Long>> rowsByClient = new HashMap<>();

    @Autowired
    RecentKeys(StoreDatabase database) {
        this(database.isH2());
    }

    RecentKeys(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether keys wait here (H2) to be indexed later. */
    boolean enabled() {
        return enabled;
    }

    /** Runs a check of ids and the store of the new ones with no other such writer running. */
    <T> T exclusively(Supplier<T> work) {
        if (!enabled) {
            return work.get();
        }
        writers.lock();
        try {
            return work.get();
        } finally {
            writers.unlock();
        }
    }

    /** Adds committed predictions. */
    synchronized void add(Collection<KeyedPrediction> entries) {
        for (KeyedPrediction entry : entries) {
            byRow.put(entry.row(), entry);
            byIdKey.put(entry.idKey(), entry);
            if (entry.clientKey() != null) {
                rowsByClient.computeIfAbsent(entry.clientKey(), k -> new ArrayList<>(2)).add(entry.row());
            }
        }
    }

    /** Removes entries whose keys the indexes hold now. */
    synchronized void remove(Collection<KeyedPrediction> merged) {
        for (KeyedPrediction entry : merged) {
            if (byRow.remove(entry.row()) == null) {
                continue;
            }
            byIdKey.remove(entry.idKey(), entry);
            if (entry.clientKey() != null) {
                List<Long> rows = rowsByClient.get(entry.clientKey());
                rows.remove(entry.row());
                if (rows.isEmpty()) {
                    rowsByClient.remove(entry.clientKey());
                }
            }
        }
    }

    /** The entries in the order they were stored, at most {@code limit} of them. */
    synchronized List<KeyedPrediction> oldest(int limit) {
        List<KeyedPrediction> entries = new ArrayList<>(Math.min(limit, byRow.size()));
        for (KeyedPrediction entry : byRow.values()) {
            if (entries.size() == limit) {
                break;
            }
            entries.add(entry);
        }
        return entries;
    }

    synchronized int size() {
        return byRow.size();
    }

    /** Of these keys, those held here: key to the prediction id under it. */
    synchronized Map<Long, String> taken(Collection<Long> keys) {
        Map<Long, String> taken = new HashMap<>();
        if (byIdKey.isEmpty()) {
            return taken;
        }
        for (Long key : keys) {
            KeyedPrediction entry = byIdKey.get(key);
            if (entry != null) {
                taken.put(key, entry.predictionId());
            }
        }
        return taken;
    }

    /** The row of a prediction id held here. */
    synchronized OptionalLong rowOf(String predictionId) {
        if (!byIdKey.isEmpty()) {
            for (long key : PredictionKeys.idKeys(predictionId)) {
                KeyedPrediction entry = byIdKey.get(key);
                if (entry != null && entry.predictionId().equals(predictionId)) {
                    return OptionalLong.of(entry.row());
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The rows of the predictions of a client key held here. */
    synchronized List<Long> rowsOfClient(Long clientKey) {
        List<Long> rows = clientKey == null ? null : rowsByClient.get(clientKey);
        return rows == null ? List.of() : List.copyOf(rows);
    }
}
