package io.scorewatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.stats.BrierScore;
import io.scorewatch.stats.RocAuc;
import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * Predictions back-filled over several days are rolled up by the rollup job run over HTTP; once
 * the raw rows are purged (raw retention 2 days here), a 30-day metrics read answers from the
 * summaries, within their bounds of the exact figures of the same rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "scorewatch.retention.raw=2d")
class SummaryIntegrationTests {

    private static final double THRESHOLD = 0.3282;

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void thirtyDayMetricsAfterTheRawPurgeComeFromSummariesWithinTheirBounds() {
        Api api = new Api(port);
        SplittableRandom random = new SplittableRandom(17);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(8));
        int days = 5;
        int perDay = 400;
        List<Integer> labels = new ArrayList<>();
        List<Double> probabilities = new ArrayList<>();
        long decidedPositive = 0;
        double sum = 0;
        for (int d = 0; d < days; d++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            List<Map<String, Object>> truths = new ArrayList<>();
            for (int i = 0; i < perDay; i++) {
                boolean bad = random.nextDouble() < 0.15;
                double p = 1 / (1 + Math.exp(-(random.nextGaussian() + (bad ? -0.5 : -2.0))));
                String id = "s-" + d + "-" + i;
                Instant at = start.plus(Duration.ofDays(d)).plusSeconds(random.nextInt(86_400));
                Map<String, Object> item = new HashMap<>();
                item.put("prediction_id", id);
                item.put("probability", p);
                item.put("timestamp", at.toString());
                item.put("latency_ms", 20 + random.nextInt(30));
                item.put("features", Map.of());
                batch.add(item);
                decidedPositive += p >= THRESHOLD ? 1 : 0;
                sum += p;
                if (i % 4 != 0) {
                    truths.add(Map.of("prediction_id", id, "actual_default", bad ? 1 : 0,
                            "timestamp", at.plusSeconds(3600).toString()));
                    labels.add(bad ? 1 : 0);
                    probabilities.add(p);
                }
            }
            assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(truths)).status()).isEqualTo(202);
        }
        int total = days * perDay;
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL", Long.class) == labels.size());
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
        double exactAuc = RocAuc.of(y, p).value();
        double exactBrier = BrierScore.of(y, p).value();

        // only admins run jobs; an unknown job is a 404 problem
        assertThat(api.withKey(Api.VIEWER_KEY).postJson("/api/v1/jobs/rollup/runs", "").status()).isEqualTo(403);
        Api.Answer unknown = api.postJson("/api/v1/jobs/nightly/runs", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Api.Answer badRange = api.postJson("/api/v1/jobs/rollup/runs", "{\"from\": \"yesterday\"}");
        assertThat(badRange.status()).isEqualTo(400);

        Api.Answer rollup = api.postJson("/api/v1/jobs/rollup/runs", "");
        assertThat(rollup.status()).isEqualTo(200);
        JsonNode run = rollup.json().get("runs").get(0);
        assertThat(run.get("job").asText()).isEqualTo("rollup");
        assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("SUCCESS");
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM summary", Long.class);
        assertThat(rows).isPositive();
        assertThat(jdbc.queryForObject("SELECT SUM(prediction_count) FROM summary", Long.class)).isEqualTo(total);

        // re-running the roll-up of a range replaces its rows: the same totals, no duplicates
        Api.Answer backfill = api.postJson("/api/v1/jobs/rollup/runs", Api.json(Map.of("from",
                start.toString(), "to", start.plus(Duration.ofDays(days)).toString())));
        assertThat(backfill.json().get("runs").get(0).get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(jdbc.queryForObject("SELECT SUM(prediction_count) FROM summary", Long.class)).isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT SUM(labelled_count) FROM summary", Long.class))
                .isEqualTo(labels.size());

        Api.Answer purge = api.postJson("/api/v1/jobs/retention/runs", "");
        assertThat(purge.json().get("runs").get(0).get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class)).isZero();

        JsonNode metrics = api.get("/api/v1/models/credit-scoring/metrics?window=30d").json();
        assertThat(metrics.get("method").asText()).isEqualTo("summary");
        JsonNode bound = metrics.get("error_bound");
        assertThat(bound.get("probability_bin_width").asDouble()).isEqualTo(1e-4);
        assertThat(bound.get("summaries").asInt()).isPositive();
        assertThat(metrics.get("prediction_count").asLong()).isEqualTo(total);
        assertThat(metrics.get("avg_probability").asDouble()).isCloseTo(sum / total, within(1e-12));
        assertThat(metrics.get("default_rate").asDouble()).isCloseTo((double) decidedPositive / total, within(1e-12));
        JsonNode performance = metrics.get("performance");
        assertThat(performance.get("labeled_count").asLong()).isEqualTo(labels.size());
        assertThat(performance.get("roc_auc").asDouble()).isCloseTo(exactAuc, within(1e-4));
        assertThat(performance.get("brier_score").asDouble()).isCloseTo(exactBrier, within(1e-12));
        assertThat(metrics.get("system").get("latency_p50_ms").asDouble()).isBetween(20.0, 50.0);

        // a window inside the raw retention, with few rows, stays exact
        JsonNode recent = api.get("/api/v1/models/credit-scoring/metrics?window=1d").json();
        assertThat(recent.get("method").asText()).isEqualTo("exact");
        assertThat(recent.get("error_bound").isNull()).isTrue();
    }
}
