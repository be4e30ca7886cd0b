package io.scorewatch.retraining;

import static io.scorewatch.retraining.RetrainingFixtures.degradedPredictions;
import static io.scorewatch.retraining.RetrainingFixtures.latest;
import static io.scorewatch.retraining.RetrainingFixtures.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The retraining API with no trigger configured, on each store: decisions, not_configured runs,
 * the monitoring run asking for retraining, lists, problems and the exported counter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordedRuns.class)
abstract class RetrainingApiContract {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final List<String> MODELS = List.of("credit-scoring", "quiet", "degraded", "decaying", "listed");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    RecordedRuns recorded;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    static void configure(DynamicPropertyRegistry registry, Path dir) throws IOException {
        Path config = RetrainingFixtures.configDir(dir.resolve("config"),
                MODELS.subList(1, MODELS.size()).toArray(String[]::new));
        registry.add("scorewatch.config-dir", config::toString);
    }

    @Test
    void withoutTriggerAForcedRunIsRecordedNotConfiguredAndPublished() throws Exception {
        Answer answer = api.postJson("/api/v1/models/credit-scoring/retraining-runs",
                "{\"force\": true, \"reason\": \"  new features  \"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode run = answer.json();
        long id = run.get("id").asLong();
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(run.get("state").asString()).isEqualTo("finished");
        assertThat(run.get("outcome").asString()).isEqualTo("not_configured");
        assertThat(run.get("trigger").asString()).isEqualTo("none");
        assertThat(strings(run.get("reasons"))).containsExactly("new features");
        assertThat(run.get("detail").asString()).contains("scorewatch.retraining.command",
                "scorewatch.retraining.webhook-url");
        assertThat(run.get("started_at").isNull()).isTrue();
        assertThat(run.get("finished_at").isString()).isTrue();
        assertThat(api.get("/api/v1/retraining-runs/" + id).json()).isEqualTo(run);
        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        assertThat(event.outcome()).isEqualTo("not_configured");
        assertThat(event.kind()).isEqualTo("retraining");
        assertThat(event.reasons()).containsExactly("new features");
    }

    @Test
    void withoutForceTheRetrainingCheckDecidesOnTheCurrentFigures() throws Exception {
        Answer quiet = api.post("/api/v1/models/quiet/retraining-runs", "application/json", "");
        assertThat(quiet.status()).as(quiet.body()).isEqualTo(201);
        assertThat(quiet.json().get("outcome").asString()).isEqualTo("not_needed");
        assertThat(quiet.json().get("detail").asString()).startsWith(
                "the retraining check found no reason: ROC-AUC not known over the last 7d").endsWith("no drift run yet");
        assertThat(quiet.json().get("roc_auc").isNull()).isTrue();
        assertThat(quiet.json().get("reasons")).isEmpty();

        degradedPredictions(api, "degraded");
        Answer degraded = api.postJson("/api/v1/models/degraded/retraining-runs", "{\"force\": false}");
        assertThat(degraded.status()).as(degraded.body()).isEqualTo(201);
        JsonNode run = degraded.json();
        assertThat(run.get("roc_auc").asDouble()).isLessThan(0.70);
        assertThat(run.get("drift_share").isNull()).isTrue();
        assertThat(strings(run.get("reasons"))).singleElement().asString()
                .startsWith("Performance degradation: ROC-AUC = 0.");
        assertThat(run.get("source").asString()).isEqualTo("manual");
        // the check says retrain, but nothing is configured to do it
        assertThat(run.get("outcome").asString()).isEqualTo("not_configured");
        assertThat(recorded.awaitRun(run.get("id").asLong(), PATIENCE).outcome()).isEqualTo("not_configured");
        recorded.assertNoneFor(quiet.json().get("id").asLong(), Duration.ofMillis(300));
    }

    @Test
    void aMonitoringRunWhoseCheckSaysRetrainAsksForRetraining() throws Exception {
        degradedPredictions(api, "decaying");
        Answer report = api.post("/api/v1/models/decaying/monitoring-runs", "application/json", "");
        assertThat(report.status()).as(report.body()).isEqualTo(201);
        long reportId = report.json().get("id").asLong();

        JsonNode run = latest(api, "decaying", "retraining");
        assertThat(run.get("source").asString()).isEqualTo("monitoring-run:" + reportId);
        assertThat(strings(run.get("reasons"))).singleElement().asString().startsWith("Performance degradation");
        assertThat(run.get("outcome").asString()).isEqualTo("not_configured");
    }

    @Test
    void listsAreNewestFirstAndFiltered() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.postJson("/api/v1/models/listed/retraining-runs", "{\"force\": true}").json().get("id")
                    .asLong());
        }
        events.publishEvent(new RollbackRequested("listed", "error rate above 5%", "alert:error_rate"));
        events.publishEvent(new RollbackRequested("not-a-model", "ignored", "alert:error_rate"));

        JsonNode all = api.get("/api/v1/retraining-runs?model=listed").json();
        assertThat(all).hasSize(4);
        assertThat(all.get(0).get("kind").asString()).isEqualTo("rollback");
        assertThat(List.of(all.get(1).get("id").asLong(), all.get(2).get("id").asLong(), all.get(3).get("id")
                .asLong())).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(api.get("/api/v1/retraining-runs?model=listed&kind=retraining&limit=2").json()).hasSize(2)
                .allSatisfy(run -> assertThat(run.get("kind").asString()).isEqualTo("retraining"));
        assertThat(api.get("/api/v1/retraining-runs?limit=1").json()).hasSize(1);
        assertThat(api.get("/api/v1/retraining-runs?model=not-a-model").json()).isEmpty();
    }

    @Test
    void badRequestsAreProblems() {
        problem(api.postJson("/api/v1/models/no-such-model/retraining-runs", "{\"force\": true}"), 404,
                "urn:scorewatch:problem:unknown-model");
        assertThat(problem(api.postJson("/api/v1/models/quiet/retraining-runs", "{\"reason\": \"why not\"}"), 400,
                "urn:scorewatch:problem:invalid-request").get("errors").get(0).get("field").asString())
                .isEqualTo("reason");
        assertThat(problem(api.postJson("/api/v1/models/quiet/retraining-runs", "{\"force\": true, \"reason\": \""
                + "x".repeat(501) + "\"}"), 400, "urn:scorewatch:problem:invalid-request").get("errors").get(0)
                .get("message").asString()).isEqualTo("must be at most 500 characters");
        assertThat(problem(api.postJson("/api/v1/models/quiet/retraining-runs", "{\"force\": \"maybe\"}"), 400,
                "urn:scorewatch:problem:invalid-request").get("errors").get(0).get("field").asString())
                .isEqualTo("force");
        problem(api.postJson("/api/v1/models/quiet/retraining-runs", "{\"force\": tru"), 400,
                "urn:scorewatch:problem:invalid-request");
        problem(api.get("/api/v1/retraining-runs?limit=0"), 400, "urn:scorewatch:problem:invalid-request");
        problem(api.get("/api/v1/retraining-runs?limit=501"), 400, "urn:scorewatch:problem:invalid-request");
        problem(api.get("/api/v1/retraining-runs?kind=upgrade"), 400, "urn:scorewatch:problem:invalid-request");
        problem(api.get("/api/v1/retraining-runs/987654321"), 404, "urn:scorewatch:problem:retraining-run-not-found");
        assertThat(api.get("/api/v1/retraining-runs/abc").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/retraining-runs?limit=ten").status()).isEqualTo(400);
    }

    @Test
    void everySeriesOfTheCounterIsExportedFromTheStart() {
        List<String> series = api.get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("credit_scoring_retraining_runs_total{")).toList();
        // every configured model, both kinds, every outcome
        assertThat(series).hasSize(MODELS.size() * 2 * 6);
        for (String model : MODELS) {
            for (String kind : List.of("retraining", "rollback")) {
                for (String outcome : List.of("succeeded", "failed", "timed_out", "not_configured", "skipped",
                        "not_needed")) {
                    assertThat(series).anyMatch(line -> line.startsWith("credit_scoring_retraining_runs_total{"
                            + "application=\"scorewatch\",kind=\"" + kind + "\",model=\"" + model + "\",outcome=\""
                            + outcome + "\"} "));
                }
            }
        }
        assertThat(series).anyMatch(line -> line.equals("credit_scoring_retraining_runs_total{application="
                + "\"scorewatch\",kind=\"rollback\",model=\"quiet\",outcome=\"timed_out\"} 0.0"));
    }

    private static JsonNode problem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo(type);
        return answer.json();
    }
}
