package io.scorewatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.ingest.BlockedRetention;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The daily job hangs in its retention purge, far past its one-second budget. Meanwhile the
 * real-time refresh still evaluates the alert rules every second (a rule fires), and the job
 * shows as running past its budget on the job-runs endpoint and in the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(BlockedRetention.Configuration.class)
class StuckJobIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
        registry.add("scorewatch.schedule.daily", () -> "* * * * * *");
        registry.add("scorewatch.schedule.realtime", () -> "* * * * * *");
        registry.add("scorewatch.schedule.budgets.daily", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Autowired
    BlockedRetention retention;

    @AfterEach
    void release() {
        retention.release.countDown();
    }

    @Test
    void aPurgePastItsBudgetDelaysNoAlertEvaluationAndShowsAsPastItsBudget() throws Exception {
        Api api = new Api(port);
        assertThat(retention.entered.await(15, TimeUnit.SECONDS)).as("the daily job reached its purge").isTrue();

        // the purge holds the daily job; the rules are still evaluated on the real-time schedule
        postPredictions(api, 100, Instant.now().minusSeconds(600));
        JsonNode firing = await("high_default_rate fires while the daily job hangs", () -> {
            JsonNode alerts = api.get("/api/v1/alerts?state=firing").json();
            return alerts.valueStream().filter(a -> a.get("rule").asString().equals("high_default_rate"))
                    .findFirst();
        });
        assertThat(firing.get("model").asString()).isEqualTo("credit-scoring");

        JsonNode daily = await("the daily run shows as running past its budget", () -> dailyRun(api)
                .filter(run -> run.get("state").asString().equals("running_past_budget")));
        assertThat(daily.get("outcome").asString()).isEqualTo("RUNNING");
        assertThat(daily.get("finished_at").isNull()).isTrue();
        assertThat(daily.get("budget_seconds").asLong()).isEqualTo(1);
        assertThat(daily.get("seconds").asDouble()).isGreaterThan(1.0);

        String metrics = await("the overrun is counted", () -> {
            String body = api.get("/actuator/prometheus").body();
            return body.contains("scorewatch_job_overrun_total{application=\"scorewatch\",job=\"daily\"} 1.0")
                    ? Optional.of(body) : Optional.empty();
        });
        assertThat(metrics).containsPattern(
                "scorewatch_job_running_seconds\\{application=\"scorewatch\",job=\"daily\"\\} [1-9]");
        // every budgeted job has its series from the start
        assertThat(metrics).contains("scorewatch_job_overrun_total{application=\"scorewatch\",job=\"weekly\"} 0.0");
        assertThat(metrics).contains("scorewatch_job_running_seconds{application=\"scorewatch\",job=\"monthly\"} 0.0");

        retention.release.countDown();
        JsonNode ended = await("the daily run ends", () -> dailyRun(api).filter(run -> run.get("id").asLong()
                == daily.get("id").asLong() && !run.get("finished_at").isNull()));
        assertThat(ended.get("state").asString()).isEqualTo("finished_past_budget");
        assertThat(ended.get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(ended.get("detail").asString()).contains("purged");
    }

    private static Optional<JsonNode> dailyRun(Api api) {
        JsonNode runs = api.get("/api/v1/job-runs").json();
        List<JsonNode> daily = runs.valueStream().filter(run -> run.get("job").asString().equals("daily")).toList();
        return daily.isEmpty() ? Optional.empty() : Optional.of(daily.get(daily.size() - 1));
    }

    static void postPredictions(Api api, int count, Instant at) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> prediction = new LinkedHashMap<>();
            prediction.put("timestamp", at.toString());
            prediction.put("probability", i % 2 == 1 ? 0.20 : 0.03);
            prediction.put("prediction", i % 2);
            prediction.put("features", Map.of("amount", 1000 + i));
            batch.add(prediction);
        }
        Answer answer = api.postJson("/api/v1/predictions/batch", Api.json(batch));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    static <T> T await(String what, Supplier<Optional<T>> condition) {
        return org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(condition::get, Optional::isPresent).get();
    }
}
