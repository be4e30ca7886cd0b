package io.scorewatch.alerting;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerting ({@code scorewatch.alerting.*}).
 *
 * @param repeatInterval a firing alert that is not acknowledged is sent again this often
 * @param baseUrl        where scorewatch's page and API are reached, for the links in messages
 * @param slack          the Slack incoming webhook
 * @param email          mail recipients and sender (SMTP through {@code spring.mail.*})
 * @param routing        channels per severity
 * @param delivery       the outbox's retry schedule
 */
@ConfigurationProperties("scorewatch.alerting")
record AlertingProperties(
        @DefaultValue("4h") Duration repeatInterval,
        @DefaultValue("http://localhost:8080") URI baseUrl,
        @DefaultValue Slack slack,
        @DefaultValue Email email,
        @DefaultValue Routing routing,
        @DefaultValue Delivery delivery) {

    /**
     * @param webhookUrl the incoming webhook; no Slack messages without it
     * @param timeout    connect and read timeout of one post
     */
    record Slack(URI webhookUrl, @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param to   recipients; no mail without them
     * @param from the sender
     */
    record Email(@DefaultValue List<String> to, @DefaultValue("scorewatch@localhost") String from) {
    }

    /** The channels of each severity (the log always gets a line as well). */
    record Routing(
            @DefaultValue("log") List<Channel> info,
            @DefaultValue("slack") List<Channel> warning,
            @DefaultValue({"slack", "email"}) List<Channel> critical) {

        List<Channel> of(Severity severity) {
            return switch (severity) {
                case INFO -> info;
                case WARNING -> warning;
                case CRITICAL -> critical;
            };
        }
    }

    /**
     * @param interval       how often the outbox is looked at (new messages go out at once)
     * @param initialBackoff wait after the first failed attempt, doubled after each further one
     * @param maxBackoff     longest wait between attempts (attempts go on until delivered)
     * @param lease          how long a replica holds a message it is sending
     * @param batchSize      messages taken from the outbox at a time
     */
    record Delivery(
            @DefaultValue("10s") Duration interval,
            @DefaultValue("5s") Duration initialBackoff,
            @DefaultValue("10m") Duration maxBackoff,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("100") int batchSize) {
    }
}
