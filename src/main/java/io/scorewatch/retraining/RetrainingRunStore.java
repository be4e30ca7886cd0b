package io.scorewatch.retraining;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code retraining_run} table. Every write commits on its own, outside any transaction of
 * the caller (an event publisher's work neither waits for nor is spoilt by it).
 *
 * <p>One run in progress per model and kind, across replicas: a run in progress holds
 * {@code active_key = '<kind>:<model>'}, a column with a unique constraint, so of two inserts
 * for the same key the store accepts one; ending the run clears the key in the same statement
 * that records the outcome.
 *
 * <p>A run is stored before it starts, with a time by which it must have started
 * ({@code start_by}, on the database's clock); a run still not started then lost its replica,
 * and another replica takes it over ({@link #takeOver}) and starts it.
 */
@Repository
class RetrainingRunStore {

    private static final int SOURCE_LENGTH = 200;
    private static final int DETAIL_LENGTH = 2000;
    private static final int VERSION_LENGTH = 100;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final TransactionTemplate own;

    RetrainingRunStore(JdbcTemplate jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What is known of a run when it is asked for. */
    record RunRequest(String model, RunKind kind, String source, List<String> reasons, Trigger trigger,
            String replica, Instant requestedAt, Double rocAuc, Double driftShare) {
    }

    /**
     * Stores a run in progress; empty when another run of the model and kind is in progress
     * (on this replica or another).
     */
    Optional<Long> begin(RunRequest run, Duration startGrace) {
        try {
            return Optional.of(insert(run, RetrainingRun.RUNNING, null, null, null, startGrace));
        } catch (DuplicateKeyException inProgress) {
            return Optional.empty();
        }
    }

    /** Stores a decision that started nothing (skipped, not needed, not configured). */
    long decided(RunRequest run, Outcome outcome, String detail, Instant at) {
        return insert(run, RetrainingRun.FINISHED, outcome, detail, at, null);
    }

    /**
     * Marks the run's trigger started on that model version, by the replica that holds the run;
     * false when the run is no longer in progress, started already, or taken over by another
     * replica (then that replica starts it).
     */
    boolean started(long id, Instant at, String modelVersion, String replica) {
        return write("UPDATE retraining_run SET started_at = ?, model_version = ? WHERE id = ? AND state = ?"
                + " AND started_at IS NULL AND replica = ?", utc(at), cut(modelVersion, VERSION_LENGTH), id,
                RetrainingRun.RUNNING, replica) == 1;
    }

    /**
     * Runs decided but not started whose time to start has passed on the database's clock: the
     * replica that decided them stopped before starting them.
     */
    List<RetrainingRun> notStartedInTime() {
        return jdbc.query(SELECT + " WHERE state = ? AND started_at IS NULL AND (start_by IS NULL"
                + " OR start_by < CURRENT_TIMESTAMP) ORDER BY id", (rs, row) -> read(rs), RetrainingRun.RUNNING);
    }

    /** Takes over a run not started in time, for another start grace; false when another replica did first. */
    boolean takeOver(long id, String replica, Duration startGrace) {
        return write("UPDATE retraining_run SET replica = ?, start_by = " + later("?") + " WHERE id = ? AND state = ?"
                + " AND started_at IS NULL AND (start_by IS NULL OR start_by < CURRENT_TIMESTAMP)", replica,
                startGrace.toMillis(), id, RetrainingRun.RUNNING) == 1;
    }

    /** Ends a run in progress and frees its model; false when it had ended already. */
    boolean finish(long id, TriggerResult result, Instant at) {
        return write("UPDATE retraining_run SET state = ?, outcome = ?, active_key = NULL, finished_at = ?,"
                + " exit_code = ?, http_status = ?, detail = ?, output = ?, error_output = ? WHERE id = ? AND state = ?",
                RetrainingRun.FINISHED, result.outcome().value(), utc(at), result.exitCode(), result.httpStatus(),
                cut(result.detail(), DETAIL_LENGTH), text(result.output()), text(result.errorOutput()), id,
                RetrainingRun.RUNNING) == 1;
    }

    Optional<RetrainingRun> find(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", (rs, row) -> read(rs), id).stream().findFirst();
    }

    /** The run of the model and kind in progress, if any. */
    Optional<RetrainingRun> inProgress(String model, RunKind kind) {
        return jdbc.query(SELECT + " WHERE active_key = ?", (rs, row) -> read(rs), activeKey(model, kind)).stream()
                .findFirst();
    }

    /** The end of the model's latest successful run of that kind, if any. */
    Optional<Instant> lastSuccess(String model, RunKind kind) {
        return jdbc.query("SELECT MAX(finished_at) FROM retraining_run WHERE model = ? AND kind = ? AND outcome = ?",
                (rs, row) -> instant(rs, 1), model, kind.value(), Outcome.SUCCEEDED.value()).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** Runs of that kind in progress since before {@code cutoff} (by start, or request when not started). */
    List<RetrainingRun> inProgressSince(RunKind kind, Instant cutoff) {
        return jdbc.query(SELECT + " WHERE state = ? AND kind = ? AND COALESCE(started_at, requested_at) < ?",
                (rs, row) -> read(rs), RetrainingRun.RUNNING, kind.value(), utc(cutoff));
    }

    /** Newest first, optionally of one model and kind. */
    List<RetrainingRun> list(String model, RunKind kind, int limit) {
        List<Object> arguments = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (model != null) {
            where.add("model = ?");
            arguments.add(model);
        }
        if (kind != null) {
            where.add("kind = ?");
            arguments.add(kind.value());
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return jdbc.query(SELECT + filter + " ORDER BY requested_at DESC, id DESC FETCH FIRST " + limit
                + " ROWS ONLY", (rs, row) -> read(rs), arguments.toArray());
    }

    private long insert(RunRequest run, String state, Outcome outcome, String detail, Instant finishedAt,
            Duration startGrace) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        String reasons = json.writeValueAsString(run.reasons().stream().map(RetrainingRunStore::text).toList());
        own.executeWithoutResult(status -> jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO retraining_run (model, kind, source,"
                    + " reasons, trigger_type, state, outcome, active_key, replica, requested_at, finished_at, roc_auc,"
                    + " drift_share, detail, start_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + later("?") + ")",
                    new String[] {"id"});
            ps.setString(1, run.model());
            ps.setString(2, run.kind().value());
            ps.setString(3, cut(run.source(), SOURCE_LENGTH));
            ps.setString(4, reasons);
            ps.setString(5, run.trigger().value());
            ps.setString(6, state);
            ps.setString(7, outcome == null ? null : outcome.value());
            ps.setString(8, RetrainingRun.RUNNING.equals(state) ? activeKey(run.model(), run.kind()) : null);
            ps.setString(9, run.replica());
            ps.setObject(10, utc(run.requestedAt()));
            ps.setObject(11, utc(finishedAt));
            setDouble(ps, 12, run.rocAuc());
            setDouble(ps, 13, run.driftShare());
            ps.setString(14, cut(detail, DETAIL_LENGTH));
            if (startGrace == null) {
                ps.setNull(15, Types.BIGINT);
            } else {
                ps.setLong(15, startGrace.toMillis());
            }
            return ps;
        }, key));
        return key.getKey().longValue();
    }

    private int write(String sql, Object... arguments) {
        Integer rows = own.execute(status -> jdbc.update(sql, arguments));
        return rows == null ? 0 : rows;
    }

    private static final String SELECT = "SELECT id, model, kind, source, reasons, trigger_type, state, outcome,"
            + " model_version, replica, requested_at, started_at, finished_at, exit_code, http_status, roc_auc,"
            + " drift_share, detail, output, error_output FROM retraining_run";

    private RetrainingRun read(ResultSet rs) throws SQLException {
        return new RetrainingRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                List.of(json.readValue(rs.getString(5), String[].class)), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13),
                rs.getObject(14, Integer.class), rs.getObject(15, Integer.class), rs.getObject(16, Double.class),
                rs.getObject(17, Double.class), rs.getString(18), rs.getString(19), rs.getString(20));
    }

    /** SQL for the database's now plus a number of milliseconds (H2 and PostgreSQL alike); NULL for NULL. */
    private static String later(String milliseconds) {
        return "CURRENT_TIMESTAMP + CAST(" + milliseconds + " AS BIGINT) * INTERVAL '0.001' SECOND";
    }

    private static String activeKey(String model, RunKind kind) {
        return kind.value() + ":" + model;
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text(text) : text(text.substring(0, length - 1)) + "…";
    }

    /** PostgreSQL's text holds no NUL character (a command may print one): stored as U+FFFD. */
    private static String text(String value) {
        return value == null ? null : value.replace('\0', '\uFFFD');
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
