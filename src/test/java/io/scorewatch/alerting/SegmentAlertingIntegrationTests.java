package io.scorewatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import io.scorewatch.support.HttpPeer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two channels of one model over HTTP: "web" predictions are rows of the reference itself,
 * "branch" predictions have their income tripled and their probability raised by 0.3, so only
 * the branch segment drifts. Rules with {@code for_each_segment: channel} fire for the branch
 * value alone, on its drift run and on its metrics, with messages (a real Slack peer) naming it;
 * the per-segment gauges equal the segment's metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SegmentAlertingIntegrationTests {

    private static final int REFERENCE_ROWS = 2_000;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant FROM = NOW.minus(Duration.ofHours(12));

    static final HttpPeer slack = new HttpPeer();

    @TempDir
    static Path dir;

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("models"));
        Files.copy(Path.of("config/models/credit-scoring.yaml"), config.resolve("models/credit-scoring.yaml"));
        Files.writeString(config.resolve("alert_rules.yaml"), """
                alerts:
                  - name: channel_drift_share
                    metric: drift_share
                    for_each_segment: channel
                    condition: "> 0.10"
                    severity: WARNING
                    action: notify_team
                  - name: channel_avg_probability
                    metric: avg_probability
                    for_each_segment: channel
                    condition: "> 0.40"
                    severity: WARNING
                    action: notify_team
                """);
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.metrics.min-labels", () -> "50");
        registry.add("scorewatch.schedule.realtime", () -> "*/2 * * * * *");
        registry.add("scorewatch.alerting.slack.webhook-url", () -> slack.url("/services/T000/B000/XXXX"));
        registry.add("scorewatch.alerting.base-url", () -> "https://scorewatch.company.com");
        registry.add("scorewatch.alerting.delivery.interval", () -> "200ms");
        registry.add("scorewatch.alerting.delivery.initial-backoff", () -> "100ms");
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    private static boolean loaded;

    private synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        Random random = new Random(26);
        List<Object[]> reference = new ArrayList<>();
        StringBuilder csv = new StringBuilder("AMT_INCOME_TOTAL,AGE_YEARS,NAME_CONTRACT_TYPE,probability,target\n");
        for (int i = 0; i < REFERENCE_ROWS; i++) {
            double income = Math.round((100_000 + 20_000 * random.nextGaussian()) * 100) / 100.0;
            double age = 20 + random.nextInt(50);
            String contract = random.nextDouble() < 0.8 ? "Cash loans" : "Revolving loans";
            double probability = Math.round(random.nextDouble() * 0.5 * 1e6) / 1e6;
            int target = random.nextDouble() < probability ? 1 : 0;
            reference.add(new Object[] {income, age, contract, probability, target});
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d%n", income, age, contract, probability, target));
        }
        Answer stored = api.put("/api/v1/models/credit-scoring/reference", "text/csv", csv.toString());
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);

        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean branch = i % 2 == 1;
            Object[] row = reference.get(i * 5);
            double income = (double) row[0] * (branch ? 3 : 1);
            double probability = branch ? Math.min(1, (double) row[3] + 0.3) : (double) row[3];
            String id = "segment-alert-" + i;
            predictions.add(Map.of("prediction_id", id, "probability", probability,
                    "timestamp", FROM.plusSeconds(60L * i).toString(),
                    "features", Map.of("AMT_INCOME_TOTAL", income, "AGE_YEARS", row[1], "NAME_CONTRACT_TYPE", row[2]),
                    "tags", Map.of("channel", branch ? "branch" : "web")));
            labels.add(Map.of("prediction_id", id, "actual_default", row[4]));
        }
        Answer posted = api.postJson("/api/v1/predictions/batch", Api.json(predictions));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        Answer joined = api.postJson("/api/v1/ground-truth/batch", Api.json(labels));
        assertThat(joined.status()).as(joined.body()).isIn(200, 202);
    }

    @Test
    void aDriftRuleFiresForTheDriftedSegmentAloneAndItsMessageNamesIt() {
        load();
        Answer each = api.postJson("/api/v1/models/credit-scoring/drift-runs", Api.json(Map.of(
                "from", FROM.toString(), "to", NOW.plusSeconds(1).toString(), "for_each_segment", "channel")));
        assertThat(each.status()).as(each.body()).isEqualTo(200);

        assertThat(slack.await(r -> !slackPosts("channel_drift_share").isEmpty(), Duration.ofSeconds(15))).isTrue();
        List<HttpPeer.Request> posts = slackPosts("channel_drift_share");
        assertThat(posts).hasSize(1);
        String body = JsonMapper.builder().build().readTree(posts.get(0).body()).get("attachments").get(0)
                .get("text").asString();
        assertThat(JsonMapper.builder().build().readTree(posts.get(0).body()).get("text").asString())
                .endsWith("on credit-scoring, segment channel:branch");
        assertThat(body).contains("Segment: channel = branch")
                .contains("segment=channel%3Abranch").doesNotContain("channel:web");

        JsonNode alerts = api.get("/api/v1/alerts?model=credit-scoring").json();
        List<String> segments = new ArrayList<>();
        for (JsonNode alert : alerts.has("alerts") ? alerts.get("alerts") : alerts) {
            if ("channel_drift_share".equals(alert.get("rule").asString())) {
                segments.add(alert.get("segment").asString());
                assertThat(alert.get("state").asString()).isEqualTo("firing");
            }
        }
        assertThat(segments).containsExactly("channel:branch");

        // a second run of the same windows changes nothing: the branch alert is open already
        Answer again = api.postJson("/api/v1/models/credit-scoring/drift-runs", Api.json(Map.of(
                "from", FROM.toString(), "to", NOW.plusSeconds(1).toString(), "for_each_segment", "channel")));
        assertThat(again.status()).isEqualTo(200);
        assertThat(slackPosts("channel_drift_share")).hasSize(1);
    }

    @Test
    void aMetricsRuleFiresPerSegmentAndTheSegmentGaugesEqualTheSegmentsMetrics() {
        load();
        assertThat(slack.await(r -> !slackPosts("channel_avg_probability").isEmpty(), Duration.ofSeconds(20)))
                .isTrue();
        List<HttpPeer.Request> posts = slackPosts("channel_avg_probability");
        assertThat(posts).hasSize(1);
        assertThat(JsonMapper.builder().build().readTree(posts.get(0).body()).get("text").asString())
                .endsWith("on credit-scoring, segment channel:branch");

        JsonNode branch = api.get("/api/v1/models/credit-scoring/metrics?segment="
                + URLEncoder.encode("channel:branch", StandardCharsets.UTF_8)).json();
        JsonNode web = api.get("/api/v1/models/credit-scoring/metrics?segment="
                + URLEncoder.encode("channel:web", StandardCharsets.UTF_8)).json();
        assertThat(branch.get("prediction_count").asLong()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = api.get("/actuator/prometheus").body();
            assertThat(gauge(scrape, "credit_scoring_segment_predictions", "branch")).isEqualTo(200.0);
            assertThat(gauge(scrape, "credit_scoring_segment_avg_probability", "branch"))
                    .isCloseTo(branch.get("avg_probability").asDouble(), within(1e-9));
            assertThat(gauge(scrape, "credit_scoring_segment_avg_probability", "web"))
                    .isCloseTo(web.get("avg_probability").asDouble(), within(1e-9));
            assertThat(gauge(scrape, "credit_scoring_segment_roc_auc", "branch"))
                    .isCloseTo(branch.get("performance").get("roc_auc").asDouble(), within(1e-9));
            assertThat(gauge(scrape, "credit_scoring_segment_default_rate", "web"))
                    .isCloseTo(web.get("default_rate").asDouble(), within(1e-9));
            assertThat(gauge(scrape, "credit_scoring_segment_business_cost", "branch"))
                    .isCloseTo(branch.get("business_cost").get("total_cost").asDouble(), within(1e-6));
            // the total's family holds no segment series
            assertThat(scrape).doesNotContain("credit_scoring_avg_probability{model=\"credit-scoring\",segment");
        });
    }

    private static Double gauge(String scrape, String name, String value) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("segment_key=\"channel\"") && labels.contains("segment_value=\"" + value + "\"")) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return null;
    }

    static List<HttpPeer.Request> slackPosts(String containing) {
        return slack.delivered(body -> body.contains(containing));
    }
}
