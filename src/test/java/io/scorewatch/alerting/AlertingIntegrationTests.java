package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import io.scorewatch.support.HttpPeer;
import io.scorewatch.support.Ports;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * The whole alerting path on the running service, with a real SMTP server (GreenMail) and a real
 * HTTP server standing in for Slack: rules fire on posted data, one Slack post and one mail
 * arrive, a second evaluation sends nothing, and a resolved message follows when the condition
 * clears. Rules come from a rule file in a temporary config folder, so reloading is tested too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingIntegrationTests {

    static final int SMTP_PORT = Ports.free();

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withPerMethodLifecycle(false);

    static final HttpPeer slack = new HttpPeer();

    @TempDir
    static Path data;

    @TempDir
    static Path config;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.copy(Path.of("config/alert_rules.yaml"), config.resolve("alert_rules.yaml"));
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.config-dir", () -> config.toString());
        registry.add("scorewatch.schedule.realtime", () -> "-");
        registry.add("scorewatch.alerting.slack.webhook-url", () -> slack.url("/services/T000/B000/XXXX"));
        registry.add("scorewatch.alerting.email.to", () -> "ml-team@company.com");
        registry.add("scorewatch.alerting.email.from", () -> "scorewatch@company.com");
        registry.add("scorewatch.alerting.base-url", () -> "https://scorewatch.company.com");
        registry.add("scorewatch.alerting.delivery.interval", () -> "200ms");
        registry.add("scorewatch.alerting.delivery.initial-backoff", () -> "100ms");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @LocalServerPort
    int port;

    @Test
    @Order(1)
    void aRuleFiresOnceOnEveryRoutedChannelStaysQuietWhileFiringAndSaysWhenItIsOver() throws Exception {
        Api api = new Api(port);
        Instant hourAgo = Instant.now().minusSeconds(3600);
        // 200 predictions, half of them refusals (default rate 0.5 > 0.12), and 20 failed requests
        // (error rate 20 / 220 = 0.0909 > 0.05)
        postPredictions(api, 200, i -> i % 2, hourAgo);
        for (int i = 0; i < 20; i++) {
            assertThat(api.postJson("/api/v1/request-errors", Api.json(Map.of("error_type", "prediction",
                    "status", 500, "timestamp", hourAgo.toString()))).status()).isEqualTo(202);
        }

        JsonNode report = monitoringRun(api);
        assertThat(outcome(report, "high_default_rate").get("change").asString()).isEqualTo("fired");
        assertThat(outcome(report, "high_default_rate").get("value").asDouble()).isEqualTo(0.5);
        assertThat(outcome(report, "high_error_rate").get("change").asString()).isEqualTo("fired");
        assertThat(outcome(report, "performance_degradation").get("change").asString()).isEqualTo("no_value");
        assertThat(outcome(report, "abnormal_average_probability").get("change").asString()).isEqualTo("unchanged");

        // WARNING goes to Slack; CRITICAL to Slack and mail
        assertThat(slack.await(r -> slackPosts("high_default_rate").size() == 1
                && slackPosts("high_error_rate").size() == 1, Duration.ofSeconds(10))).isTrue();
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        JsonNode defaultRate = json(slackPosts("high_default_rate").get(0).body());
        JsonNode attachment = defaultRate.get("attachments").get(0);
        assertThat(attachment.get("color").asString()).isEqualTo("warning");
        assertThat(attachment.get("text").asString())
                .contains("[WARNING] high_default_rate fired")
                .contains("Model: credit-scoring")
                .contains("Metric: default_rate = 0.5000 (50.00%)")
                .contains("Condition: > 0.12 or < 0.04")
                .contains("Severity: WARNING")
                .contains("What to do: ")
                .contains("Dashboard: https://scorewatch.company.com/?model=credit-scoring")
                .contains("https://scorewatch.company.com/api/v1/alerts/");
        assertThat(json(slackPosts("high_error_rate").get(0).body()).get("attachments").get(0).get("color")
                .asString()).isEqualTo("danger");
        MimeMessage firing = mail.getReceivedMessages()[0];
        assertThat(firing.getSubject()).startsWith("[CRITICAL] high_error_rate: error_rate = 0.0909")
                .contains("(> 0.05) on credit-scoring");
        assertThat(firing.getAllRecipients()[0].toString()).isEqualTo("ml-team@company.com");
        assertThat(firing.getFrom()[0].toString()).isEqualTo("scorewatch@company.com");
        assertThat((String) firing.getContent()).contains("Metric: error_rate = 0.0909 (9.09%)")
                .contains("Severity: CRITICAL").contains("Actions: notify_team, rollback_model");

        JsonNode firingAlerts = api.get("/api/v1/alerts?state=firing").json();
        assertThat(firingAlerts.findValuesAsString("rule")).containsExactlyInAnyOrder("high_default_rate",
                "high_error_rate");
        await(() -> api.get("/api/v1/alerts?state=firing").json().findValues("notifications").stream()
                .flatMap(n -> n.valueStream()).allMatch(n -> n.get("state").asString().equals("delivered")));
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("credit_scoring_alerts_total\\{[^}]*rule=\"high_error_rate\"[^}]*\\} 1\\.0")
                .containsPattern("credit_scoring_alerts_firing\\{[^}]*model=\"credit-scoring\"[^}]*\\} 2\\.0");

        // high_error_rate's rollback_model action asked for a rollback; none is configured here:
        // the alert's own message says so, and no message of its own follows the request
        assertThat(json(slackPosts("high_error_rate").get(0).body()).get("attachments").get(0).get("text")
                .asString()).contains("Rollback: not configured, nothing is started (set scorewatch.rollback"
                        + ".webhook-url)");
        assertThat(api.get("/api/v1/retraining-runs?kind=rollback").json().get(0).get("outcome").asString())
                .isEqualTo("not_configured");

        // a second evaluation while the rules still fire sends nothing
        JsonNode again = monitoringRun(api);
        assertThat(outcome(again, "high_default_rate").get("change").asString()).isEqualTo("unchanged");
        assertThat(outcome(again, "high_default_rate").get("state").asString()).isEqualTo("firing");
        // nothing new in the outbox, and all of it delivered: no further message can arrive
        assertThat(notifications(api, "firing")).hasSize(3);
        await(() -> notifications(api, "firing").stream().allMatch(AlertingIntegrationTests::delivered));
        assertThat(slackPosts("] high_")).hasSize(2);
        assertThat(slackPosts("not configured")).allMatch(post -> !post.body().contains("Model rollback"));
        assertThat(mail.getReceivedMessages()).hasSize(1);

        // the conditions clear: 1,000 approvals bring the default rate to 100 / 1,200 and the
        // error rate to 20 / 1,220
        postPredictions(api, 1000, i -> 0, hourAgo);
        JsonNode cleared = monitoringRun(api);
        assertThat(outcome(cleared, "high_default_rate").get("change").asString()).isEqualTo("resolved");
        assertThat(outcome(cleared, "high_error_rate").get("change").asString()).isEqualTo("resolved");
        assertThat(slack.await(r -> slackPosts("RESOLVED").size() == 2, Duration.ofSeconds(10))).isTrue();
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        JsonNode resolved = json(slackPosts("RESOLVED] [WARNING] high_default_rate").get(0).body());
        assertThat(resolved.get("attachments").get(0).get("color").asString()).isEqualTo("good");
        assertThat(resolved.get("attachments").get(0).get("text").asString())
                .contains("high_default_rate is no longer firing").contains("default_rate = 0.0833");
        assertThat(mail.getReceivedMessages()[1].getSubject()).startsWith("[RESOLVED] [CRITICAL] high_error_rate");
        assertThat(api.get("/api/v1/alerts?state=firing").json()).isEmpty();
        JsonNode history = api.get("/api/v1/alerts?state=resolved").json();
        assertThat(history).hasSize(2);
        JsonNode errorAlert = history.valueStream().filter(a -> a.get("rule").asString().equals("high_error_rate"))
                .findFirst().orElseThrow();
        assertThat(errorAlert.get("fired_value").asDouble()).isEqualTo(20.0 / 220);
        assertThat(errorAlert.get("resolved_value").asDouble()).isEqualTo(20.0 / 1220);
        assertThat(errorAlert.get("notifications").findValuesAsString("kind")).containsExactly("firing", "firing",
                "resolved", "resolved");
        assertThat(errorAlert.get("notifications").findValuesAsString("channel")).containsExactly("slack", "email",
                "slack", "email");
        assertThat(notifications(api, "resolved")).hasSize(6);
        await(() -> notifications(api, "resolved").stream().allMatch(AlertingIntegrationTests::delivered));
        assertThat(slackPosts("] high_")).hasSize(4);
        assertThat(mail.getReceivedMessages()).hasSize(2);

        // errors are problems, not 500s
        long errorAlertId = errorAlert.get("id").asLong();
        assertProblem(api.postJson("/api/v1/alerts/" + errorAlertId + "/acknowledge", ""), 409);
        assertProblem(api.postJson("/api/v1/alerts/424242/acknowledge", ""), 404);
        assertProblem(api.get("/api/v1/alerts/424242"), 404);
        assertProblem(api.get("/api/v1/alerts?state=burning"), 400);
        assertProblem(api.get("/api/v1/alerts?limit=0"), 400);
        assertProblem(api.get("/api/v1/alerts?model=nope"), 404);
    }

    @Test
    @Order(2)
    void rulesReloadFromTheFileAndABadFileLeavesTheRulesInForce() throws Exception {
        Api api = new Api(port);
        Path file = config.resolve("alert_rules.yaml");
        String shipped = Files.readString(file);
        // the shipped rules, every one in force
        int rules = (int) shipped.lines().filter(line -> line.startsWith("  - name: ")).count();
        assertThat(rules).isEqualTo(16);
        assertThat(api.get("/api/v1/alert-rules").json().get("rules")).hasSize(rules);

        try {
            Files.writeString(file, """
                    alerts:
                      - name: traffic_seen
                        metric: prediction_count
                        condition: ">= 1"
                        severity: INFO
                        action: log_investigation
                      - name: bad
                        metric: roc
                        condition: "< 0.7"
                        severity: SEVERE
                        action: notify_team
                    """);
            Answer refused = api.postJson("/api/v1/alert-rules/reload", "");
            assertProblem(refused, 422);
            assertThat(refused.json().get("errors").findValuesAsString("message")).containsExactly(
                    "line 7, rule 'bad': unknown metric 'roc'; known metrics: " + AlertMetric.keys(),
                    "line 7, rule 'bad': unknown severity 'SEVERE'; use INFO, WARNING or CRITICAL");
            assertThat(api.get("/api/v1/alert-rules").json().get("rules")).hasSize(rules);

            Files.writeString(file, """
                    alerts:
                      - name: traffic_seen
                        metric: prediction_count
                        condition: ">= 1"
                        severity: INFO
                        action: log_investigation
                    """);
            Answer reloaded = api.postJson("/api/v1/alert-rules/reload", "");
            assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
            assertThat(reloaded.json().get("rules").findValuesAsString("name")).containsExactly("traffic_seen");

            postPredictions(api, 3, i -> 0, Instant.now().minusSeconds(60));
            JsonNode report = monitoringRun(api);
            assertThat(report.get("alerts")).hasSize(1);
            JsonNode fired = outcome(report, "traffic_seen");
            assertThat(fired.get("change").asString()).isEqualTo("fired");
            JsonNode alert = api.get("/api/v1/alerts/" + fired.get("alert_id").asLong()).json();
            assertThat(alert.get("notifications")).isEmpty();
            JsonNode investigation = alert.get("investigations").get(0).get("snapshot");
            assertThat(investigation.get("rule").asString()).isEqualTo("traffic_seen");
            assertThat(investigation.get("values").get("prediction_count").asDouble()).isGreaterThanOrEqualTo(3);
            assertThat(investigation.get("values").has("default_rate")).isTrue();

            Answer acknowledged = api.postJson("/api/v1/alerts/" + alert.get("id").asLong() + "/acknowledge",
                    "{\"by\": \"ana\"}");
            assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
            assertThat(acknowledged.json().get("state").asString()).isEqualTo("acknowledged");
            assertThat(acknowledged.json().get("acknowledged_by").asString()).isEqualTo("ana");
            assertThat(api.get("/api/v1/alerts?state=acknowledged").json().findValuesAsString("rule"))
                    .contains("traffic_seen");
            assertThat(outcome(monitoringRun(api), "traffic_seen").get("state").asString())
                    .isEqualTo("acknowledged");
        } finally {
            Files.writeString(file, shipped);
            assertThat(api.postJson("/api/v1/alert-rules/reload", "").status()).isEqualTo(200);
        }
    }

    interface Decision {
        int of(int i);
    }

    static void postPredictions(Api api, int count, Decision decision, Instant at) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> prediction = new LinkedHashMap<>();
            prediction.put("timestamp", at.toString());
            // scores that rank: the estimated ROC-AUC stays within reach of 0.70, the average in 0.04 .. 0.12
            prediction.put("probability", decision.of(i) == 1 ? 0.20 : 0.03);
            prediction.put("prediction", decision.of(i));
            prediction.put("features", Map.of("amount", 1000 + i));
            batch.add(prediction);
        }
        Answer answer = api.postJson("/api/v1/predictions/batch", Api.json(batch));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    static JsonNode monitoringRun(Api api) {
        Answer answer = api.postJson("/api/v1/models/credit-scoring/monitoring-runs", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    static JsonNode outcome(JsonNode report, String rule) {
        return report.get("alerts").valueStream().filter(a -> a.get("rule").asString().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + rule + " in " + report.get("alerts")));
    }

    static List<HttpPeer.Request> slackPosts(String containing) {
        return slack.delivered(body -> body.contains(containing));
    }

    static JsonNode json(String body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
    }

    static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    /** Waits up to 10 s for the condition. */
    static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(condition::getAsBoolean);
    }

    /** Every notification of the alerts in this state. */
    static List<JsonNode> notifications(Api api, String state) {
        return api.get("/api/v1/alerts?state=" + state).json().findValues("notifications").stream()
                .flatMap(JsonNode::valueStream).toList();
    }

    static boolean delivered(JsonNode notification) {
        return notification.get("state").asString().equals("delivered");
    }
}
