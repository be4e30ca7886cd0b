package io.scorewatch.alerting;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Alerts and their investigation records. Every state change is a conditional update, so replicas agree. */
@Repository
class AlertStore {

    static final String FIRING = "firing";
    static final String ACKNOWLEDGED = "acknowledged";
    static final String RESOLVED = "resolved";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    AlertStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The open (firing or acknowledged) alert of a rule for a model. */
    record OpenAlert(long id, String state, Instant firedAt, Instant lastNotifiedAt, double firedValue,
            Severity severity) {
    }

    /** The open alert of a rule for a model's total (segment null) or for one segment value (KEY:VALUE). */
    Optional<OpenAlert> findOpen(String model, String rule, String segment) {
        return jdbc.query("SELECT id, state, fired_at, last_notified_at, fired_value, severity FROM alert WHERE "
                + (segment == null ? "open_key" : "open_segment_key") + " = ?",
                (rs, row) -> new OpenAlert(rs.getLong(1), rs.getString(2), instant(rs, 3), instant(rs, 4),
                        rs.getDouble(5), Severity.valueOf(rs.getString(6))),
                segment == null ? openKey(model, rule) : openSegmentKey(model, rule, segment))
                .stream().findFirst();
    }

    /** Stores a new firing alert; a {@code DuplicateKeyException} when one is open already. */
    long insertFiring(AlertRule rule, String model, String segment, double value, Long driftRunId, Instant now,
            int notifications) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO alert (rule, model, metric, severity,"
                    + " condition_text, actions, state, open_key, fired_value, last_value, drift_run_id, fired_at,"
                    + " last_evaluated_at, last_notified_at, notifications_sent, segment, open_segment_key)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, rule.name());
            ps.setString(2, model);
            ps.setString(3, rule.metric().key());
            ps.setString(4, rule.severity().name());
            ps.setString(5, rule.conditionText());
            ps.setString(6, rule.actionText());
            ps.setString(7, FIRING);
            ps.setString(8, segment == null ? openKey(model, rule.name()) : null);
            ps.setDouble(9, value);
            ps.setDouble(10, value);
            ps.setObject(11, driftRunId);
            ps.setObject(12, utc(now));
            ps.setObject(13, utc(now));
            ps.setObject(14, utc(now));
            ps.setInt(15, notifications);
            ps.setString(16, segment);
            ps.setString(17, segment == null ? null : openSegmentKey(model, rule.name(), segment));
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** Records the latest value of an open alert. */
    void touch(long id, double value, Long driftRunId, Instant now) {
        jdbc.update("UPDATE alert SET last_value = ?, last_evaluated_at = ?, drift_run_id = COALESCE(?, drift_run_id)"
                + " WHERE id = ?", value, utc(now), driftRunId, id);
    }

    /** Marks a repeat as due; false when another evaluation did so first. */
    boolean markRepeated(long id, Instant previousNotification, Instant now, int notifications) {
        return jdbc.update("UPDATE alert SET last_notified_at = ?, notifications_sent = notifications_sent + ?"
                + " WHERE id = ? AND state = ? AND last_notified_at = ?", utc(now), notifications, id, FIRING,
                utc(previousNotification)) == 1;
    }

    /** Resolves an open alert; false when it was resolved already. */
    boolean resolve(long id, double value, Instant now, int notifications) {
        return jdbc.update("UPDATE alert SET state = ?, open_key = NULL, open_segment_key = NULL, resolved_at = ?,"
                + " resolved_value = ?, last_value = ?, last_evaluated_at = ?,"
                + " notifications_sent = notifications_sent + ?"
                + " WHERE id = ? AND (open_key IS NOT NULL OR open_segment_key IS NOT NULL)", RESOLVED, utc(now), value, value, utc(now), notifications,
                id) == 1;
    }

    /** Acknowledges a firing alert: no more repeats. False when it is not firing. */
    boolean acknowledge(long id, String by, Instant now) {
        return jdbc.update("UPDATE alert SET state = ?, acknowledged_at = ?, acknowledged_by = ? WHERE id = ?"
                + " AND state = ?", ACKNOWLEDGED, utc(now), by, id, FIRING) == 1;
    }

    void saveInvestigation(long alertId, Map<String, Object> snapshot, Instant now) {
        jdbc.update("INSERT INTO alert_investigation (alert_id, created_at, snapshot) VALUES (?, ?, ?)", alertId,
                utc(now), json.writeValueAsBytes(snapshot));
    }

    long countFiring(String model) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE model = ? AND state = ?", Long.class,
                model, FIRING);
        return count == null ? 0 : count;
    }

    Optional<AlertView> find(long id) {
        return query("WHERE id = ?", List.of(id), 1).stream().findFirst();
    }

    /** Newest first; state and model optional. */
    List<AlertView> list(String state, String model, int limit) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            where.append(" AND state = ?");
            args.add(state);
        }
        if (model != null) {
            where.append(" AND model = ?");
            args.add(model);
        }
        return query(where.toString(), args, limit);
    }

    private List<AlertView> query(String where, List<Object> args, int limit) {
        List<AlertView> alerts = jdbc.query("SELECT id, rule, model, metric, severity, condition_text, actions, state,"
                + " fired_value, last_value, drift_run_id, fired_at, last_evaluated_at, last_notified_at,"
                + " notifications_sent, acknowledged_at, acknowledged_by, resolved_at, resolved_value, segment FROM alert "
                + where + " ORDER BY fired_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY",
                (rs, row) -> new AlertView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Arrays.stream(rs.getString(7).split(",\\s*")).toList(),
                        rs.getString(8), rs.getDouble(9), nullableDouble(rs, 10),
                        rs.getObject(11) == null ? null : rs.getLong(11), instant(rs, 12), instant(rs, 13),
                        instant(rs, 14), rs.getInt(15), instant(rs, 16), rs.getString(17), instant(rs, 18),
                        nullableDouble(rs, 19), rs.getString(20), List.of(), List.of()),
                args.toArray());
        if (alerts.isEmpty()) {
            return alerts;
        }
        List<Long> ids = alerts.stream().map(AlertView::id).toList();
        String in = String.join(",", ids.stream().map(i -> "?").toList());
        List<AlertView.NotificationView> notifications = jdbc.query(Outbox.SELECT + " WHERE alert_id IN (" + in
                + ") ORDER BY id", Outbox::notification, ids.toArray());
        List<Object[]> investigations = jdbc.query("SELECT alert_id, id, created_at, snapshot FROM"
                + " alert_investigation WHERE alert_id IN (" + in + ") ORDER BY id",
                (rs, row) -> new Object[] {rs.getLong(1), new AlertView.Investigation(rs.getLong(2), instant(rs, 3),
                        json.readValue(rs.getBytes(4), new TypeReference<Map<String, Object>>() { }))},
                ids.toArray());
        return alerts.stream().map(a -> new AlertView(a.id(), a.rule(), a.model(), a.metric(), a.severity(),
                a.condition(), a.actions(), a.state(), a.firedValue(), a.lastValue(), a.driftRunId(), a.firedAt(),
                a.lastEvaluatedAt(), a.lastNotifiedAt(), a.notificationsSent(), a.acknowledgedAt(),
                a.acknowledgedBy(), a.resolvedAt(), a.resolvedValue(), a.segment(),
                notifications.stream().filter(n -> n.alertId() == a.id()).toList(),
                investigations.stream().filter(i -> (long) i[0] == a.id())
                        .map(i -> (AlertView.Investigation) i[1]).toList()))
                .toList();
    }

    private static String openKey(String model, String rule) {
        return model + "/" + rule;
    }

    private static String openSegmentKey(String model, String rule, String segment) {
        return model + "/" + rule + "/" + segment;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
