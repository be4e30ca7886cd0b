package io.scorewatch.retraining;

import static org.awaitility.Awaitility.await;

import static io.scorewatch.retraining.RetrainingFixtures.awaitFinished;
import static io.scorewatch.retraining.RetrainingFixtures.latest;
import static io.scorewatch.retraining.RetrainingFixtures.predictionOfVersion;
import static io.scorewatch.retraining.RetrainingFixtures.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * Retraining by a real subprocess ({@code src/test/resources/retraining/pipeline.sh}, which
 * succeeds, fails, hangs or takes a while depending on the model) and rollback by a real HTTP
 * peer, on each store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordedRuns.class)
abstract class RetrainingCommandContract {

    static final HookServer HOOKS = new HookServer();
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    RecordedRuns recorded;

    @Autowired
    RetrainingRuns runs;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${scorewatch.rollback.webhook-url}")
    URI hook;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** The command, its folder, a short timeout, and the rollback webhook. */
    static void configure(DynamicPropertyRegistry registry, Path dir) throws IOException {
        Path config = RetrainingFixtures.configDir(dir.resolve("config"), "steady", "fails", "hangs", "busy",
                "elsewhere");
        Path pipeline = Files.createDirectories(dir.resolve("pipeline")).toRealPath();
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.retraining.command[0]", () -> "sh");
        registry.add("scorewatch.retraining.command[1]",
                () -> RetrainingFixtures.SCRIPTS.resolve("pipeline.sh").toString());
        registry.add("scorewatch.retraining.working-directory", pipeline::toString);
        registry.add("scorewatch.retraining.timeout", () -> "4s");
        registry.add("scorewatch.retraining.kill-grace", () -> "2s");
        registry.add("scorewatch.rollback.webhook-url", () -> HOOKS.url("/hooks/rollback/" + dir.getFileName()));
        registry.add("scorewatch.rollback.webhook-headers[X-Deploy-Token]", () -> "rollback-secret");
    }

    @Test
    void aSuccessfulCommandIsRecordedWithItsOutputAndThenTheModelCoolsDown() throws Exception {
        predictionOfVersion(api, "steady", "2.3.1");
        Answer answer = api.postJson("/api/v1/models/steady/retraining-runs",
                "{\"force\": true, \"reason\": \"quarterly refresh\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode started = answer.json();
        long id = started.get("id").asLong();
        assertThat(started.get("state").asString()).isEqualTo("running");
        assertThat(started.get("kind").asString()).isEqualTo("retraining");
        assertThat(started.get("trigger").asString()).isEqualTo("command");
        assertThat(started.get("source").asString()).isEqualTo("manual");
        assertThat(strings(started.get("reasons"))).containsExactly("quarterly refresh");

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(run.get("exit_code").asInt()).isZero();
        assertThat(run.get("model_version").asString()).isEqualTo("2.3.1");
        assertThat(run.get("output").asString()).contains("model=steady\n", "version=2.3.1\n", "run=" + id + "\n",
                "source=manual\n", "reasons=quarterly refresh\n", "New model ready for validation");
        assertThat(run.get("output").asString()).containsPattern("directory=.*/pipeline\n");
        assertThat(run.get("error_output").isNull()).isTrue();
        assertThat(Instant.parse(run.get("started_at").asString()))
                .isBeforeOrEqualTo(Instant.parse(run.get("finished_at").asString()));
        assertThat(event.outcome()).isEqualTo("succeeded");
        assertThat(event.succeeded()).isTrue();
        assertThat(event.kind()).isEqualTo("retraining");
        assertThat(event.model()).isEqualTo("steady");
        assertThat(event.reasons()).containsExactly("quarterly refresh");
        // messages (Slack, mail) carry no output: it is for admins, through the API
        assertThat(event.detail()).contains("exit code 0", "GET /api/v1/retraining-runs/" + id)
                .doesNotContain("New model ready for validation").doesNotContain("model=steady");
        JsonNode seenByViewer = api.withKey(Api.VIEWER_KEY).get("/api/v1/retraining-runs/" + id).json();
        assertThat(seenByViewer.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(seenByViewer.get("output").isNull()).isTrue();
        assertThat(api.withKey(Api.VIEWER_KEY).get("/api/v1/retraining-runs?model=steady").body())
                .doesNotContain("New model ready for validation");

        // within the cooldown a request starts nothing, is recorded, and publishes nothing
        events.publishEvent(new RetrainingRequested("steady", List.of("Significant feature drift: 12.0% of features"),
                "alert:feature_drift"));
        JsonNode skipped = latest(api, "steady", "retraining");
        assertThat(skipped.get("id").asLong()).isGreaterThan(id);
        assertThat(skipped.get("state").asString()).isEqualTo("finished");
        assertThat(skipped.get("outcome").asString()).isEqualTo("skipped");
        assertThat(skipped.get("source").asString()).isEqualTo("alert:feature_drift");
        assertThat(skipped.get("started_at").isNull()).isTrue();
        assertThat(skipped.get("detail").asString()).startsWith("cooldown until "
                + Instant.parse(run.get("finished_at").asString()).plus(Duration.ofDays(7)));
        recorded.assertNoneFor(skipped.get("id").asLong(), Duration.ofMillis(300));
        assertThat(counter("steady", "retraining", "succeeded")).isEqualTo(1.0);
        assertThat(counter("steady", "retraining", "skipped")).isEqualTo(1.0);
    }

    @Test
    void aFailingCommandIsRecordedFailedWithItsErrorOutput() throws Exception {
        events.publishEvent(new RetrainingRequested("fails", List.of("Performance degradation: ROC-AUC = 0.6412"),
                "alert:roc_auc_low"));
        long id = latest(api, "fails", "retraining").get("id").asLong();

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("failed");
        assertThat(run.get("exit_code").asInt()).isEqualTo(3);
        assertThat(run.get("error_output").asString()).isEqualTo("retraining failed: no training data for fails\n");
        assertThat(run.get("output").asString()).isEqualTo("loading training data for fails\n");
        assertThat(run.get("model_version").isNull()).isTrue();
        assertThat(event.outcome()).isEqualTo("failed");
        assertThat(event.reasons()).containsExactly("Performance degradation: ROC-AUC = 0.6412");
        assertThat(event.detail()).contains("exit code 3", "GET /api/v1/retraining-runs/" + id)
                .doesNotContain("no training data");
        JsonNode seenByViewer = api.withKey(Api.VIEWER_KEY).get("/api/v1/retraining-runs/" + id).json();
        assertThat(seenByViewer.get("error_output").isNull()).isTrue();
        assertThat(seenByViewer.get("output").isNull()).isTrue();
        assertThat(counter("fails", "retraining", "failed")).isEqualTo(1.0);
    }

    @Test
    void aCommandPastTheTimeoutIsKilledWithItsChild() throws Exception {
        Answer answer = api.postJson("/api/v1/models/hangs/retraining-runs", "{\"force\": true}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        long id = answer.json().get("id").asLong();
        assertThat(strings(answer.json().get("reasons"))).containsExactly("manual");

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("timed_out");
        assertThat(run.get("exit_code").isNull()).isTrue();
        assertThat(run.get("detail").asString()).contains("still running after PT4S", "killed with its process tree");
        assertThat(event.outcome()).isEqualTo("timed_out");
        String output = run.get("output").asString();
        long child = pid(output, "child");
        long parent = pid(output, "parent");
        await("the command and its child end").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> !Processes.running(child) && !Processes.running(parent));
        assertThat(Processes.running(parent)).as("the command, pid %d", parent).isFalse();
        assertThat(Processes.running(child)).as("the command's child, pid %d", child).isFalse();
        assertThat(counter("hangs", "retraining", "timed_out")).isEqualTo(1.0);
    }

    @Test
    void twoTriggersAtOnceStartOneRun() throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(callers.submit(() -> {
                ready.countDown();
                ready.await();
                return api.postJson("/api/v1/models/busy/retraining-runs", "{\"force\": true}");
            }));
        }
        List<JsonNode> recorded = new ArrayList<>();
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(201);
            recorded.add(answer.get().json());
        }
        callers.shutdown();

        List<JsonNode> started = recorded.stream().filter(r -> r.get("state").asString().equals("running")).toList();
        List<JsonNode> skipped = recorded.stream().filter(r -> r.get("outcome").isString()
                && r.get("outcome").asString().equals("skipped"))
                .toList();
        assertThat(started).hasSize(1);
        assertThat(skipped).hasSize(1);
        long id = started.get(0).get("id").asLong();
        assertThat(skipped.get(0).get("detail").asString()).startsWith("run " + id + " of this model is in progress");
        assertThat(awaitFinished(api, id, PATIENCE).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(this.recorded.awaitRun(id, PATIENCE).outcome()).isEqualTo("succeeded");
        assertThat(this.recorded.of(skipped.get(0).get("id").asLong())).isEmpty();
    }

    @Test
    void aRunLeftInProgressByAnotherReplicaBlocksTheModelUntilItIsAbandoned() throws Exception {
        // another replica is retraining the model: its row holds the model's slot
        Instant now = Instant.now();
        jdbc.update("INSERT INTO retraining_run (model, kind, source, reasons, trigger_type, state, active_key,"
                + " replica, requested_at, started_at) VALUES ('elsewhere', 'retraining', 'alert:roc_auc_low', '[]',"
                + " 'command', 'running', 'retraining:elsewhere', 'other-host/1a2b3c4d', ?, ?)", utc(now), utc(now));
        long theirs = jdbc.queryForObject("SELECT id FROM retraining_run WHERE active_key = 'retraining:elsewhere'",
                Long.class);

        Answer blocked = api.postJson("/api/v1/models/elsewhere/retraining-runs", "{\"force\": true}");
        assertThat(blocked.json().get("outcome").asString()).isEqualTo("skipped");
        assertThat(blocked.json().get("detail").asString()).startsWith("run " + theirs + " of this model is in"
                + " progress");

        // that replica died long ago: at start-up the run is found and marked failed
        Instant longAgo = now.minus(Duration.ofHours(1));
        jdbc.update("UPDATE retraining_run SET requested_at = ?, started_at = ? WHERE id = ?", utc(longAgo),
                utc(longAgo), theirs);
        runs.abandonStaleRuns();

        JsonNode abandoned = api.get("/api/v1/retraining-runs/" + theirs).json();
        assertThat(abandoned.get("outcome").asString()).isEqualTo("failed");
        assertThat(abandoned.get("detail").asString()).startsWith("abandoned: ").contains("other-host/1a2b3c4d");
        assertThat(recorded.awaitRun(theirs, PATIENCE).outcome()).isEqualTo("failed");
        Answer next = api.postJson("/api/v1/models/elsewhere/retraining-runs", "{\"force\": true}");
        assertThat(next.json().get("state").asString()).isEqualTo("running");
        assertThat(awaitFinished(api, next.json().get("id").asLong(), PATIENCE).get("outcome").asString())
                .isEqualTo("succeeded");
    }

    @Test
    void aRollbackPostsTheWebhookAndIsAudited() throws Exception {
        // a prediction dated far ahead is refused; one dated a little ahead (within the skew) but
        // received first does not name the version: the one received last does
        Answer attacker = api.postJson("/api/v1/predictions", Api.json(Map.of("model", "credit-scoring",
                "model_version", "v9-attacker", "probability", 0.2, "timestamp", "9999-12-31T00:00:00Z")));
        assertThat(attacker.status()).isEqualTo(400);
        assertThat(attacker.json().get("errors").findValuesAsString("field")).containsExactly("timestamp");
        Answer ahead = api.postJson("/api/v1/predictions", Api.json(Map.of("model", "credit-scoring",
                "model_version", "2.9.0", "probability", 0.2, "timestamp", Instant.now().plusSeconds(120).toString())));
        assertThat(ahead.status()).isEqualTo(202);
        predictionOfVersion(api, "credit-scoring", "3.0.0");
        events.publishEvent(new RollbackRequested("credit-scoring", "ROC-AUC fell below 0.65", "alert:roc_auc_critical"));
        long id = latest(api, "credit-scoring", "rollback").get("id").asLong();

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(run.get("kind").asString()).isEqualTo("rollback");
        assertThat(run.get("trigger").asString()).isEqualTo("webhook");
        assertThat(run.get("http_status").asInt()).isEqualTo(200);
        assertThat(run.get("output").asString()).contains("p-42");
        assertThat(event.kind()).isEqualTo("rollback");
        assertThat(event.outcome()).isEqualTo("succeeded");
        assertThat(event.reasons()).containsExactly("ROC-AUC fell below 0.65");

        HookServer.Received call = HOOKS.forRun(hook.getPath(), id);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).startsWith("/hooks/rollback/");
        assertThat(call.headers().get("Content-type")).containsExactly("application/json");
        assertThat(call.headers().get("X-deploy-token")).containsExactly("rollback-secret");
        JsonNode body = call.json();
        assertThat(body.get("model").asString()).isEqualTo("credit-scoring");
        assertThat(body.get("model_version").asString()).isEqualTo("3.0.0");
        assertThat(run.get("model_version").asString()).isEqualTo("3.0.0");
        assertThat(body.get("reason").asString()).isEqualTo("ROC-AUC fell below 0.65");
        assertThat(body.get("source").asString()).isEqualTo("alert:roc_auc_critical");
        assertThat(body.get("run_id").asLong()).isEqualTo(id);
        assertThat(Instant.parse(body.get("requested_at").asString()))
                .isEqualTo(Instant.parse(run.get("requested_at").asString()));

        // a second rollback right after a successful one is skipped (the rollback cooldown)
        events.publishEvent(new RollbackRequested("credit-scoring", "still firing", "alert:roc_auc_critical"));
        JsonNode again = latest(api, "credit-scoring", "rollback");
        assertThat(again.get("outcome").asString()).isEqualTo("skipped");
        assertThat(again.get("detail").asString()).startsWith("cooldown until");
    }

    @Test
    void aRollbackAnswered500IsFailed() throws Exception {
        events.publishEvent(new RollbackRequested("fails", "error rate above 5%", "alert:error_rate"));
        long id = latest(api, "fails", "rollback").get("id").asLong();

        RetrainingRunFinished event = recorded.awaitRun(id, PATIENCE);
        JsonNode run = awaitFinished(api, id, PATIENCE);
        assertThat(run.get("outcome").asString()).isEqualTo("failed");
        assertThat(run.get("http_status").asInt()).isEqualTo(500);
        assertThat(run.get("output").asString()).contains("deployment refused the request");
        assertThat(event.outcome()).isEqualTo("failed");
        assertThat(event.detail()).contains("HTTP 500", "GET /api/v1/retraining-runs/" + id)
                .doesNotContain("deployment refused the request");
        assertThat(HOOKS.forRun(hook.getPath(), id).json().get("reason").asString()).isEqualTo("error rate above 5%");
    }

    private double counter(String model, String kind, String outcome) {
        String series = "credit_scoring_retraining_runs_total{application=\"scorewatch\",kind=\"" + kind
                + "\",model=\"" + model + "\",outcome=\"" + outcome + "\"} ";
        return api.get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    private static long pid(String output, String name) {
        Matcher matcher = Pattern.compile(name + " (\\d+)").matcher(output);
        assertThat(matcher.find()).as("%s pid in %s", name, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
