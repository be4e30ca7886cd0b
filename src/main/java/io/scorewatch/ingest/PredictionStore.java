package io.scorewatch.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.scorewatch.segment.SegmentSlots;

/**
 * The prediction table and the feature blocks, written in JDBC batches (the intake's hot path)
 * and read by id.
 *
 * <p>The feature vectors of the predictions stored together (up to {@link #BLOCK_ROWS}) go into
 * one {@code feature_block} row; a prediction row names its block and row. The prediction rows
 * stay narrow, and a window's vectors are read a block at a time.
 *
 * <p>A prediction id is unique per model by the table's own constraint
 * ({@code uk_prediction_model_id}): an insert of a stored id fails the transaction with a
 * {@link org.springframework.dao.DuplicateKeyException}. On PostgreSQL the table is partitioned
 * by month ({@code predicted_month}, see {@link MonthPartitions}) and the constraint holds that
 * month, so it decides within a month; the intake's look-up of stored ids
 * ({@link #storedIds}) reads every month.
 *
 * <p>On PostgreSQL the prediction rows go in with {@code COPY ... FROM STDIN}, the server's bulk
 * load: one stream of rows in its text format instead of a statement with 19 parameters a row,
 * which both the driver and the server spend more time on. Constraints, indexes and the
 * transaction are those of an INSERT. Other databases take the rows as a JDBC batch.
 */
@Repository
class PredictionStore {

    static final int BLOCK_ROWS = 1_000;

    private static final String INSERT_PREDICTION = "INSERT INTO prediction (prediction_id, model,"
            + " model_version, predicted_at, received_at, client_hash, prediction, probability, latency_ms,"
            + " block_id, block_row, quality_violations, final_decision, override_reason, shadow_of, segment_1,"
            + " segment_2, segment_3, segment_4) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    PredictionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        Boolean copied = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return false;
            }
            byte[] text = copyText(block, rows).getBytes(StandardCharsets.UTF_8);
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_PREDICTIONS,
                        new ByteArrayInputStream(text));
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable); // an array in memory: not thrown
            }
            return true;
        });
        if (!Boolean.TRUE.equals(copied)) {
            batchInsert(block, rows);
        }
    }

    private static final String COPY_PREDICTIONS = "COPY prediction (prediction_id, model, model_version,"
            + " predicted_at, received_at, client_hash, prediction, probability, latency_ms, block_id, block_row,"
            + " quality_violations, final_decision, override_reason, shadow_of, segment_1, segment_2, segment_3,"
            + " segment_4, predicted_month) FROM STDIN";

    /**
     * The rows in COPY's text format: columns separated by tabs, a row per line, {@code \N} for
     * null, and a backslash, tab, newline or carriage return in a text escaped with a backslash.
     * Times are ISO-8601 instants, doubles as Java writes them (the shortest decimal that reads
     * back as the same double). The last column is the month of the prediction's time, the
     * partition key.
     */
    static String copyText(long block, List<StoredPrediction> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (int row = 0; row < rows.size(); row++) {
            StoredPrediction p = rows.get(row);
            text(text, p.predictionId()).append('\t');
            text(text, p.model()).append('\t');
            text(text, p.modelVersion()).append('\t');
            text(text, Objects.toString(p.predictedAt(), null)).append('\t');
            text(text, Objects.toString(p.receivedAt(), null)).append('\t');
            text(text, p.clientHash()).append('\t');
            text.append(p.prediction()).append('\t');
            text.append(p.probability()).append('\t');
            text(text, Objects.toString(p.latencyMs(), null)).append('\t');
            text.append(block).append('\t');
            text.append(row).append('\t');
            text.append(p.qualityViolations()).append('\t');
            text(text, Objects.toString(p.finalDecision(), null)).append('\t');
            text(text, p.overrideReason()).append('\t');
            text(text, p.shadowOf());
            for (int slot = 1; slot <= SegmentSlots.SLOTS; slot++) {
                text(text.append('\t'), p.segment(slot));
            }
            text.append('\t').append(MonthPartitions.monthOf(p.predictedAt())).append('\n');
        }
        return text.toString();
    }

    private static StringBuilder text(StringBuilder text, String value) {
        if (value == null) {
            return text.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }

    private void batchInsert(long block, List<StoredPrediction> rows) {
        jdbc.batchUpdate(INSERT_PREDICTION, new BatchPreparedStatementSetter() {

            @Override
            public void setValues(PreparedStatement ps, int row) throws SQLException {
                StoredPrediction p = rows.get(row);
                ps.setString(1, p.predictionId());
                ps.setString(2, p.model());
                ps.setString(3, p.modelVersion());
                ps.setObject(4, utc(p.predictedAt()));
                ps.setObject(5, utc(p.receivedAt()));
                ps.setString(6, p.clientHash());
                ps.setShort(7, (short) p.prediction());
                ps.setDouble(8, p.probability());
                setDouble(ps, 9, p.latencyMs());
                ps.setLong(10, block);
                ps.setInt(11, row);
                ps.setInt(12, p.qualityViolations());
                if (p.finalDecision() == null) {
                    ps.setNull(13, Types.SMALLINT);
                } else {
                    ps.setShort(13, p.finalDecision().shortValue());
                }
                ps.setString(14, p.overrideReason());
                ps.setString(15, p.shadowOf());
                for (int slot = 1; slot <= SegmentSlots.SLOTS; slot++) {
                    ps.setString(15 + slot, p.segment(slot));
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    /**
     * Of these prediction ids, those a prediction of the model is stored under: one query, the
     * ids bound as one array, so that a batch's check is one round trip and one statement text.
     */
    Set<String> storedIds(String model, Collection<String> predictionIds) {
        Set<String> stored = new HashSet<>();
        if (predictionIds.isEmpty()) {
            return stored;
        }
        String[] ids = predictionIds.toArray(String[]::new);
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "SELECT prediction_id FROM prediction WHERE prediction_id = ANY(?) AND model = ?");
            ps.setArray(1, connection.createArrayOf("VARCHAR", ids));
            ps.setString(2, model);
            return ps;
        }, rs -> {
            stored.add(rs.getString(1));
        });
        return stored;
    }

    static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    /**
     * The prediction stored under this id: of the given model, or of any model when none is
     * given (the latest, should several models have one).
     */
    Optional<StoredPrediction> find(String model, String predictionId) {
        return rowOf(model, predictionId).flatMap(row -> jdbc.query(SELECT_STORED + " WHERE p.id = ?",
                (rs, n) -> read(rs), row).stream().findFirst());
    }

    /** The row of a stored prediction id, of the given model or, when none is given, of any. */
    Optional<Long> rowOf(String model, String predictionId) {
        String latest = " ORDER BY predicted_at DESC, id DESC FETCH FIRST 1 ROWS ONLY";
        List<Long> rows = model == null
                ? jdbc.queryForList("SELECT id FROM prediction WHERE prediction_id = ?" + latest, Long.class,
                        predictionId)
                : jdbc.queryForList("SELECT id FROM prediction WHERE prediction_id = ? AND model = ?", Long.class,
                        predictionId, model);
        return rows.stream().findFirst();
    }

    private static final String SELECT_STORED = "SELECT p.prediction_id, p.model, p.model_version,"
            + " p.predicted_at, p.received_at, p.client_hash, p.prediction, p.probability, p.latency_ms, b.vectors,"
            + " b.row_count, p.block_row, p.quality_violations, p.actual_default, p.days_to_default, p.labeled_at,"
            + " p.final_decision, p.override_reason, p.shadow_of, p.segment_1, p.segment_2, p.segment_3, p.segment_4"
            + " FROM prediction p JOIN feature_block b ON b.id = p.block_id";

    private static StoredPrediction read(ResultSet rs) throws SQLException {
        byte[] features = FeatureVectors.row(rs.getBytes(10), rs.getInt(11), rs.getInt(12));
        return new StoredPrediction(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                instant(rs, 5), rs.getString(6), rs.getShort(7), rs.getDouble(8), nullableDouble(rs, 9),
                features, rs.getInt(13), nullableInt(rs, 14), nullableInt(rs, 15), instant(rs, 16),
                nullableInt(rs, 17), rs.getString(18), rs.getString(19), new String[] {rs.getString(20),
                        rs.getString(21), rs.getString(22), rs.getString(23)});
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

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
