package io.scorewatch.alerting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The stored outbox of notifications. A message is written in the same transaction as the
 * alert change that causes it, and stays {@code pending} until a channel took it: a replica
 * claims it for a lease (a conditional update, so one replica sends it), sends it, and marks it
 * {@code delivered}, or schedules the next attempt with the error.
 */
@Repository
class Outbox {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";

    static final String SELECT = "SELECT id, alert_id, kind, channel, severity, subject, body, state, attempts,"
            + " created_at, next_attempt_at, delivered_at, last_error FROM alert_notification";

    private final JdbcTemplate jdbc;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What a channel sends. */
    record Message(long id, String model, Channel channel, Severity severity, String kind, String subject,
            String body, int attempts) {
    }

    void enqueue(Long alertId, String model, String kind, Channel channel, Severity severity, String subject,
            String body, Instant now) {
        jdbc.update("INSERT INTO alert_notification (alert_id, model, kind, channel, severity, subject, body, state,"
                + " attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", alertId, model,
                kind, channel.name().toLowerCase(java.util.Locale.ROOT), severity.name(), subject, body, PENDING,
                AlertStore.utc(now), AlertStore.utc(now));
    }

    /** Pending messages whose next attempt is due and that no replica holds, oldest first. */
    List<Long> due(Instant now, int limit) {
        return jdbc.queryForList("SELECT id FROM alert_notification WHERE state = ? AND next_attempt_at <= ?"
                + " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                Long.class, PENDING, AlertStore.utc(now), AlertStore.utc(now));
    }

    /** Takes a message for a lease; empty when another replica holds it or it is delivered. */
    Optional<Message> claim(long id, Instant now, Duration lease) {
        int claimed = jdbc.update("UPDATE alert_notification SET claimed_until = ?, attempts = attempts + 1"
                + " WHERE id = ? AND state = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)",
                AlertStore.utc(now.plus(lease)), id, PENDING, AlertStore.utc(now), AlertStore.utc(now));
        if (claimed != 1) {
            return Optional.empty();
        }
        return jdbc.query("SELECT id, model, channel, severity, kind, subject, body, attempts FROM alert_notification"
                + " WHERE id = ?", (rs, row) -> new Message(rs.getLong(1), rs.getString(2),
                        Channel.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                        Severity.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getInt(8)), id).stream().findFirst();
    }

    void delivered(long id, Instant now) {
        jdbc.update("UPDATE alert_notification SET state = ?, delivered_at = ?, claimed_until = NULL,"
                + " last_error = NULL WHERE id = ?", DELIVERED, AlertStore.utc(now), id);
    }

    void failed(long id, String error, Instant nextAttempt) {
        String bounded = error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
        jdbc.update("UPDATE alert_notification SET next_attempt_at = ?, claimed_until = NULL, last_error = ?"
                + " WHERE id = ?", AlertStore.utc(nextAttempt), bounded, id);
    }

    List<AlertView.NotificationView> list(String state, int limit) {
        return state == null
                ? jdbc.query(SELECT + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY", Outbox::notification)
                : jdbc.query(SELECT + " WHERE state = ? ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                        Outbox::notification, state);
    }

    static AlertView.NotificationView notification(ResultSet rs, int row) throws SQLException {
        long alertId = rs.getLong(2);
        return new AlertView.NotificationView(rs.getLong(1), rs.wasNull() ? null : alertId, rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                AlertStore.instant(rs, 10), AlertStore.instant(rs, 11), AlertStore.instant(rs, 12), rs.getString(13));
    }
}
