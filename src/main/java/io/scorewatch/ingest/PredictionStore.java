package io.scorewatch.ingest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The prediction table and the feature blocks, written in JDBC batches (the intake's hot path)
 * and read by id.
 *
 * <p>The feature vectors of the predictions stored together (up to {@link #BLOCK_ROWS}) go into
 * one {@code feature_block} row; a prediction row names its block and row. The prediction rows
 * stay narrow, and a window's vectors are read a block at a time.
 *
 * <p>A prediction is found by its id and by its client through its keys in the {@link KeyIndex}:
 * on PostgreSQL they are indexed with the predictions, on H2 the newest wait in
 * {@link RecentKeys} until {@link KeyIndexMerge} indexes them.
 */
@Repository
class PredictionStore {

    static final int BLOCK_ROWS = 1_000;
    /** Rows read by one query. */
    private static final int IN_LIST = 100;

    private static final String INSERT_PREDICTION = "INSERT INTO prediction (prediction_id, id_key, model,"
            + " model_version, predicted_at, received_at, client_hash, client_key, prediction, probability, latency_ms,"
            + " block_id, block_row, quality_violations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final RecentKeys recentKeys;
    private final KeyIndex keyIndex;

    PredictionStore(JdbcTemplate jdbc, RecentKeys recentKeys, KeyIndex keyIndex) {
        this.jdbc = jdbc;
        this.recentKeys = recentKeys;
        this.keyIndex = keyIndex;
    }

    /** Stores predictions of one model with their feature vectors. */
    void insert(String model, List<StoredPrediction> predictions) {
        for (int from = 0; from < predictions.size(); from += BLOCK_ROWS) {
            List<StoredPrediction> rows = predictions.subList(from, Math.min(predictions.size(), from + BLOCK_ROWS));
            long block = insertBlock(model, rows);
            insertRows(block, rows);
        }
    }

    private long insertBlock(String model, List<StoredPrediction> rows) {
        Instant last = rows.stream().map(StoredPrediction::predictedAt).max(Instant::compareTo).orElseThrow();
        byte[] vectors = FeatureVectors.block(rows.stream().map(StoredPrediction::features).toList());
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO feature_block (model, row_count,"
                    + " last_predicted_at, vectors) VALUES (?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, model);
            ps.setInt(2, rows.size());
            ps.setObject(3, utc(last));
            ps.setBytes(4, vectors);
            return ps;
        }, key);
        return key.getKeyAs(Number.class).longValue();
    }

    private void insertRows(long block, List<StoredPrediction> rows) {
        KeyHolder generated = new GeneratedKeyHolder();
        jdbc.batchUpdate(connection -> connection.prepareStatement(INSERT_PREDICTION, new String[] {"id"}),
                new BatchPreparedStatementSetter() {

                    @Override
                    public void setValues(PreparedStatement ps, int row) throws SQLException {
                        StoredPrediction p = rows.get(row);
                        ps.setString(1, p.predictionId());
                        ps.setLong(2, p.idKey());
                        ps.setString(3, p.model());
                        ps.setString(4, p.modelVersion());
                        ps.setObject(5, utc(p.predictedAt()));
                        ps.setObject(6, utc(p.receivedAt()));
                        ps.setString(7, p.clientHash());
                        setLong(ps, 8, PredictionKeys.clientKey(p.clientHash()));
                        ps.setShort(9, (short) p.prediction());
                        ps.setDouble(10, p.probability());
                        setDouble(ps, 11, p.latencyMs());
                        ps.setLong(12, block);
                        ps.setInt(13, row);
                        ps.setInt(14, p.qualityViolations());
                    }

                    @Override
                    public int getBatchSize() {
                        return rows.size();
                    }
                }, generated);
        List<Map<String, Object>> ids = generated.getKeyList();
        List<KeyedPrediction> keys = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            StoredPrediction p = rows.get(i);
            long row = ((Number) ids.get(i).values().iterator().next()).longValue();
            keys.add(new KeyedPrediction(row, p.predictionId(), p.idKey(), PredictionKeys.clientKey(p.clientHash())));
        }
        if (recentKeys.enabled()) {
            // looked up in memory once committed, until the merge inserts them; a rollback leaves nothing
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

                @Override
                public void afterCommit() {
                    recentKeys.add(keys);
                }
            });
        } else {
            // a key taken meanwhile by another writer fails the transaction (DuplicateKeyException)
            keyIndex.add(keys);
        }
    }

    /**
     * The keys taken among the candidate keys of these prediction ids: key to the id stored
     * under it.
     */
    Map<Long, String> takenKeys(Collection<String> predictionIds) {
        List<Long> keys = new ArrayList<>(predictionIds.size() * PredictionKeys.CANDIDATES);
        for (String id : predictionIds) {
            for (long key : PredictionKeys.idKeys(id)) {
                keys.add(key);
            }
        }
        // the recent keys first: a merge indexes keys before it forgets them there
        Map<Long, String> taken = recentKeys.taken(keys);
        Map<Long, Long> indexed = keyIndex.rowsOfIdKeys(keys);
        Map<Long, String> ids = predictionIdsOf(indexed.values());
        indexed.forEach((key, row) -> {
            String id = ids.get(row);
            if (id != null) {
                taken.put(key, id);
            }
        });
        return taken;
    }

    /** The prediction ids of these rows, of those still stored. */
    private Map<Long, String> predictionIdsOf(Collection<Long> rows) {
        List<Long> all = List.copyOf(rows);
        Map<Long, String> ids = new HashMap<>();
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST));
            jdbc.query("SELECT id, prediction_id FROM prediction WHERE id IN (" + marks(chunk.size()) + ")", rs -> {
                ids.put(rs.getLong(1), rs.getString(2));
            }, chunk.toArray());
        }
        return ids;
    }

    static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    Optional<StoredPrediction> find(String predictionId) {
        return rowOf(predictionId).flatMap(row -> jdbc.query(SELECT_STORED + " WHERE p.id = ?", (rs, n) -> read(rs), row)
                .stream().findFirst());
    }

    /** The row of a stored prediction id. */
    Optional<Long> rowOf(String predictionId) {
        // the recent keys first: a merge indexes keys before it forgets them there
        Optional<Long> recent = recentKeys.rowOf(predictionId).stream().boxed().findFirst();
        List<Long> rows = recent.isPresent() ? List.of(recent.get())
                : List.copyOf(keyIndex.rowsOfIdKeys(Arrays.stream(PredictionKeys.idKeys(predictionId)).boxed().toList())
                        .values());
        return predictionIdsOf(rows).entrySet().stream().filter(row -> row.getValue().equals(predictionId))
                .map(Map.Entry::getKey).findFirst();
    }

    private static final String SELECT_STORED = "SELECT p.prediction_id, p.id_key, p.model, p.model_version,"
            + " p.predicted_at, p.received_at, p.client_hash, p.prediction, p.probability, p.latency_ms, b.vectors,"
            + " b.row_count, p.block_row, p.quality_violations, p.actual_default, p.days_to_default, p.labeled_at"
            + " FROM prediction p JOIN feature_block b ON b.id = p.block_id";

    private static StoredPrediction read(ResultSet rs) throws SQLException {
        byte[] features = FeatureVectors.row(rs.getBytes(11), rs.getInt(12), rs.getInt(13));
        return new StoredPrediction(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                instant(rs, 6), rs.getString(7), rs.getShort(8), rs.getDouble(9), nullableDouble(rs, 10),
                features, rs.getInt(14), nullableInt(rs, 15), nullableInt(rs, 16), instant(rs, 17));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
