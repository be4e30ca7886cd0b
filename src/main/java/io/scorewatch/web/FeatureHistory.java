package io.scorewatch.web;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * One feature's results across the stored drift runs of a model (its total, or one segment
 * value), oldest first: when a shift began shows as the first drifted run of a trend.
 */
@Repository
class FeatureHistory {

    /** One run's result for the feature. */
    record Point(long runId, Instant startedAt, Instant windowFrom, Instant windowTo, long predictionCount,
            String test, Double statistic, Double pValue, Double psi, boolean drifted) {
    }

    private final JdbcTemplate jdbc;

    FeatureHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The runs started in [from, to) that tested the feature, oldest first, at most {@code limit} (the newest). */
    List<Point> points(String model, String segment, String feature, Instant from, Instant to, int limit) {
        String sql = "SELECT r.id, r.started_at, r.window_from, r.window_to, r.prediction_count, f.test, f.statistic,"
                + " f.p_value, f.psi, f.drifted FROM drift_run r JOIN drift_feature_result f ON f.run_id = r.id"
                + " WHERE r.model = ? AND " + (segment == null ? "r.segment IS NULL" : "r.segment = ?")
                + " AND r.model_version IS NULL AND f.feature = ? AND r.started_at >= ? AND r.started_at < ?"
                + " ORDER BY r.started_at DESC, r.id DESC FETCH FIRST " + limit + " ROWS ONLY";
        Object[] args = segment == null ? new Object[] {model, feature, utc(from), utc(to)}
                : new Object[] {model, segment, feature, utc(from), utc(to)};
        List<Point> points = new ArrayList<>(jdbc.query(sql, (rs, row) -> new Point(rs.getLong(1), instant(rs, 2),
                instant(rs, 3), instant(rs, 4), rs.getLong(5), rs.getString(6), number(rs, 7), number(rs, 8),
                number(rs, 9), rs.getBoolean(10)), args));
        Collections.reverse(points);
        return points;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
