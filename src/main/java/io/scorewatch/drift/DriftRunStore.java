package io.scorewatch.drift;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/** Drift runs and their per-feature results in the store; a run's answer is kept as given. */
@Repository
class DriftRunStore {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    DriftRunStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }


    @Transactional
    DriftRunResponse save(DriftRunResponse run) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO drift_run (model, reference_id, started_at,"
                    + " finished_at, window_from, window_to, prediction_count, features_tested, drifted_count,"
                    + " drift_share, result, segment, model_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            ps.setString(1, run.model());
            ps.setLong(2, run.referenceId());
            ps.setObject(3, utc(run.startedAt()));
            ps.setObject(4, utc(run.finishedAt()));
            ps.setObject(5, utc(run.from()));
            ps.setObject(6, utc(run.to()));
            ps.setLong(7, run.predictionCount());
            ps.setInt(8, run.featuresTested());
            ps.setInt(9, run.driftedFeatures().size());
            ps.setDouble(10, run.driftShare());
            ps.setBytes(11, json.writeValueAsBytes(run));
            ps.setString(12, run.segment());
            ps.setString(13, run.modelVersion());
            return ps;
        }, key);
        DriftRunResponse stored = run.withId(key.getKey().longValue());
        jdbc.batchUpdate("INSERT INTO drift_feature_result (run_id, feature, feature_type, test, statistic, p_value,"
                + " psi, distance, drifted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", stored.features(), 500, (ps, f) -> {
                    ps.setLong(1, stored.id());
                    ps.setString(2, f.name());
                    ps.setString(3, f.type());
                    ps.setString(4, f.test());
                    ps.setObject(5, f.statistic());
                    ps.setObject(6, f.pValue());
                    ps.setObject(7, f.psi());
                    ps.setObject(8, f.distance());
                    ps.setBoolean(9, f.drifted());
                });
        return stored;
    }

    Optional<DriftRunResponse> find(String model, long id) {
        return jdbc.query("SELECT id, result FROM drift_run WHERE model = ? AND id = ?",
                (rs, row) -> read(rs), model, id).stream().findFirst();
    }

    Optional<DriftRunResponse> find(long id) {
        return jdbc.query("SELECT id, result FROM drift_run WHERE id = ?", (rs, row) -> read(rs), id).stream()
                .findFirst();
    }

    /** The latest run of a model, if any. */
    Optional<DriftRunResponse> latest(String model) {
        return jdbc.query("SELECT id, result FROM drift_run WHERE model = ? AND segment IS NULL"
                + " AND model_version IS NULL ORDER BY started_at DESC, id DESC FETCH FIRST 1 ROWS ONLY", (rs, row) -> read(rs),
                model).stream().findFirst();
    }

    List<DriftRunSummary> list(String model, int limit) {
        return jdbc.query(SELECT_SUMMARY + " WHERE model = ? AND segment IS NULL AND model_version IS NULL"
                + " ORDER BY started_at DESC, id DESC"
                + " FETCH FIRST " + limit + " ROWS ONLY", (rs, row) -> summary(rs), model);
    }

    /** The runs started in [from, to), oldest first. */
    List<DriftRunSummary> startedBetween(String model, Instant from, Instant to) {
        return jdbc.query(SELECT_SUMMARY + " WHERE model = ? AND segment IS NULL AND model_version IS NULL"
                + " AND started_at >= ? AND started_at < ?"
                + " ORDER BY started_at, id", (rs, row) -> summary(rs), model, utc(from), utc(to));
    }

    private static final String SELECT_SUMMARY = "SELECT id, model, started_at, window_from, window_to,"
            + " prediction_count, features_tested, drifted_count, drift_share FROM drift_run";

    private static DriftRunSummary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DriftRunSummary(rs.getLong(1), rs.getString(2), instant(rs.getObject(3, OffsetDateTime.class)),
                instant(rs.getObject(4, OffsetDateTime.class)), instant(rs.getObject(5, OffsetDateTime.class)),
                rs.getLong(6), rs.getInt(7), rs.getInt(8), rs.getDouble(9));
    }

    /** The stored answer; its id is the row's (the answer is stored before the id exists). */
    private DriftRunResponse read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return json.readValue(rs.getBytes(2), DriftRunResponse.class).withId(rs.getLong(1));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value.toInstant();
    }
}
