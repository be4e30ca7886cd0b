package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;
import io.scorewatch.support.HttpPeer;
import tools.jackson.databind.JsonNode;

/**
 * Slack is down while an alert fires, and the service restarts before it comes back: the alert
 * still arrives, exactly once. Then the repeat interval and acknowledgement. On PostgreSQL, as in
 * production.
 */
class AlertDeliveryIntegrationTests {

    private static final Duration REPEAT = Duration.ofSeconds(2);

    @Test
    void anAlertWaitsInTheOutboxThroughAnOutageAndARestartAndArrivesExactlyOnce() throws Exception {
        try (HttpPeer slack = new HttpPeer()) {
            List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
            arguments.addAll(List.of("--server.port=0", "--scorewatch.schedule.realtime=-",
                    "--scorewatch.alerting.slack.webhook-url=" + slack.url("/services/T/B/X"),
                    "--scorewatch.alerting.delivery.interval=100ms",
                    "--scorewatch.alerting.delivery.initial-backoff=100ms",
                    "--scorewatch.alerting.delivery.max-backoff=400ms"));
            slack.failNext(1_000, 500);
            long alertId;
            try (ConfigurableApplicationContext first = start(arguments)) {
                Api api = api(first);
                AlertingIntegrationTests.postPredictions(api, 100, i -> i % 2, Instant.now().minusSeconds(600));
                JsonNode report = AlertingIntegrationTests.monitoringRun(api);
                alertId = AlertingIntegrationTests.outcome(report, "high_default_rate").get("alert_id").asLong();
                assertThat(slack.await(r -> r.size() >= 3, Duration.ofSeconds(10))).isTrue();
                JsonNode notification = api.get("/api/v1/alerts/" + alertId).json().get("notifications").get(0);
                assertThat(notification.get("state").asString()).isEqualTo("pending");
                assertThat(notification.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(notification.get("last_error").asString()).contains("Slack answered 500");
            }
            int attemptsBeforeRestart = slack.requests().size();
            assertThat(slack.delivered(body -> true)).isEmpty();

            slack.failNext(2, 503);
            List<String> restarted = new ArrayList<>(arguments);
            restarted.add("--scorewatch.alerting.repeat-interval=" + REPEAT.toMillis() + "ms");
            try (ConfigurableApplicationContext second = start(restarted)) {
                Api api = api(second);
                assertThat(slack.await(r -> !slack.delivered(body -> true).isEmpty(), Duration.ofSeconds(20)))
                        .isTrue();
                // marked delivered in the outbox: the message is never sent again
                AlertingIntegrationTests.await(() -> notifications(api, alertId).get(0).get("state").asString()
                        .equals("delivered"));
                assertThat(slack.delivered(body -> body.contains("high_default_rate"))).hasSize(1);
                // after the restart: the two 503s, then the delivery
                assertThat(slack.requests()).hasSize(attemptsBeforeRestart + 3);
                JsonNode alert = api.get("/api/v1/alerts/" + alertId).json();
                JsonNode notification = alert.get("notifications").get(0);
                assertThat(notification.get("state").asString()).isEqualTo("delivered");
                assertThat(notification.get("attempts").asInt()).isGreaterThanOrEqualTo(4);
                assertThat(alert.get("notifications")).hasSize(1);

                // still firing after the repeat interval: one reminder, then none once acknowledged.
                // Runs before the interval has passed since the last notification change nothing.
                Instant notified = Instant.parse(alert.get("last_notified_at").asString());
                List<String> changes = new ArrayList<>();
                List<Instant> runEnds = new ArrayList<>();
                await("a monitoring run sends the reminder").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            changes.add(AlertingIntegrationTests.outcome(AlertingIntegrationTests.monitoringRun(api),
                                    "high_default_rate").get("change").asString());
                            runEnds.add(Instant.now());
                            return changes.get(changes.size() - 1).equals("repeated");
                        });
                assertThat(changes.subList(0, changes.size() - 1)).allMatch("unchanged"::equals);
                assertThat(runEnds.get(runEnds.size() - 1)).isAfterOrEqualTo(notified.plus(REPEAT));
                assertThat(slack.await(r -> slack.delivered(b -> b.contains("high_default_rate is still firing"))
                        .size() == 1, Duration.ofSeconds(10))).isTrue();
                JsonNode soon = AlertingIntegrationTests.monitoringRun(api);
                assertThat(AlertingIntegrationTests.outcome(soon, "high_default_rate").get("change").asString())
                        .as("a run within the repeat interval after the reminder").isEqualTo("unchanged");
                assertThat(api.postJson("/api/v1/alerts/" + alertId + "/acknowledge", "").status()).isEqualTo(200);
                Instant reminded = Instant.parse(api.get("/api/v1/alerts/" + alertId).json().get("last_notified_at")
                        .asString());
                // the scenario needs the repeat interval to pass after the acknowledgement
                await("the repeat interval passes after the reminder").atMost(REPEAT.multipliedBy(5))
                        .until(() -> Instant.now().isAfter(reminded.plus(REPEAT).plusMillis(100)));
                JsonNode after = AlertingIntegrationTests.monitoringRun(api);
                assertThat(AlertingIntegrationTests.outcome(after, "high_default_rate").get("change").asString())
                        .isEqualTo("unchanged");
                // no third message in the outbox, and both delivered: Slack has exactly the two
                assertThat(notifications(api, alertId)).hasSize(2);
                AlertingIntegrationTests.await(() -> notifications(api, alertId).stream()
                        .allMatch(n -> n.get("state").asString().equals("delivered")));
                assertThat(slack.delivered(b -> b.contains("high_default_rate"))).hasSize(2);
            }
        }
    }

    private static List<JsonNode> notifications(Api api, long alertId) {
        return api.get("/api/v1/alerts/" + alertId).json().get("notifications").valueStream().toList();
    }

    private static ConfigurableApplicationContext start(List<String> arguments) {
        return new SpringApplicationBuilder(ScorewatchApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
