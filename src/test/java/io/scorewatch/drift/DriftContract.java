package io.scorewatch.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reference upload and drift runs over HTTP, against values computed by scipy and pandas as
 * the monitoring guide computes them ({@code src/test/python/generate_drift_golden.py}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class DriftContract {

    static final Path GOLDEN = Path.of("src/test/resources/golden/drift");
    static final JsonNode EXPECTED = JsonMapper.builder().build().readTree(GOLDEN.resolve("expected.json").toFile());

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** Two models: credit-scoring (the golden data) and one that never gets a reference. */
    static Path configDir(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.copy(Path.of("config/models/credit-scoring.yaml"), dir.resolve("models/credit-scoring.yaml"));
        Files.writeString(dir.resolve("models/challenger.yaml"), Files.readString(
                Path.of("config/models/credit-scoring.yaml")).replace("name: credit-scoring", "name: challenger"));
        return dir;
    }

    private synchronized void loadGoldenData() throws IOException {
        if (api.get("/api/v1/predictions/golden-drift-0").status() == 200) {
            return;
        }
        Answer reference = api.put("/api/v1/models/credit-scoring/reference", "text/csv",
                Files.readString(GOLDEN.resolve("reference.csv")));
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);
        Answer predictions = api.post("/api/v1/predictions/batch", "application/x-ndjson",
                Files.readString(GOLDEN.resolve("production.ndjson")));
        assertThat(predictions.status()).as(predictions.body()).isEqualTo(202);
        Answer labels = api.postJson("/api/v1/ground-truth/batch", Files.readString(GOLDEN.resolve("labels.json")));
        assertThat(labels.json().get("joined").asInt()).isEqualTo(500);
    }

    @Test
    void theReferenceSummaryMatchesPandas() throws IOException {
        loadGoldenData();
        JsonNode summary = api.get("/api/v1/models/credit-scoring/reference").json();

        assertThat(summary.get("rows").asLong()).isEqualTo(EXPECTED.get("reference_rows").asLong());
        assertThat(summary.get("target_rate").asDouble()).isCloseTo(EXPECTED.get("target_rate").asDouble(),
                within(1e-15));
        assertThat(summary.get("probability_mean").asDouble()).isCloseTo(
                EXPECTED.get("probability_mean").asDouble(), within(1e-12));
        JsonNode model = api.get("/api/v1/models/credit-scoring").json();
        assertThat(model.get("reference").get("id").asLong()).isEqualTo(summary.get("id").asLong());
        assertThat(model.get("reference").get("rows").asLong()).isEqualTo(summary.get("rows").asLong());
        assertThat(model.get("reference").get("features").asInt()).isEqualTo(6);
        for (JsonNode feature : summary.get("features")) {
            JsonNode expected = EXPECTED.get("features").get(feature.get("name").asString());
            assertThat(feature.get("type").asString()).isEqualTo(expected.get("type").asString());
            assertThat(feature.get("missing_share").asDouble()).isCloseTo(
                    expected.get("reference_missing_share").asDouble(), within(1e-15));
        }
    }

    @Test
    void aDriftRunAgreesWithScipy() throws IOException {
        loadGoldenData();
        Answer answer = api.postJson("/api/v1/models/credit-scoring/drift-runs", Api.json(Map.of(
                "from", EXPECTED.get("from").asString(), "to", EXPECTED.get("to").asString())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode run = answer.json();

        assertThat(run.get("prediction_count").asLong()).isEqualTo(EXPECTED.get("prediction_count").asLong());
        assertThat(run.get("features")).hasSize(6);
        for (JsonNode feature : run.get("features")) {
            String name = feature.get("name").asString();
            JsonNode expected = EXPECTED.get("features").get(name);
            assertThat(feature.get("test").asString()).as(name).isEqualTo(expected.get("test").asString());
            assertThat(feature.get("statistic").asDouble()).as(name + " statistic")
                    .isCloseTo(expected.get("statistic").asDouble(), within(1e-12 * Math.max(1,
                            expected.get("statistic").asDouble())));
            assertRelative(name + " p-value", feature.get("p_value").asDouble(), expected.get("p_value").asDouble(),
                    1e-9);
            assertRelative(name + " psi", feature.get("psi").asDouble(), expected.get("psi").asDouble(), 1e-12);
            assertRelative(name + " distance", feature.get("distance").asDouble(),
                    expected.get("distance").asDouble(), 1e-10);
            assertThat(feature.get("missing").get("production_share").asDouble()).as(name)
                    .isCloseTo(expected.get("production_missing_share").asDouble(), within(1e-15));
            if (expected.has("unseen_categories")) {
                assertThat(feature.get("unseen_categories").asInt()).isEqualTo(
                        expected.get("unseen_categories").asInt());
            }
        }
        assertThat(strings(run.get("drifted_features"))).containsExactlyInAnyOrderElementsOf(
                strings(EXPECTED.get("drifted_features")));
        assertThat(run.get("drift_share").asDouble()).isCloseTo(EXPECTED.get("drift_share").asDouble(),
                within(1e-15));

        JsonNode prediction = run.get("prediction_drift");
        JsonNode expectedPrediction = EXPECTED.get("prediction_drift");
        assertThat(prediction.get("statistic").asDouble()).isCloseTo(
                expectedPrediction.get("statistic").asDouble(), within(1e-12));
        assertRelative("prediction p-value", prediction.get("p_value").asDouble(),
                expectedPrediction.get("p_value").asDouble(), 1e-9);
        assertThat(prediction.get("drifted").asBoolean()).isEqualTo(expectedPrediction.get("drifted").asBoolean());
        for (String field : List.of("train_mean", "prod_mean", "mean_shift", "pct_shift")) {
            assertRelative(field, prediction.get(field).asDouble(), expectedPrediction.get(field).asDouble(), 1e-10);
        }

        JsonNode target = run.get("target_drift");
        JsonNode expectedTarget = EXPECTED.get("target_drift");
        assertRelative("chi2", target.get("chi2").asDouble(), expectedTarget.get("chi2").asDouble(), 1e-10);
        assertRelative("target p-value", target.get("p_value").asDouble(), expectedTarget.get("p_value").asDouble(),
                1e-9);
        assertThat(target.get("drifted").asBoolean()).isEqualTo(expectedTarget.get("drifted").asBoolean());
        assertThat(target.get("labeled_count").asInt()).isEqualTo(500);
        assertThat(target.get("prod_positive_rate").asDouble()).isCloseTo(
                expectedTarget.get("prod_positive_rate").asDouble(), within(1e-15));
        assertThat(target.get("train_positive_rate").asDouble()).isCloseTo(
                expectedTarget.get("train_positive_rate").asDouble(), within(1e-15));

        long id = run.get("id").asLong();
        JsonNode stored = api.get("/api/v1/models/credit-scoring/drift-runs/" + id).json();
        assertThat(stored.get("features")).isEqualTo(run.get("features"));
        assertThat(api.get("/api/v1/models/credit-scoring/drift-runs").json().findValues("id").stream()
                .map(JsonNode::asLong)).contains(id);
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("credit_scoring_drifted_features\\{[^}]*model=\"credit-scoring\"[^}]*\\} "
                + EXPECTED.get("drifted_features").size());
        assertThat(metrics).contains("credit_scoring_feature_psi{");
    }

    @Test
    void aMalformedCsvIsRejectedNamingTheLineAndThePreviousReferenceStays() throws IOException {
        loadGoldenData();
        long before = api.get("/api/v1/models/credit-scoring/reference").json().get("id").asLong();
        Map<String, String> malformed = Map.of(
                "", "empty",
                "a,b,target,probability\n", "no rows",
                "a,b,target,probability\n1,2,0,0.1\n3,4,1\n", "Line 3",
                "a,b,target,probability\n1,2,0,0.1\n1,2,yes,0.1\n", "Line 3",
                "a,b,target,probability\n1,2,0,1.5\n", "Line 2",
                "a,b,probability\n1,2,0.1\n", "target",
                "a,a,target,probability\n1,2,0,0.1\n", "twice",
                "a,target,probability\n\"open,0,0.1\n", "Line 2",
                "a".repeat(201) + ",target,probability\n1,0,0.1\n", "longer than 200");
        for (Map.Entry<String, String> csv : malformed.entrySet()) {
            Answer answer = api.put("/api/v1/models/credit-scoring/reference", "text/csv", csv.getKey());
            assertThat(answer.status()).as(csv.getKey()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("detail").asString()).as(csv.getKey()).contains(csv.getValue());
        }
        assertThat(api.get("/api/v1/models/credit-scoring/reference").json().get("id").asLong()).isEqualTo(before);
    }

    @Test
    void withoutAReferenceOrWithAnEmptyWindowThereIsAClearProblem() throws IOException {
        loadGoldenData();
        Answer noReference = api.postJson("/api/v1/models/challenger/drift-runs", "{}");
        assertThat(noReference.status()).isEqualTo(409);
        assertThat(noReference.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/models/challenger/reference").status()).isEqualTo(409);

        Answer empty = api.postJson("/api/v1/models/credit-scoring/drift-runs",
                "{\"from\": \"2001-01-01T00:00:00Z\", \"to\": \"2001-01-08T00:00:00Z\"}");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.contentType()).startsWith("application/problem+json");

        Answer inverted = api.postJson("/api/v1/models/credit-scoring/drift-runs",
                "{\"from\": \"2001-01-08T00:00:00Z\", \"to\": \"2001-01-01T00:00:00Z\"}");
        assertThat(inverted.status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/models/credit-scoring/drift-runs",
                "{\"from\": \"2001-01-01T00:00:00Z\", \"to\": \"+999999999-12-31T23:59:59Z\"}").status())
                .isEqualTo(400);
        assertThat(api.postJson("/api/v1/models/nope/drift-runs", "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/models/credit-scoring/drift-runs/999999").status()).isEqualTo(404);
    }

    @Test
    void aMonitoringRunRunsTheSeedsPipelineAndKeepsItsReport() throws IOException {
        loadGoldenData();
        String now = java.time.Instant.now().minusSeconds(60).toString();
        StringBuilder recent = new StringBuilder();
        List<String> lines = Files.readAllLines(GOLDEN.resolve("production.ndjson")).subList(0, 50);
        for (int i = 0; i < lines.size(); i++) {
            recent.append(lines.get(i).replaceFirst("\"timestamp\": \"[^\"]+\"", "\"timestamp\": \"" + now + "\"")
                    .replaceFirst("golden-drift-", "recent-" + System.nanoTime() + "-")).append('\n');
        }
        assertThat(api.post("/api/v1/predictions/batch", "application/x-ndjson", recent.toString()).status())
                .isEqualTo(202);

        Answer answer = api.postJson("/api/v1/models/credit-scoring/monitoring-runs", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode report = answer.json();
        assertThat(report.get("drift").get("run_id").isNull()).isFalse();
        assertThat(report.get("performance").get("prediction_count").asLong()).isGreaterThanOrEqualTo(50);
        assertThat(report.get("retraining").get("performance_threshold").asDouble()).isEqualTo(0.70);
        assertThat(report.get("retraining").get("drift_threshold").asDouble()).isEqualTo(0.10);
        boolean drifting = report.get("drift").get("drift_share").asDouble() > 0.10;
        assertThat(report.get("retraining").get("should_retrain").asBoolean()).isEqualTo(drifting);
        long id = report.get("id").asLong();
        assertThat(api.get("/api/v1/models/credit-scoring/monitoring-runs/" + id).json()).isEqualTo(report);
        assertThat(api.get("/api/v1/models/credit-scoring/monitoring-runs").json().findValues("id").stream()
                .map(JsonNode::asLong)).contains(id);

        JsonNode withoutReference = api.postJson("/api/v1/models/challenger/monitoring-runs", "").json();
        assertThat(withoutReference.get("drift").get("skipped").asString()).contains("no reference dataset");
        assertThat(withoutReference.get("retraining").get("should_retrain").asBoolean()).isFalse();
    }

    private static void assertRelative(String what, double actual, double expected, double tolerance) {
        assertThat(actual).as(what).isCloseTo(expected, within(tolerance * Math.max(Math.abs(expected), 1e-300)));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (Iterator<JsonNode> it = array.iterator(); it.hasNext();) {
            values.add(it.next().asString());
        }
        return values;
    }
}
