package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

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
            restarted.add("--scorewatch.alerting.repeat-interval=2s");
            try (ConfigurableApplicationContext second = start(restarted)) {
                Api api = api(second);
                assertThat(slack.await(r -> !slack.delivered(body -> true).isEmpty(), Duration.ofSeconds(20)))
                        .isTrue();
                Thread.sleep(1_000);
                assertThat(slack.delivered(body -> body.contains("high_default_rate"))).hasSize(1);
                assertThat(slack.requests().size()).isGreaterThanOrEqualTo(attemptsBeforeRestart + 3);
                JsonNode alert = api.get("/api/v1/alerts/" + alertId).json();
                JsonNode notification = alert.get("notifications").get(0);
                assertThat(notification.get("state").asString()).isEqualTo("delivered");
                assertThat(notification.get("attempts").asInt()).isGreaterThanOrEqualTo(4);
                assertThat(alert.get("notifications")).hasSize(1);

                // still firing after the repeat interval: one reminder, then none once acknowledged
                Thread.sleep(2_100);
                AlertingIntegrationTests.monitoringRun(api);
                assertThat(slack.await(r -> slack.delivered(b -> b.contains("high_default_rate is still firing"))
                        .size() == 1, Duration.ofSeconds(10))).isTrue();
                AlertingIntegrationTests.monitoringRun(api);
                assertThat(api.postJson("/api/v1/alerts/" + alertId + "/acknowledge", "").status()).isEqualTo(200);
                Thread.sleep(2_100);
                JsonNode after = AlertingIntegrationTests.monitoringRun(api);
                assertThat(AlertingIntegrationTests.outcome(after, "high_default_rate").get("change").asString())
                        .isEqualTo("unchanged");
                Thread.sleep(500);
                assertThat(slack.delivered(b -> b.contains("high_default_rate"))).hasSize(2);
                assertThat(api.get("/api/v1/alerts/" + alertId).json().get("notifications")).hasSize(2);
            }
        }
    }

    private static ConfigurableApplicationContext start(List<String> arguments) {
        return new SpringApplicationBuilder(ScorewatchApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
