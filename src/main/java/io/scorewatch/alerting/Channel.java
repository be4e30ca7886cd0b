package io.scorewatch.alerting;

/** Where a notification goes. */
enum Channel {
    /** The Slack incoming webhook ({@code scorewatch.alerting.slack.webhook-url}). */
    SLACK,
    /** Mail to {@code scorewatch.alerting.email.to} over {@code spring.mail.*}. */
    EMAIL,
    /** The service's log. */
    LOG
}
