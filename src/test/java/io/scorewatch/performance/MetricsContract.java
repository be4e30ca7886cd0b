package io.scorewatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics endpoint and gauges, against the running service over HTTP on each store (H2 file
 * and PostgreSQL). The golden dataset of {@code src/test/python/generate_metrics_golden.py} is
 * posted as the model API would post it, and every figure must match numpy / pandas / sklearn.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class MetricsContract {

    private static final String METRICS = "/api/v1/models/credit-scoring/metrics";
    private static final double RELATIVE = 1e-12;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MetricsGauges gauges;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
        if (jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE prediction_id LIKE 'golden-%'",
                Long.class) == 0) {
            loadGoldenDataset();
        }
    }

    /** Posts the golden dataset: predictions as one batch, labels by prediction id, then the request errors. */
    private void loadGoldenDataset() {
        JsonNode data = golden("metrics_data.json");
        Answer predictions = api.postJson("/api/v1/predictions/batch", data.get("predictions").toString());
        assertThat(predictions.status()).as(predictions.body()).isEqualTo(202);
        assertThat(predictions.json().get("accepted").asInt()).isEqualTo(data.get("predictions").size());
        Answer labels = api.postJson("/api/v1/ground-truth/batch", data.get("ground_truth").toString());
        assertThat(labels.status()).as(labels.body()).isEqualTo(202);
        assertThat(labels.json().get("joined").asInt()).isEqualTo(data.get("ground_truth").size());
        for (JsonNode error : data.get("request_errors")) {
            Answer answer = api.postJson("/api/v1/request-errors", error.toString());
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }
    }

    static Stream<Named<JsonNode>> goldenWindows() {
        return golden("metrics_expected.json").get("windows").valueStream()
                .map(w -> Named.of(w.get("name").asString(), w));
    }

    @ParameterizedTest(name = "{0} window")
    @MethodSource("goldenWindows")
    void everyFigureMatchesNumpyPandasAndSklearn(JsonNode window) {
        JsonNode model = golden("metrics_expected.json").get("model");
        JsonNode configured = api.get("/api/v1/models/credit-scoring").json();
        assertThat(configured.get("decision_threshold").asDouble())
                .isEqualTo(model.get("decision_threshold").asDouble());
        assertThat(configured.get("high_risk_probability").asDouble())
                .isEqualTo(model.get("high_risk_probability").asDouble());

        Answer answer = metrics("from=" + encode(window.get("from").asString()) + "&to="
                + encode(window.get("to").asString()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode actual = answer.json();
        for (String bound : List.of("from", "to")) {
            assertThat(Instant.parse(actual.get(bound).asString())).as(bound)
                    .isEqualTo(Instant.parse(window.get(bound).asString()));
        }
        assertMatches(actual, window.get("expected"), "$",
                Set.of("from", "to", "segment", "method", "error_bound", "model_version"));
        assertThat(actual.get("performance").get("note").isNull()).isTrue();
        // the total, computed from the raw rows
        assertThat(actual.get("segment").isNull()).isTrue();
        assertThat(actual.get("method").asString()).isEqualTo("exact");
        assertThat(actual.get("error_bound").isNull()).isTrue();
    }

    @Test
    void anEmptyWindowAnswersCountsOfZeroAndNullFigures() {
        JsonNode metrics = metrics("from=1990-01-01T00:00:00Z&to=1990-01-08T00:00:00Z").json();

        assertThat(metrics.get("prediction_count").asLong()).isZero();
        for (String field : List.of("default_rate", "avg_probability", "high_risk_share")) {
            assertThat(metrics.get(field).isNull()).as(field).isTrue();
        }
        JsonNode cost = metrics.get("business_cost");
        assertThat(cost.get("labeled_count").asLong()).isZero();
        assertThat(cost.get("total_cost").isNull()).isTrue();
        assertThat(cost.get("avg_cost").isNull()).isTrue();
        assertThat(cost.get("week_over_week_change").isNull()).isTrue();
        JsonNode performance = metrics.get("performance");
        assertThat(performance.get("labeled_count").asLong()).isZero();
        assertThat(performance.get("roc_auc").isNull()).isTrue();
        assertThat(performance.get("note").asString()).isEqualTo("0 labelled predictions, 100 needed");
        JsonNode system = metrics.get("system");
        assertThat(system.get("request_count").asLong()).isZero();
        assertThat(system.get("error_count").asLong()).isZero();
        for (String field : List.of("request_volume_change", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
                "error_rate")) {
            assertThat(system.get(field).isNull()).as(field).isTrue();
        }
    }

    @Test
    void belowTheMinimumOfLabelsPerformanceIsLeftOutWithANote() {
        List<String> ids = post("2001-06-01T", 60, i -> i % 5 / 5.0);
        label(ids.subList(0, 42), i -> i % 3 == 0 ? 1 : 0);

        JsonNode metrics = metrics("from=2001-06-01T00:00:00Z&to=2001-06-02T00:00:00Z").json();

        assertThat(metrics.get("prediction_count").asLong()).isEqualTo(60);
        JsonNode performance = metrics.get("performance");
        assertThat(performance.get("labeled_count").asLong()).isEqualTo(42);
        assertThat(performance.get("min_labels").asInt()).isEqualTo(100);
        assertThat(performance.get("note").asString()).isEqualTo("42 labelled predictions, 100 needed");
        for (String field : List.of("roc_auc", "precision", "recall", "f1", "confusion_matrix",
                "classification_report", "gini", "ks_separation", "brier_score")) {
            assertThat(performance.get(field) == null || performance.get(field).isNull()).as(field).isTrue();
        }
        // the business cost needs no minimum
        assertThat(metrics.get("business_cost").get("labeled_count").asLong()).isEqualTo(42);
        assertThat(metrics.get("business_cost").get("total_cost").isNumber()).isTrue();
    }

    @Test
    void labelsOfOneClassLeaveTheAucUndefinedWithoutFailing() {
        List<String> ids = post("2002-06-01T", 150, i -> i % 10 / 10.0);
        label(ids, i -> 0);

        Answer answer = metrics("from=2002-06-01T00:00:00Z&to=2002-06-02T00:00:00Z");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode performance = answer.json().get("performance");
        assertThat(performance.get("labeled_count").asLong()).isEqualTo(150);
        assertThat(performance.get("roc_auc").isNull()).isTrue();
        assertThat(performance.get("gini").isNull()).isTrue();
        assertThat(performance.get("ks_separation").isNull()).isTrue();
        assertThat(performance.get("note").asString()).contains("class 0").contains("ROC AUC");
        // probabilities 0.4 .. 0.9 are predicted default: all false positives
        JsonNode matrix = performance.get("confusion_matrix");
        assertThat(matrix.get("fp").asLong()).isEqualTo(90);
        assertThat(matrix.get("tn").asLong()).isEqualTo(60);
        assertThat(performance.get("precision").asDouble()).isZero();
        assertThat(performance.get("recall").asDouble()).isZero();
        assertThat(performance.get("classification_report").get("1").get("support").asLong()).isZero();
        assertThat(performance.get("brier_score").isNumber()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "window=seven                                              | window",
            "window=0d                                                 | window",
            "window=-1d                                                | window",
            "window=                                                   | window",
            "window=2000d                                              | window",
            "window=7d&from=2025-01-01T00:00:00Z                       | window",
            "from=yesterday                                            | from",
            "from=2025-01-01T00:00:00                                  | from",
            "from=2025-01-01T00:00:00Z&to=soon                         | to",
            "from=2025-01-08T00:00:00Z&to=2025-01-01T00:00:00Z         | from",
            "from=2025-01-01T00:00:00Z&to=2025-01-01T00:00:00Z         | from",
            "from=2000-01-01T00:00:00Z&to=2025-01-01T00:00:00Z         | from",
            "from=+100000-01-01T00:00:00Z&to=+100000-01-02T00:00:00Z   | from" })
    void invalidWindowParametersAreAProblemNamingTheParameter(String query, String parameter) {
        Answer answer = metrics(query.replace("+", "%2B"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsString("field")).contains(parameter);
    }

    @Test
    void anUnknownModelIs404() {
        Answer answer = api.get("/api/v1/models/no-such-model/metrics?window=7d");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theWindowDefaultsToTheConfiguredLengthEndingNow() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonNode byDefault = api.get(METRICS).json();
        JsonNode day = metrics("window=24h").json();
        Instant after = Instant.now().plusMillis(1);

        Instant to = Instant.parse(byDefault.get("to").asString());
        assertThat(to).isBetween(before, after);
        assertThat(Duration.between(Instant.parse(byDefault.get("from").asString()), to)).isEqualTo(Duration.ofDays(7));
        Instant dayTo = Instant.parse(day.get("to").asString());
        assertThat(Duration.between(Instant.parse(day.get("from").asString()), dayTo)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theGaugesExportTheDefaultWindowsFiguresUnderTheSeedsNames() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("prediction_id", "gauge-" + i);
            item.put("timestamp", hourAgo.minusSeconds(i).toString());
            item.put("probability", (i * 37 % 100) / 100.0);
            item.put("latency_ms", 5.0 + i % 40);
            batch.add(item);
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            int outcome = i * 37 % 100 > 60 || i % 7 == 0 ? 1 : 0;
            labels.add(Map.of("prediction_id", "gauge-" + i, "actual_default", outcome));
        }
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(labels)).status()).isEqualTo(202);
        api.postJson("/api/v1/request-errors", "{\"error_type\": \"timeout\", \"status\": 504, \"timestamp\": \""
                + hourAgo + "\"}");

        gauges.refresh();
        String scrape = api.get("/actuator/prometheus").body();
        JsonNode metrics = api.get(METRICS + "?window=7d").json();

        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("credit_scoring_default_rate", metrics.get("default_rate").asDouble());
        expected.put("credit_scoring_avg_probability", metrics.get("avg_probability").asDouble());
        expected.put("credit_scoring_high_risk_share", metrics.get("high_risk_share").asDouble());
        JsonNode performance = metrics.get("performance");
        expected.put("credit_scoring_roc_auc", performance.get("roc_auc").asDouble());
        expected.put("credit_scoring_precision", performance.get("precision").asDouble());
        expected.put("credit_scoring_recall", performance.get("recall").asDouble());
        expected.put("credit_scoring_f1", performance.get("f1").asDouble());
        expected.put("credit_scoring_gini", performance.get("gini").asDouble());
        expected.put("credit_scoring_brier_score", performance.get("brier_score").asDouble());
        expected.put("credit_scoring_business_cost", metrics.get("business_cost").get("total_cost").asDouble());
        expected.put("credit_scoring_business_cost_change", Double.NaN); // nothing the week before
        expected.put("credit_scoring_error_rate", metrics.get("system").get("error_rate").asDouble());
        expected.put("credit_scoring_labeled_predictions", 110.0);
        expected.put("credit_scoring_latency_p95_seconds",
                metrics.get("system").get("latency_p95_ms").asDouble() / 1000);

        Map<String, Double> exported = gaugeValues(scrape, "credit-scoring");
        assertThat(exported.keySet()).containsAll(expected.keySet());
        expected.forEach((name, value) -> {
            assertThat(scrape).as(name).contains("# TYPE " + name + " gauge");
            if (Double.isNaN(value)) {
                assertThat(exported.get(name)).as(name).isNaN();
            } else {
                assertThat(exported.get(name)).as(name).isCloseTo(value, withinPercentage(RELATIVE * 100));
            }
        });
        assertThat(exported.get("credit_scoring_labeled_predictions")).isEqualTo(110.0);
        assertThat(metrics.get("system").get("error_count").asLong()).isEqualTo(1);
    }

    /** The value of every {@code credit_scoring_*} sample of the model in a Prometheus scrape. */
    private static Map<String, Double> gaugeValues(String scrape, String model) {
        Pattern sample = Pattern.compile("^(credit_scoring_[a-z0-9_]+)\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Map<String, Double> values = new HashMap<>();
        Matcher m = sample.matcher(scrape);
        while (m.find()) {
            if (m.group(2).contains("model=\"" + model + "\"")) {
                values.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return values;
    }

    private Answer metrics(String query) {
        return api.get(METRICS + "?" + query);
    }

    /** Posts {@code count} predictions one minute apart from {@code dayPrefix}00:00Z; answers their ids. */
    private List<String> post(String dayPrefix, int count, java.util.function.IntToDoubleFunction probability) {
        String run = Long.toString(System.nanoTime(), 36);
        List<Map<String, Object>> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = run + "-" + i;
            ids.add(id);
            batch.add(Map.of("prediction_id", id, "probability", probability.applyAsDouble(i),
                    "timestamp", String.format("%s%02d:%02d:00Z", dayPrefix, i / 60, i % 60)));
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
        return ids;
    }

    private void label(List<String> ids, java.util.function.IntUnaryOperator outcome) {
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            labels.add(Map.of("prediction_id", ids.get(i), "actual_default", outcome.applyAsInt(i)));
        }
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(labels)).status()).isEqualTo(202);
    }

    /**
     * Every field of {@code expected} is in {@code actual} and no other (but {@code note} and
     * the given top-level names): integers exactly, other numbers to {@link #RELATIVE}.
     */
    private static void assertMatches(JsonNode actual, JsonNode expected, String path, Set<String> ignored) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object").isTrue();
            Set<String> expectedNames = new TreeSet<>();
            expected.properties().forEach(e -> expectedNames.add(e.getKey()));
            Set<String> actualNames = new TreeSet<>();
            actual.properties().forEach(e -> actualNames.add(e.getKey()));
            actualNames.removeAll(ignored);
            actualNames.remove("note");
            assertThat(actualNames).as(path + " fields").isEqualTo(expectedNames);
            for (String name : expectedNames) {
                assertMatches(actual.get(name), expected.get(name), path + "." + name, Set.of());
            }
        } else if (expected.isNull()) {
            assertThat(actual.isNull()).as(path + " is null, was " + actual).isTrue();
        } else if (expected.isIntegralNumber()) {
            assertThat(actual.isIntegralNumber()).as(path + " is an integer, was " + actual).isTrue();
            assertThat(actual.asLong()).as(path).isEqualTo(expected.asLong());
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(path + " is a number, was " + actual).isTrue();
            double e = expected.asDouble();
            if (e == 0) {
                assertThat(actual.asDouble()).as(path).isEqualTo(0.0);
            } else {
                assertThat(actual.asDouble()).as(path).isCloseTo(e, withinPercentage(RELATIVE * 100));
            }
        } else {
            assertThat(actual.asString()).as(path).isEqualTo(expected.asString());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode golden(String file) {
        try (InputStream in = MetricsContract.class.getResourceAsStream("/golden/metrics/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing /golden/metrics/" + file
                        + "; run python3 src/test/python/generate_metrics_golden.py");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
