package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * Alerts people keep reading: a rule that must hold three evaluations in a row, a rule whose
 * severity follows the size of the effect, and a retraining action that is not configured,
 * which the alert's message says once instead of a message per request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertHygieneIntegrationTests {

    @TempDir
    static Path data;

    @TempDir
    static Path config;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(config.resolve("alert_rules.yaml"), """
                alerts:
                  - name: default_rate_by_size
                    metric: default_rate
                    severity_levels:
                      WARNING: "> 0.12"
                      CRITICAL: "> 0.40"
                    action: notify_team
                  - name: sustained_default_rate
                    metric: default_rate
                    condition: "> 0.12"
                    severity: WARNING
                    consecutive: 3
                    action: notify_team, trigger_retraining
                """);
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.config-dir", () -> config.toString());
        registry.add("scorewatch.schedule.realtime", () -> "-");
        registry.add("scorewatch.alerting.routing.warning", () -> "log");
        registry.add("scorewatch.alerting.routing.critical", () -> "log");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRuleWaitsForItsStreakTakesTheSeverityOfTheEffectAndAMissingActionIsSaidOnce() throws Exception {
        Api api = new Api(port);
        // half the applicants refused: a default rate of 0.50, past both levels
        AlertingIntegrationTests.postPredictions(api, 100, i -> i % 2, Instant.now().minusSeconds(600));

        JsonNode first = AlertingIntegrationTests.monitoringRun(api);
        JsonNode bySize = AlertingIntegrationTests.outcome(first, "default_rate_by_size");
        assertThat(bySize.get("change").asString()).isEqualTo("fired");
        assertThat(bySize.get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(api.get("/api/v1/alerts/" + bySize.get("alert_id").asLong()).json().get("severity").asString())
                .isEqualTo("CRITICAL");
        assertThat(AlertingIntegrationTests.outcome(first, "sustained_default_rate").get("change").asString())
                .isEqualTo("pending");
        JsonNode second = AlertingIntegrationTests.monitoringRun(api);
        assertThat(AlertingIntegrationTests.outcome(second, "sustained_default_rate").get("state").asString())
                .isEqualTo("pending");
        assertThat(AlertingIntegrationTests.outcome(second, "default_rate_by_size").get("change").asString())
                .isEqualTo("unchanged");
        JsonNode third = AlertingIntegrationTests.monitoringRun(api);
        JsonNode sustained = AlertingIntegrationTests.outcome(third, "sustained_default_rate");
        assertThat(sustained.get("change").asString()).isEqualTo("fired");
        assertThat(sustained.get("severity").asString()).isEqualTo("WARNING");

        // the retraining the rule asked for is not configured: the alert's message says so, once
        String body = jdbc.queryForObject("SELECT body FROM alert_notification WHERE alert_id = ?", String.class,
                sustained.get("alert_id").asLong());
        assertThat(body).containsOnlyOnce("Retraining: not configured, nothing is started (set"
                + " scorewatch.retraining.command or scorewatch.retraining.webhook-url)");
        // each request to retrain is recorded, and no message of its own follows it
        AlertingIntegrationTests.await(() -> !api.get("/api/v1/retraining-runs?kind=retraining").json().isEmpty());
        assertThat(api.get("/api/v1/retraining-runs?kind=retraining").json().get(0).get("outcome").asString())
                .isEqualTo("not_configured");
        // and no message about it follows: none is queued while the outbox is watched for a while
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500))
                .atMost(java.time.Duration.ofSeconds(2))
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM alert_notification WHERE alert_id IS NULL",
                        Integer.class), count -> count == 0);
    }
}
