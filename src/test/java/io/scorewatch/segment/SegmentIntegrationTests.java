package io.scorewatch.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.performance.MetricsService;
import io.scorewatch.performance.MetricsWindow;
import io.scorewatch.performance.ModelMetrics;
import io.scorewatch.stats.RocAuc;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * Two channels of one model over HTTP: "web" predictions are rows of the reference itself,
 * "branch" predictions have their income tripled and their probability raised, so only the
 * branch segment drifts. A segment's metrics equal those computed from its own rows alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SegmentIntegrationTests {

    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-06T00:00:00Z");
    private static final int REFERENCE_ROWS = 2_000;

    @TempDir
    static Path dir;

    @LocalServerPort
    int port;

    Api api;

    @Autowired
    MetricsService metrics;

    @Autowired
    ModelRegistry models;

    @Autowired
    SegmentDictionary dictionary;

    /** The reference rows: income, age, contract type, probability, target. */
    private static final List<Object[]> REFERENCE = new ArrayList<>();
    /** The posted predictions of each channel: probability and label. */
    private static final Map<String, List<double[]>> POSTED = new LinkedHashMap<>();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("models"));
        Files.copy(Path.of("config/models/credit-scoring.yaml"), config.resolve("models/credit-scoring.yaml"));
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
        registry.add("scorewatch.metrics.min-labels", () -> "50");
    }

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    private synchronized void load() {
        if (!REFERENCE.isEmpty()) {
            return;
        }
        Random random = new Random(26);
        StringBuilder csv = new StringBuilder("AMT_INCOME_TOTAL,AGE_YEARS,NAME_CONTRACT_TYPE,probability,target\n");
        for (int i = 0; i < REFERENCE_ROWS; i++) {
            double income = Math.round((100_000 + 20_000 * random.nextGaussian()) * 100) / 100.0;
            double age = 20 + random.nextInt(50);
            String contract = random.nextDouble() < 0.8 ? "Cash loans" : "Revolving loans";
            double probability = Math.round(random.nextDouble() * 0.5 * 1e6) / 1e6;
            int target = random.nextDouble() < probability ? 1 : 0;
            REFERENCE.add(new Object[] {income, age, contract, probability, target});
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d%n", income, age, contract, probability, target));
        }
        Answer reference = api.put("/api/v1/models/credit-scoring/reference", "text/csv", csv.toString());
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);

        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean branch = i % 2 == 1;
            Object[] row = REFERENCE.get(i * 5);
            double income = (double) row[0] * (branch ? 3 : 1);
            double probability = branch ? Math.min(1, (double) row[3] + 0.3) : (double) row[3];
            int label = (int) row[4];
            String channel = branch ? "branch" : "web";
            String id = "segment-" + i;
            predictions.add(Map.of("prediction_id", id, "probability", probability,
                    "timestamp", FROM.plusSeconds(60L * i).toString(),
                    "features", Map.of("AMT_INCOME_TOTAL", income, "AGE_YEARS", row[1], "NAME_CONTRACT_TYPE", row[2]),
                    "tags", Map.of("channel", channel, "campaign", "spring")));
            labels.add(Map.of("prediction_id", id, "actual_default", label));
            POSTED.computeIfAbsent(channel, c -> new ArrayList<>()).add(new double[] {probability, label});
        }
        Answer posted = api.postJson("/api/v1/predictions/batch", Api.json(predictions));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        Answer joined = api.postJson("/api/v1/ground-truth/batch", Api.json(labels));
        assertThat(joined.status()).as(joined.body()).isIn(200, 202);
    }

    private Answer drift(Map<String, Object> body) {
        Map<String, Object> request = new LinkedHashMap<>(body);
        request.put("from", FROM.toString());
        request.put("to", TO.toString());
        return api.postJson("/api/v1/models/credit-scoring/drift-runs", Api.json(request));
    }

    @Test
    void onlyTheDriftedSegmentDrifts() {
        load();
        JsonNode branch = drift(Map.of("segment", "channel:branch")).json();
        assertThat(branch.get("segment").asString()).isEqualTo("channel:branch");
        assertThat(branch.get("prediction_count").asLong()).isEqualTo(200);
        assertThat(strings(branch.get("drifted_features"))).contains("AMT_INCOME_TOTAL");
        assertThat(branch.get("prediction_drift").get("drifted").asBoolean()).isTrue();

        Answer webAnswer = drift(Map.of("segment", "channel:web"));
        assertThat(webAnswer.status()).as(webAnswer.body()).isEqualTo(201);
        JsonNode web = webAnswer.json();
        assertThat(web.get("segment").asString()).isEqualTo("channel:web");
        assertThat(web.get("prediction_count").asLong()).isEqualTo(200);
        assertThat(strings(web.get("drifted_features"))).isEmpty();
        assertThat(web.get("prediction_drift").get("drifted").asBoolean()).isFalse();

        Answer each = drift(Map.of("for_each_segment", "channel"));
        assertThat(each.status()).as(each.body()).isEqualTo(200);
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        each.json().get("runs").forEach(run -> runs.put(run.get("segment").asString(), run));
        assertThat(runs).containsOnlyKeys("channel:branch", "channel:web");
        assertThat(strings(runs.get("channel:branch").get("drifted_features"))).contains("AMT_INCOME_TOTAL");
        assertThat(strings(runs.get("channel:web").get("drifted_features"))).isEmpty();
        assertThat(strings(each.json().get("empty_values"))).contains("other", "missing");

        // the total's latest run is not a segment's
        JsonNode total = drift(Map.of()).json();
        assertThat(total.get("segment").isNull()).isTrue();
        assertThat(total.get("prediction_count").asLong()).isEqualTo(400);
        JsonNode listed = api.get("/api/v1/models/credit-scoring/drift-runs?limit=1").json();
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(total.get("id").asLong());

        String prometheus = api.get("/actuator/prometheus").body();
        assertThat(prometheus).containsPattern("credit_scoring_segment_drifted_features\\{[^}]*model=\"credit-scoring\""
                + "[^}]*segment_key=\"channel\",segment_value=\"branch\"[^}]*} [1-9]");
        assertThat(prometheus).containsPattern("credit_scoring_segment_drifted_features\\{[^}]*"
                + "segment_key=\"channel\",segment_value=\"web\"[^}]*} 0.0");
    }

    @Test
    void aSegmentsMetricsAreThoseOfItsRowsAlone() {
        load();
        for (String channel : List.of("web", "branch")) {
            JsonNode metrics = api.get("/api/v1/models/credit-scoring/metrics?from=" + FROM + "&to=" + TO
                    + "&segment=" + URLEncoder.encode("channel:" + channel, StandardCharsets.UTF_8)).json();
            List<double[]> rows = POSTED.get(channel);
            double[] probability = rows.stream().mapToDouble(r -> r[0]).toArray();
            int[] label = rows.stream().mapToInt(r -> (int) r[1]).toArray();
            assertThat(metrics.get("segment").asString()).isEqualTo("channel:" + channel);
            assertThat(metrics.get("prediction_count").asLong()).isEqualTo(rows.size());
            double mean = java.util.Arrays.stream(probability).sum() / probability.length;
            assertThat(metrics.get("avg_probability").asDouble()).isCloseTo(mean, within(1e-12));
            assertThat(metrics.get("performance").get("roc_auc").asDouble()).as(channel)
                    .isCloseTo(RocAuc.of(label, probability).value(), within(1e-12));
        }
        JsonNode total = api.get("/api/v1/models/credit-scoring/metrics?from=" + FROM + "&to=" + TO).json();
        assertThat(total.get("segment").isNull()).isTrue();
        assertThat(total.get("prediction_count").asLong()).isEqualTo(400);

        JsonNode product = api.get("/api/v1/models/credit-scoring/metrics?from=" + FROM + "&to=" + TO
                + "&segment=" + URLEncoder.encode("product:Cash loans", StandardCharsets.UTF_8)).json();
        long cash = java.util.stream.IntStream.range(0, 400).filter(i -> "Cash loans".equals(REFERENCE.get(i * 5)[2]))
                .count();
        assertThat(product.get("prediction_count").asLong()).isEqualTo(cash);
    }

    @Test
    void everyValueOfAKeyFromOneReadEqualsThatValueReadAlone() {
        load();
        ModelDefinition model = models.get("credit-scoring");
        MetricsWindow window = new MetricsWindow(FROM, TO);
        for (String key : List.of("channel", "product")) {
            List<String> values = dictionary.readableValues("credit-scoring", key);
            Map<Segment, ModelMetrics> together = metrics.computeValues(model, window, key, values);
            assertThat(together.keySet()).extracting(Segment::value).containsExactlyElementsOf(values);
            long counted = 0;
            for (String value : values) {
                Segment segment = new Segment(key, value);
                ModelMetrics alone = metrics.compute(model, window, segment);
                ModelMetrics one = together.get(segment);
                assertThat(one.predictionCount()).as(segment.toString()).isEqualTo(alone.predictionCount());
                assertThat(one.avgProbability()).as(segment.toString()).isEqualTo(alone.avgProbability());
                assertThat(one.performance()).as(segment.toString()).usingRecursiveComparison().isEqualTo(alone.performance());
                assertThat(one.businessCost()).as(segment.toString()).usingRecursiveComparison()
                        .isEqualTo(alone.businessCost());
                counted += one.predictionCount();
            }
            // every prediction has one value of each key
            assertThat(counted).as(key).isEqualTo(400);
        }
    }

    @Test
    void theTotalAndEveryValueOfEveryKeyFromOneReadEqualThemComputedAlone() {
        load();
        ModelDefinition model = models.get("credit-scoring");
        MetricsWindow window = new MetricsWindow(FROM, TO);
        Map<String, List<String>> valuesByKey = new LinkedHashMap<>();
        for (String key : List.of("channel", "product")) {
            valuesByKey.put(key, dictionary.readableValues("credit-scoring", key));
        }

        MetricsService.WithSegments together = metrics.computeWithValues(model, window, valuesByKey);

        ModelMetrics total = metrics.compute(model, window, null);
        assertThat(together.total().predictionCount()).isEqualTo(total.predictionCount()).isEqualTo(400);
        assertThat(together.total().avgProbability()).isEqualTo(total.avgProbability());
        assertThat(together.total().performance()).usingRecursiveComparison().isEqualTo(total.performance());
        assertThat(together.total().businessCost()).usingRecursiveComparison().isEqualTo(total.businessCost());
        int values = 0;
        for (Map.Entry<String, List<String>> key : valuesByKey.entrySet()) {
            for (String value : key.getValue()) {
                Segment segment = new Segment(key.getKey(), value);
                ModelMetrics alone = metrics.compute(model, window, segment);
                ModelMetrics one = together.segments().get(segment);
                assertThat(one.predictionCount()).as(segment.toString()).isEqualTo(alone.predictionCount());
                assertThat(one.avgProbability()).as(segment.toString()).isEqualTo(alone.avgProbability());
                assertThat(one.performance()).as(segment.toString()).usingRecursiveComparison()
                        .isEqualTo(alone.performance());
                assertThat(one.businessCost()).as(segment.toString()).usingRecursiveComparison()
                        .isEqualTo(alone.businessCost());
                values++;
            }
        }
        assertThat(together.segments()).hasSize(values);
    }

    @Test
    void anUndeclaredOrMalformedSegmentIsA400NamingIt() {
        load();
        for (String segment : List.of("region:north", "channel", "channel:phone", ":web")) {
            Answer answer = api.get("/api/v1/models/credit-scoring/metrics?segment="
                    + URLEncoder.encode(segment, StandardCharsets.UTF_8));
            assertThat(answer.status()).as(segment).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("segment");
        }
        Answer dashboard = api.get("/api/v1/models/credit-scoring/dashboard?segment=channel%3Aweb");
        assertThat(dashboard.status()).as(dashboard.body()).isEqualTo(200);
        assertThat(dashboard.json().get("segment").asString()).isEqualTo("channel:web");
        assertThat(api.get("/api/v1/models/credit-scoring/dashboard").json().get("segment").isNull()).isTrue();
        assertThat(api.get("/api/v1/models/credit-scoring/dashboard?segment=region%3Anorth").status()).isEqualTo(400);
        Answer drift = drift(Map.of("for_each_segment", "region"));
        assertThat(drift.status()).isEqualTo(400);
        assertThat(drift.json().get("errors").get(0).get("field").asString()).isEqualTo("for_each_segment");
        Answer tooLong = api.postJson("/api/v1/predictions", Api.json(Map.of("probability", 0.1,
                "tags", Map.of("channel", "x".repeat(101)))));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("tags.channel");
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("credit_scoring_unknown_tags_total\\{[^}]*model=\"credit-scoring\"[^}]*} 400.0");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
