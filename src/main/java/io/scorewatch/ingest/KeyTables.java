package io.scorewatch.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The key index as two tables, {@code prediction_key} and {@code prediction_client}, written in
 * the caller's transaction: PostgreSQL (whose indexes update in place) inserts them with each
 * batch, and the unique id key stops a second replica that stores the same id at the same time
 * ({@code DuplicateKeyException}).
 */
class KeyTables implements KeyIndex {

    /**
     * Keys looked up by one query. Short lists keep PostgreSQL on the key index: with 500 keys
     * it plans a sequential scan of a table of some hundred thousand rows.
     */
    private static final int IN_LIST = 100;
    private static final int BATCH = 1_000;

    private final JdbcTemplate jdbc;

    KeyTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, Long> rowsOfIdKeys(Collection<Long> idKeys) {
        List<Long> keys = List.copyOf(idKeys);
        Map<Long, Long> rows = new HashMap<>();
        if (keys.isEmpty()) {
            return rows;
        }
        if (keys.size() > PredictionKeys.CANDIDATES) {
            // a batch's keys: always an index lookup; with statistics from a smaller table (autovacuum
            // analyses late) the planner chose a scan of the whole table. For the intake's transaction only.
            jdbc.execute("SET LOCAL enable_seqscan = off");
        }
        for (int from = 0; from < keys.size(); from += IN_LIST) {
            List<Long> chunk = keys.subList(from, Math.min(keys.size(), from + IN_LIST));
            jdbc.query("SELECT id_key, prediction FROM prediction_key WHERE id_key IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
                        rows.put(rs.getLong(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return rows;
    }

    @Override
    public List<Long> rowsOfClient(long clientKey) {
        return jdbc.queryForList("SELECT prediction FROM prediction_client WHERE client_key = ?", Long.class,
                clientKey);
    }

    @Override
    public void add(List<KeyedPrediction> entries) {
        forEach("INSERT INTO prediction_key (id_key, prediction) VALUES (?, ?)", entries, KeyedPrediction::idKey);
        forEach("INSERT INTO prediction_client (client_key, prediction) VALUES (?, ?)", withClient(entries),
                KeyedPrediction::clientKey);
    }

    @Override
    public void remove(List<KeyedPrediction> entries) {
        forEach("DELETE FROM prediction_key WHERE id_key = ? AND prediction = ?", entries, KeyedPrediction::idKey);
        forEach("DELETE FROM prediction_client WHERE client_key = ? AND prediction = ?", withClient(entries),
                KeyedPrediction::clientKey);
    }

    /** Runs a statement of two parameters, a key and its prediction's row, for each entry. */
    private void forEach(String sql, List<KeyedPrediction> entries, ToLongFunction<KeyedPrediction> key) {
        jdbc.batchUpdate(sql, entries, BATCH, (ps, entry) -> {
            ps.setLong(1, key.applyAsLong(entry));
            ps.setLong(2, entry.row());
        });
    }

    private static List<KeyedPrediction> withClient(List<KeyedPrediction> entries) {
        List<KeyedPrediction> withClient = new ArrayList<>(entries.size());
        for (KeyedPrediction entry : entries) {
            if (entry.clientKey() != null) {
                withClient.add(entry);
            }
        }
        return withClient;
    }
}
