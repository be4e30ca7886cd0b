package io.scorewatch.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert as the API shows it: the rule and value that raised it, its state ({@code firing},
 * {@code acknowledged}, {@code resolved}), and the delivery of its notifications.
 *
 * @param firedValue        the metric's value when the rule fired
 * @param lastValue         the value at the latest evaluation
 * @param driftRunId        the drift run behind a drift rule's value
 * @param segment           the segment value (KEY:VALUE) a per-segment rule fired for; null for the total
 * @param notificationsSent messages queued so far (the first, repeats and the resolved one), per channel counted once
 * @param notifications     every message, with its delivery state, oldest first
 * @param investigations    the values recorded by {@code log_investigation}
 */
record AlertView(long id, String rule, String model, String metric, String severity, String condition,
        List<String> actions, String state, double firedValue, Double lastValue, Long driftRunId, Instant firedAt,
        Instant lastEvaluatedAt, Instant lastNotifiedAt, int notificationsSent, Instant acknowledgedAt,
        String acknowledgedBy, Instant resolvedAt, Double resolvedValue, String segment, List<NotificationView> notifications,
        List<Investigation> investigations) {

    /** One message to one channel. */
    record NotificationView(long id, Long alertId, String kind, String channel, String severity, String subject,
            String body, String state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
            String lastError) {
    }

    /** What {@code log_investigation} kept: every value known when the rule fired. */
    record Investigation(long id, Instant createdAt, Map<String, Object> snapshot) {
    }
}
