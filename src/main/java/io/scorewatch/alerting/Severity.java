package io.scorewatch.alerting;

/** How urgent an alert is, as the monitoring guide names it. */
enum Severity {
    INFO, WARNING, CRITICAL;

    /** The monitoring guide's {@code _send_slack} colour. */
    String slackColor() {
        return switch (this) {
            case INFO -> "good";
            case WARNING -> "warning";
            case CRITICAL -> "danger";
        };
    }
}
