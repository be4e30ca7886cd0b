package io.scorewatch.retraining;

import static io.scorewatch.retraining.RetrainingFixtures.awaitFinished;
import static io.scorewatch.retraining.RetrainingFixtures.latest;
import static io.scorewatch.retraining.RetrainingFixtures.predictionOfVersion;
import static io.scorewatch.retraining.RetrainingFixtures.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/** Retraining by a webhook on a real HTTP peer, no rollback webhook, on each store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordedRuns.class)
abstract class RetrainingWebhookContract {

    static final HookServer HOOKS = new HookServer();
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    RecordedRuns recorded;

    @Value("${scorewatch.retraining.webhook-url}")
    URI hook;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** The retraining webhook with a short timeout; no command, no rollback webhook. */
    static void configure(DynamicPropertyRegistry registry, Path dir) throws IOException {
        Path config = RetrainingFixtures.configDir(dir.resolve("config"), "fails", "hangs");
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.retraining.webhook-url", () -> HOOKS.url("/hooks/retrain/" + dir.getFileName()));
        registry.add("scorewatch.retraining.webhook-timeout", () -> "1s");
    }

    @Test
    void theWebhookGetsTheRunAsJson() throws Exception {
        predictionOfVersion(api, "credit-scoring", "1.4.0");
        Answer answer = api.postJson("/api/v1/models/credit-scoring/retraining-runs",
                "{\"force\": true, \"reason\": \"new training data\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("trigger").asString()).isEqualTo("webhook");
        long id = answer.json().get("id").asLong();

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(run.get("http_status").asInt()).isEqualTo(200);
        assertThat(run.get("output").asString()).isEqualTo("{\"accepted\":true,\"pipeline_run\":\"p-42\"}");
        assertThat(event.outcome()).isEqualTo("succeeded");
        assertThat(event.detail()).startsWith("HTTP 200 from the webhook");

        HookServer.Received call = HOOKS.forRun(hook.getPath(), id);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).startsWith("/hooks/retrain/");
        assertThat(call.headers().get("Content-type")).containsExactly("application/json");
        JsonNode body = call.json();
        assertThat(body.get("model").asString()).isEqualTo("credit-scoring");
        assertThat(body.get("model_version").asString()).isEqualTo("1.4.0");
        assertThat(strings(body.get("reasons"))).containsExactly("new training data");
        assertThat(body.get("source").asString()).isEqualTo("manual");
        assertThat(body.get("run_id").asLong()).isEqualTo(id);
        assertThat(Instant.parse(body.get("requested_at").asString()))
                .isEqualTo(Instant.parse(run.get("requested_at").asString()));
    }

    @Test
    void aWebhookAnswering500IsFailed() throws Exception {
        events.publishEvent(new RetrainingRequested("fails", List.of("Performance degradation: ROC-AUC = 0.6412"),
                "monitoring-run:7"));
        long id = latest(api, "fails", "retraining").get("id").asLong();

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("failed");
        assertThat(run.get("http_status").asInt()).isEqualTo(500);
        assertThat(run.get("output").asString()).contains("deployment refused the request");
        assertThat(event.outcome()).isEqualTo("failed");
        assertThat(event.detail()).contains("HTTP 500", "GET /api/v1/retraining-runs/" + id)
                .doesNotContain("deployment refused the request");
        JsonNode body = HOOKS.forRun(hook.getPath(), id).json();
        assertThat(body.get("source").asString()).isEqualTo("monitoring-run:7");
        assertThat(strings(body.get("reasons"))).containsExactly("Performance degradation: ROC-AUC = 0.6412");
        assertThat(body.get("model_version").isNull()).isTrue();
    }

    @Test
    void aWebhookThatDoesNotAnswerInTimeIsTimedOut() throws Exception {
        Answer answer = api.postJson("/api/v1/models/hangs/retraining-runs", "{\"force\": true}");
        long id = answer.json().get("id").asLong();

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("timed_out");
        assertThat(run.get("http_status").isNull()).isTrue();
        assertThat(run.get("detail").asString()).isEqualTo("no complete answer from the webhook within PT1S");
        // the run ended after the timeout, while the webhook still held its answer
        assertThat(HOOKS.held()).as("requests the webhook still holds").isEqualTo(1);
        HOOKS.release();
        assertThat(Duration.between(Instant.parse(run.get("started_at").asString()),
                Instant.parse(run.get("finished_at").asString()))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(event.outcome()).isEqualTo("timed_out");
    }

    @Test
    void aRollbackWithoutWebhookIsRecordedNotConfigured() throws Exception {
        events.publishEvent(new RollbackRequested("credit-scoring", "ROC-AUC fell below 0.65", "alert:roc_auc_critical"));
        JsonNode run = latest(api, "credit-scoring", "rollback");
        assertThat(run.get("state").asString()).isEqualTo("finished");
        assertThat(run.get("outcome").asString()).isEqualTo("not_configured");
        assertThat(run.get("trigger").asString()).isEqualTo("none");
        assertThat(run.get("detail").asString()).contains("scorewatch.rollback.webhook-url");
        RetrainingRunFinished event = recorded.awaitRun(run.get("id").asLong(), PATIENCE);
        assertThat(event.outcome()).isEqualTo("not_configured");
        assertThat(event.kind()).isEqualTo("rollback");
        assertThat(event.reasons()).containsExactly("ROC-AUC fell below 0.65");
    }
}
