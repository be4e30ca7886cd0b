package io.scorewatch.alerting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The stored outbox of notifications. A message is written in the same transaction as the
 * alert change that causes it, and stays {@code pending} until a channel took it: a replica
 * claims it for a lease (a conditional update, so one replica sends it), sends it, and marks it
 * {@code delivered}, or schedules the next attempt with the error. Due times and leases are
 * reckoned on the database's clock ({@code CURRENT_TIMESTAMP}), so replicas with skewed clocks
 * agree on them; a claim carries a token, and only the holder of the token records the outcome.
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

    /** What a channel sends, and the token of the claim that took it. */
    record Message(long id, String model, Channel channel, Severity severity, String kind, String subject,
            String body, int attempts, String claimToken) {
    }

    void enqueue(Long alertId, String model, String kind, Channel channel, Severity severity, String subject,
            String body, Instant now) {
        jdbc.update("INSERT INTO alert_notification (alert_id, model, kind, channel, severity, subject, body, state,"
                + " attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, CURRENT_TIMESTAMP)",
                alertId, model, kind, channel.name().toLowerCase(java.util.Locale.ROOT), severity.name(), subject,
                body, PENDING, AlertStore.utc(now));
    }

    /** Pending messages whose next attempt is due and that no replica holds, oldest first (database time). */
    List<Long> due(int limit) {
        return jdbc.queryForList("SELECT id FROM alert_notification WHERE state = ? AND next_attempt_at <= "
                + "CURRENT_TIMESTAMP AND (claimed_until IS NULL OR claimed_until < CURRENT_TIMESTAMP) ORDER BY id"
                + " FETCH FIRST " + limit + " ROWS ONLY", Long.class, PENDING);
    }

    /**
     * Takes a message for a lease that ends on the database's clock, under a token of its own;
     * empty when another replica holds it or it is delivered. Only the holder of the token can
     * record what became of the message.
     */
    Optional<Message> claim(long id, Duration lease) {
        String token = UUID.randomUUID().toString();
        int claimed = jdbc.update("UPDATE alert_notification SET claimed_until = " + later("?") + ", claim_token = ?,"
                + " attempts = attempts + 1 WHERE id = ? AND state = ? AND next_attempt_at <= CURRENT_TIMESTAMP"
                + " AND (claimed_until IS NULL OR claimed_until < CURRENT_TIMESTAMP)", lease.toMillis(), token, id,
                PENDING);
        if (claimed != 1) {
            return Optional.empty();
        }
        return jdbc.query("SELECT id, model, channel, severity, kind, subject, body, attempts FROM alert_notification"
                + " WHERE id = ? AND claim_token = ?", (rs, row) -> new Message(rs.getLong(1), rs.getString(2),
                        Channel.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                        Severity.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getInt(8), token), id, token).stream().findFirst();
    }

    /** Records the message delivered; false when the claim had run out and another replica took it. */
    boolean delivered(Message message) {
        return jdbc.update("UPDATE alert_notification SET state = ?, delivered_at = CURRENT_TIMESTAMP,"
                + " claimed_until = NULL, claim_token = NULL, last_error = NULL WHERE id = ? AND claim_token = ?"
                + " AND state = ?", DELIVERED, message.id(), message.claimToken(), PENDING) == 1;
    }

    /** Plans the next attempt after {@code wait} (database time); false when the claim was no longer held. */
    boolean failed(Message message, String error, Duration wait) {
        String bounded = error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
        return jdbc.update("UPDATE alert_notification SET next_attempt_at = " + later("?") + ", claimed_until = NULL,"
                + " claim_token = NULL, last_error = ? WHERE id = ? AND claim_token = ? AND state = ?", wait.toMillis(),
                bounded, message.id(), message.claimToken(), PENDING) == 1;
    }

    /** SQL for the database's now plus a number of milliseconds (H2 and PostgreSQL alike). */
    static String later(String milliseconds) {
        return "CURRENT_TIMESTAMP + CAST(" + milliseconds + " AS BIGINT) * INTERVAL '0.001' SECOND";
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
