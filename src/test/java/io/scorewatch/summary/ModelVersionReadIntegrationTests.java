package io.scorewatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

import io.scorewatch.stats.RocAuc;
import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * {@code model_version} on the metrics read and on drift runs: two versions with clearly
 * different scores and features, each read on its own (exactly from raw rows for a small window,
 * from that version's summaries beyond {@code exact-max-rows}), alone and with a segment, equal
 * the figures computed on that version's rows alone; a bad or unknown version is a 400 naming
 * the parameter and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"scorewatch.schedule.rollup=-", "scorewatch.summaries.exact-max-rows=100"})
class ModelVersionReadIntegrationTests {

    @TempDir
    static Path dir;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Summaries summaries;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("models"));
        String shipped = Files.readString(Path.of("config/models/credit-scoring.yaml"));
        for (String name : List.of("credit-scoring", "versioned")) {
            Files.writeString(config.resolve("models/" + name + ".yaml"),
                    shipped.replace("name: credit-scoring", "name: " + name));
        }
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
    }

    /** One version's rows as posted. */
    private record Rows(List<Double> probability, List<Integer> label, List<String> channel, List<Instant> at) {

        Rows() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        double auc(String onlyChannel, Instant from, Instant to) {
            List<Integer> y = new ArrayList<>();
            List<Double> p = new ArrayList<>();
            for (int i = 0; i < probability.size(); i++) {
                if ((onlyChannel == null || channel.get(i).equals(onlyChannel)) && !at.get(i).isBefore(from)
                        && at.get(i).isBefore(to)) {
                    y.add(label.get(i));
                    p.add(probability.get(i));
                }
            }
            return RocAuc.of(y.stream().mapToInt(Integer::intValue).toArray(),
                    p.stream().mapToDouble(Double::doubleValue).toArray()).value();
        }

        long count(String onlyChannel, Instant from, Instant to) {
            long n = 0;
            for (int i = 0; i < probability.size(); i++) {
                if ((onlyChannel == null || channel.get(i).equals(onlyChannel)) && !at.get(i).isBefore(from)
                        && at.get(i).isBefore(to)) {
                    n++;
                }
            }
            return n;
        }

        double mean(Instant from, Instant to) {
            double sum = 0;
            long n = 0;
            for (int i = 0; i < probability.size(); i++) {
                if (!at.get(i).isBefore(from) && at.get(i).isBefore(to)) {
                    sum += probability.get(i);
                    n++;
                }
            }
            return sum / n;
        }
    }

    @Test
    void eachVersionsFiguresAreThoseOfItsOwnRowsExactOrFromItsSummaries() {
        Api api = new Api(port);
        SplittableRandom random = new SplittableRandom(31);
        StringBuilder csv = new StringBuilder("AMT,EXT,NAME_CONTRACT_TYPE,probability,target\n");
        for (int i = 0; i < 2000; i++) {
            boolean bad = random.nextDouble() < 0.1;
            csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',')
                    .append(random.nextDouble() < 0.8 ? "Cash loans" : "Revolving loans").append(',')
                    .append(1 / (1 + Math.exp(-(random.nextGaussian() + (bad ? -0.5 : -2.0))))).append(',')
                    .append(bad ? 1 : 0).append('\n');
        }
        assertThat(api.put("/api/v1/models/versioned/reference", "text/csv", csv.toString()).status())
                .isEqualTo(200);

        // v1 scores low and looks like the reference; v2 scores high, with AMT shifted by 2 sd
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        Instant end = start.plus(Duration.ofDays(1));
        Map<String, Rows> rows = Map.of("v1", new Rows(), "v2", new Rows());
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Map<String, Object>> truths = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String version = i % 2 == 0 ? "v1" : "v2";
            boolean high = version.equals("v2");
            boolean bad = random.nextDouble() < (high ? 0.4 : 0.1);
            double p = 1 / (1 + Math.exp(-(random.nextGaussian() * (high ? 0.6 : 1.5) + (bad ? 0.0 : -1.0)
                    + (high ? 1.0 : -1.5))));
            String channel = i % 3 == 0 ? "web" : "branch";
            Instant at = start.plusSeconds(i * 216L);
            Map<String, Object> item = new HashMap<>();
            item.put("model", "versioned");
            item.put("prediction_id", "mv-" + i);
            item.put("probability", p);
            item.put("timestamp", at.toString());
            item.put("model_version", version);
            item.put("features", Map.of("AMT", random.nextGaussian() + (high ? 2 : 0), "EXT", random.nextGaussian(),
                    "NAME_CONTRACT_TYPE", "Cash loans"));
            item.put("tags", Map.of("channel", channel));
            batch.add(item);
            truths.add(Map.of("prediction_id", "mv-" + i, "actual_default", bad ? 1 : 0));
            Rows of = rows.get(version);
            of.probability().add(p);
            of.label().add(bad ? 1 : 0);
            of.channel().add(channel);
            of.at().add(at);
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(truths)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM prediction"
                + " WHERE model = 'versioned' AND actual_default IS NOT NULL", Long.class) == 400);
        summaries.rollup("versioned", null, null);

        String window = "from=" + start + "&to=" + end;
        JsonNode all = api.get("/api/v1/models/versioned/metrics?" + window).json();
        assertThat(all.get("prediction_count").asLong()).isEqualTo(400);
        assertThat(all.path("model_version").isMissingNode() || all.get("model_version").isNull()).isTrue();
        for (String version : List.of("v1", "v2")) {
            Rows own = rows.get(version);
            // 200 rows: beyond exact-max-rows, from the version's own summaries
            Api.Answer answer = api.get("/api/v1/models/versioned/metrics?model_version=" + version + "&" + window);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode metrics = answer.json();
            assertThat(metrics.get("model_version").asString()).isEqualTo(version);
            assertThat(metrics.get("method").asString()).isEqualTo("summary");
            assertThat(metrics.get("prediction_count").asLong()).isEqualTo(200);
            assertThat(metrics.get("avg_probability").asDouble()).isCloseTo(own.mean(start, end), within(1e-12));
            assertThat(metrics.get("performance").get("labeled_count").asLong()).isEqualTo(200);
            assertThat(metrics.get("performance").get("roc_auc").asDouble())
                    .isCloseTo(own.auc(null, start, end), within(1e-4));

            // a six-hour window: 50 rows of the version, exact from its raw rows
            Instant to = start.plus(Duration.ofHours(6));
            JsonNode exact = api.get("/api/v1/models/versioned/metrics?model_version=" + version + "&from=" + start
                    + "&to=" + to).json();
            assertThat(exact.get("method").asString()).isEqualTo("exact");
            assertThat(exact.get("prediction_count").asLong()).isEqualTo(own.count(null, start, to));
            assertThat(exact.get("avg_probability").asDouble()).isCloseTo(own.mean(start, to), within(1e-12));

            // with a segment: that version's rows of that segment value
            JsonNode web = api.get("/api/v1/models/versioned/metrics?model_version=" + version
                    + "&segment=channel:web&" + window).json();
            assertThat(web.get("model_version").asString()).isEqualTo(version);
            assertThat(web.get("segment").asString()).isEqualTo("channel:web");
            assertThat(web.get("prediction_count").asLong()).isEqualTo(own.count("web", start, end));
            assertThat(web.get("performance").get("labeled_count").asLong()).isEqualTo(own.count("web", start, end));
        }
        double v1Mean = rows.get("v1").mean(start, end);
        double v2Mean = rows.get("v2").mean(start, end);
        assertThat(v2Mean - v1Mean).isGreaterThan(0.3);

        // a known version without rows in the window: empty figures, not an error
        JsonNode before = api.get("/api/v1/models/versioned/metrics?model_version=v1&from="
                + start.minus(Duration.ofDays(2)) + "&to=" + start.minus(Duration.ofDays(1))).json();
        assertThat(before.get("prediction_count").asLong()).isZero();
        assertThat(before.get("model_version").asString()).isEqualTo("v1");

        // drift runs: v2's AMT has drifted, v1's has not; the query parameter or the body field
        String body = Api.json(Map.of("from", start.toString(), "to", end.toString()));
        Api.Answer v2Run = api.postJson("/api/v1/models/versioned/drift-runs?model_version=v2", body);
        assertThat(v2Run.status()).as(v2Run.body()).isEqualTo(201);
        assertThat(v2Run.json().get("model_version").asString()).isEqualTo("v2");
        assertThat(v2Run.json().get("method").asString()).isEqualTo("summary");
        assertThat(v2Run.json().get("prediction_count").asLong()).isEqualTo(200);
        assertThat(v2Run.json().get("prediction_drift").get("prod_mean").asDouble()).isCloseTo(v2Mean, within(1e-12));
        assertThat(strings(v2Run.json().get("drifted_features"))).contains("AMT");
        Api.Answer v1Run = api.postJson("/api/v1/models/versioned/drift-runs", Api.json(Map.of("from",
                start.toString(), "to", end.toString(), "model_version", "v1")));
        assertThat(v1Run.status()).as(v1Run.body()).isEqualTo(201);
        assertThat(v1Run.json().get("model_version").asString()).isEqualTo("v1");
        assertThat(v1Run.json().get("prediction_count").asLong()).isEqualTo(200);
        assertThat(v1Run.json().get("prediction_drift").get("prod_mean").asDouble()).isCloseTo(v1Mean, within(1e-12));
        assertThat(strings(v1Run.json().get("drifted_features"))).doesNotContain("AMT");
        // with a segment; and the stored run answers as it was given
        Api.Answer webRun = api.postJson("/api/v1/models/versioned/drift-runs?model_version=v2", Api.json(Map.of(
                "from", start.toString(), "to", end.toString(), "segment", "channel:web")));
        assertThat(webRun.status()).as(webRun.body()).isEqualTo(201);
        assertThat(webRun.json().get("segment").asString()).isEqualTo("channel:web");
        assertThat(webRun.json().get("prediction_count").asLong()).isEqualTo(rows.get("v2").count("web", start, end));
        long id = webRun.json().get("id").asLong();
        assertThat(api.get("/api/v1/models/versioned/drift-runs/" + id).json().get("model_version").asString())
                .isEqualTo("v2");
        // a version's runs are not the total's: the total's history holds none of them
        assertThat(api.get("/api/v1/models/versioned/drift-runs").json().size()).isZero();
        // a known version with no prediction in the window: the empty window's 422
        Api.Answer emptyRun = api.postJson("/api/v1/models/versioned/drift-runs?model_version=v1", Api.json(Map.of(
                "from", start.minus(Duration.ofDays(2)).toString(), "to", start.minus(Duration.ofDays(1)).toString())));
        assertThat(emptyRun.status()).isEqualTo(422);
        assertThat(emptyRun.json().get("model_version").asString()).isEqualTo("v1");
    }

    @Test
    void aBlankTooLongOrUnknownVersionIsA400NamingTheParameterAndStoresNothing() {
        Api api = new Api(port);
        long runs = jdbc.queryForObject("SELECT COUNT(*) FROM drift_run", Long.class);
        for (String bad : List.of("", " ", "x".repeat(101), "9.9.9")) {
            String query = "model_version=" + URLEncoder.encode(bad, StandardCharsets.UTF_8);
            Api.Answer metrics = api.get("/api/v1/models/credit-scoring/metrics?" + query);
            assertThat(metrics.status()).as(bad).isEqualTo(400);
            assertThat(metrics.contentType()).startsWith("application/problem+json");
            assertThat(metrics.json().get("errors").get(0).get("field").asString()).isEqualTo("model_version");
            Api.Answer drift = api.postJson("/api/v1/models/credit-scoring/drift-runs?" + query, "");
            assertThat(drift.status()).as(bad).isEqualTo(400);
            assertThat(drift.contentType()).startsWith("application/problem+json");
            assertThat(drift.json().get("errors").get(0).get("field").asString()).isEqualTo("model_version");
        }
        Api.Answer both = api.postJson("/api/v1/models/credit-scoring/drift-runs?model_version=a",
                Api.json(Map.of("model_version", "b")));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("model_version");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM drift_run", Long.class)).isEqualTo(runs);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
