package io.scorewatch.ingest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The prediction table, written in JDBC batches (the intake's hot path) and read by id. */
@Repository
class PredictionStore {

    private static final int IN_LIST = 500;

    private final JdbcTemplate jdbc;

    PredictionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(List<StoredPrediction> predictions) {
        jdbc.batchUpdate("INSERT INTO prediction (prediction_id, model, model_version, predicted_at, received_at,"
                + " client_hash, prediction, probability, latency_ms, features, quality_violations)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", predictions, 1000, (ps, p) -> {
                    ps.setString(1, p.predictionId());
                    ps.setString(2, p.model());
                    ps.setString(3, p.modelVersion());
                    ps.setObject(4, utc(p.predictedAt()));
                    ps.setObject(5, utc(p.receivedAt()));
                    ps.setString(6, p.clientHash());
                    ps.setShort(7, (short) p.prediction());
                    ps.setDouble(8, p.probability());
                    setDouble(ps, 9, p.latencyMs());
                    ps.setBytes(10, p.features());
                    ps.setInt(11, p.qualityViolations());
                });
    }

    /** Which of these prediction ids are stored already. */
    Set<String> existing(Collection<String> predictionIds) {
        Set<String> found = new HashSet<>();
        List<String> ids = List.copyOf(predictionIds);
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            found.addAll(jdbc.queryForList("SELECT prediction_id FROM prediction WHERE prediction_id IN (" + marks + ")",
                    String.class, chunk.toArray()));
        }
        return found;
    }

    Optional<StoredPrediction> find(String predictionId) {
        return jdbc.query("SELECT prediction_id, model, model_version, predicted_at, received_at, client_hash,"
                + " prediction, probability, latency_ms, features, quality_violations, actual_default,"
                + " days_to_default, labeled_at FROM prediction WHERE prediction_id = ?",
                (rs, row) -> read(rs), predictionId).stream().findFirst();
    }

    private static StoredPrediction read(ResultSet rs) throws SQLException {
        return new StoredPrediction(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                instant(rs, 5), rs.getString(6), rs.getShort(7), rs.getDouble(8), nullableDouble(rs, 9),
                rs.getBytes(10), rs.getInt(11), nullableInt(rs, 12), nullableInt(rs, 13), instant(rs, 14));
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
