package io.scorewatch.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.scorewatch.support.Api;
import io.scorewatch.support.Ports;
import io.scorewatch.support.Api.Answer;
import io.scorewatch.support.Executables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Grafana dashboard and the alert rules against a real Prometheus (Debian's package) that
 * scrapes the running service every second with {@code prometheus/prometheus.yml}'s job and the
 * rule files of {@code prometheus/rules/}. After predictions (with latency), outcomes, request
 * errors and a monitoring run, every query of the dashboard and every series an alert rule reads
 * must return data, so a metric renamed in the code or misspelt in a query fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed afterwards: its gauges are recomputed every second from a store that is then deleted
@DirtiesContext
class PrometheusIntegrationTests {

    static final Path GOLDEN = Path.of("src/test/resources/golden/drift");
    static final Path DASHBOARD = Path.of("grafana/dashboards/credit-scoring.json");
    static final String MODEL = "credit-scoring";
    /** What Grafana's $__rate_interval, $__interval and $__range stand for in these queries. */
    static final String GRAFANA_RANGE = "5m";
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final Pattern METRIC = Pattern.compile("\\bcredit_scoring_[a-z0-9_]+");
    /** A comparison with a number: the threshold of an alert. */
    static final Pattern THRESHOLD = Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*(bool\\s+)?-?[0-9.]+(e-?[0-9]+)?");
    static final Pattern OFFSET = Pattern.compile("\\s+offset\\s+-?[0-9]+[smhdwy]+");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> temp.resolve("store").toString());
        // the credit_scoring_* gauges are recomputed every second
        registry.add("scorewatch.schedule.realtime", () -> "* * * * * *");
    }

    @LocalServerPort
    int port;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Process prometheus;
    private static Path prometheusLog;
    private static String prometheusUrl;
    /** Why the set-up failed, once it has. */
    private static Throwable setUpFailure;
    private Api api;

    /** Once for the class (it needs the service's port): starts Prometheus and sends the traffic. */
    @BeforeEach
    void prometheusAndTraffic() throws Throwable {
        api = new Api(port);
        if (setUpFailure != null) {
            throw setUpFailure;
        }
        if (prometheus == null) {
            try {
                startPrometheusAndSendTraffic();
            } catch (Throwable e) {
                setUpFailure = e;
                throw e;
            }
        }
    }

    private void startPrometheusAndSendTraffic() throws IOException {
        startPrometheus();
        awaitData("up{job=\"scorewatch\"} == 1");

        // first a prediction with latency and a data-quality problem, and a request error: the
        // counters and the histogram appear, and Prometheus scrapes them before the traffic
        Answer reference = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv",
                Files.readString(GOLDEN.resolve("reference.csv")));
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);
        Answer first = api.postJson("/api/v1/predictions", """
                {"prediction_id": "first", "probability": 0.2, "latency_ms": 30,
                 "features": {"AMT_INCOME": "unknown", "AGE_YEARS": 40.0, "EXT_SOURCE_1": 0.5,
                              "DAYS_EMPLOYED": -1000.0, "CONTRACT": "Cash loans", "REGION": "east"}}""");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        postRequestError("timeout", 504);
        for (String metric : List.of("credit_scoring_requests_total", "credit_scoring_response_seconds_bucket",
                "credit_scoring_errors_total", "credit_scoring_data_quality_violations_total")) {
            awaitData(metric);
        }

        // then the traffic: 1,200 predictions (900 this week, 300 the week before) with latencies
        // of 20 to 200 ms, 500 outcomes, 100 request errors (7.7% of all requests)
        List<ObjectNode> predictions = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> lines = Files.readAllLines(GOLDEN.resolve("production.ndjson"));
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode prediction = (ObjectNode) JSON.readTree(lines.get(i));
            Instant at = i < 900 ? now.minusSeconds(60L * (i + 1))
                    : now.minus(Duration.ofDays(10)).minusSeconds(60L * i);
            prediction.put("timestamp", at.toString());
            prediction.put("latency_ms", 20 + (i % 10) * 20);
            if (i < 900) {
                // the lender's decision: one in seven overrides the model's
                int decision = prediction.get("prediction").asInt();
                prediction.put("final_decision", i % 7 == 0 ? 1 - decision : decision);
            }
            predictions.add(prediction);
        }
        Answer batch = api.postJson("/api/v1/predictions/batch", JSON.writeValueAsString(predictions));
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        Answer labels = api.postJson("/api/v1/ground-truth/batch", Files.readString(GOLDEN.resolve("labels.json")));
        assertThat(labels.status()).as(labels.body()).isEqualTo(202);
        assertThat(labels.json().get("joined").asInt()).isEqualTo(500);
        creditValidationTraffic(lines, now);
        List<String> errorTypes = List.of("validation", "prediction", "timeout", "unavailable");
        for (int i = 0; i < 100; i++) {
            postRequestError(errorTypes.get(i % errorTypes.size()), i % 4 == 0 ? 422 : 503);
        }

        Answer run = api.postJson("/api/v1/models/" + MODEL + "/monitoring-runs", "");
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        awaitData("credit_scoring_roc_auc{model=\"" + MODEL + "\"}");
    }

    /**
     * What the credit-validation gauges need to hold numbers: a challenger scoring this week's
     * applications in shadow (the challenger gauge), and 100 labelled predictions of 380 days ago,
     * matured for the P12M performance window and inside the raw retention (traffic lights,
     * Hosmer-Lemeshow and AUC-fall p-values, computed after the monitoring run's drift run).
     */
    private void creditValidationTraffic(List<String> lines, Instant now) {
        List<ObjectNode> shadows = new ArrayList<>();
        List<ObjectNode> matured = new ArrayList<>();
        List<ObjectNode> outcomes = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            ObjectNode champion = (ObjectNode) JSON.readTree(lines.get(i));
            ObjectNode shadow = (ObjectNode) JSON.readTree(lines.get(i));
            shadow.put("prediction_id", "challenger-" + i);
            shadow.put("shadow_of", champion.get("prediction_id").asString());
            shadow.put("model_version", "challenger-1");
            shadow.put("probability", 0.05 + 0.9 * champion.get("probability").asDouble());
            shadow.put("timestamp", now.minusSeconds(60L * (i + 1)).toString());
            shadows.add(shadow);
        }
        for (int i = 0; i < 100; i++) {
            ObjectNode old = (ObjectNode) JSON.readTree(lines.get(i));
            old.put("prediction_id", "matured-" + i);
            old.put("timestamp", now.minus(Duration.ofDays(380)).plusSeconds(60L * i).toString());
            old.remove("client_id");
            matured.add(old);
            ObjectNode outcome = JSON.createObjectNode();
            outcome.put("prediction_id", "matured-" + i);
            outcome.put("actual_default", i % 5 == 0 || old.get("probability").asDouble() > 0.4 ? 1 : 0);
            outcomes.add(outcome);
        }
        for (List<ObjectNode> batch : List.of(shadows, matured)) {
            Answer answer = api.postJson("/api/v1/predictions/batch", JSON.writeValueAsString(batch));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }
        Answer joined = api.postJson("/api/v1/ground-truth/batch", JSON.writeValueAsString(outcomes));
        assertThat(joined.status()).as(joined.body()).isEqualTo(202);
        assertThat(joined.json().get("joined").asInt()).isEqualTo(100);
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The dashboard's queries, but those of the Kafka intake: its series exist only with the
     * {@code kafka} profile (KafkaIntakeIntegrationTests scrapes them).
     */
    static Stream<Named<String>> dashboardQueries() {
        List<Named<String>> queries = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                if (target.get("expr").asString().contains(StackFilesTests.KAFKA_SERIES)) {
                    continue;
                }
                queries.add(Named.of(panel.get("title").asString() + " " + target.get("refId").asString(),
                        asGrafanaSendsIt(target.get("expr").asString())));
            }
        }
        return queries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboardQueries")
    void everyDashboardQueryReturnsData(String query) {
        assertData(query);
    }

    static Stream<Named<String>> alertRuleSeries() {
        return PrometheusFilesTests.alertRules().entrySet().stream()
                .map(rule -> Named.of(rule.getKey(),
                        withoutThresholdsAndOffsets(absentsSeries((String) rule.getValue().get("expr")))));
    }

    /** absent(X) has data only while X has none: the series it reads is X. */
    static String absentsSeries(String expr) {
        Matcher absent = Pattern.compile("^\\s*absent\\((.*)\\)\\s*$", Pattern.DOTALL).matcher(expr);
        return absent.matches() ? absent.group(1) : expr;
    }

    /**
     * Each alert's expression without its threshold and without {@code offset} (there is no
     * history of a week ago here): the series and arithmetic it relies on exist.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("alertRuleSeries")
    void everySeriesAnAlertRuleReadsExists(String expression) {
        assertData(expression);
    }

    /**
     * With several replicas (each its own instance), every query of the dashboard and of the alert
     * rules sums the counters across instances and takes the database gauges once; the meters'
     * kinds are those the service registers, after the traffic and the monitoring run.
     */
    @Test
    void everyQueryGivesTheSameFiguresWithSeveralReplicas() {
        Map<String, ReplicaAggregation.Kind> kinds = ReplicaAggregation.kinds(api.get("/actuator/prometheus").body());
        assertThat(kinds).containsEntry("credit_scoring_requests_total", ReplicaAggregation.Kind.COUNTER)
                .containsEntry("credit_scoring_feature_psi", ReplicaAggregation.Kind.SHARED_GAUGE)
                .containsEntry("credit_scoring_drift_share", ReplicaAggregation.Kind.SHARED_GAUGE)
                .containsEntry("credit_scoring_segment_predictions", ReplicaAggregation.Kind.SHARED_GAUGE);
        List<String> queries = new ArrayList<>(JSON.readTree(DASHBOARD.toFile()).findValuesAsString("expr"));
        // the monitoring guide's queries, kept as the guide writes them, read per replica
        queries.removeAll(StackFilesTests.GUIDE_QUERIES);
        PrometheusFilesTests.alertRules().values().forEach(rule -> queries.add((String) rule.get("expr")));
        List<String> violations = new ArrayList<>();
        for (String query : queries) {
            violations.addAll(ReplicaAggregation.violations(query, kinds));
        }
        assertThat(violations).isEmpty();
        // and the names the queries read are the service's meters
        assertThat(String.join("\n", queries)).contains("credit_scoring_default_rate", "credit_scoring_errors_total");
    }

    @Test
    void theRulesLoadAndEvaluateWithoutErrors() {
        Set<String> expected = PrometheusFilesTests.alertRules().keySet();
        JsonNode groups = await("/api/v1/rules", data -> {
            Set<String> evaluated = new TreeSet<>();
            for (JsonNode group : data.get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    if (!rule.get("lastEvaluation").asString().startsWith("0001-")) {
                        evaluated.add(rule.get("name").asString());
                    }
                }
            }
            return evaluated.containsAll(expected);
        }).get("groups");

        List<JsonNode> rules = new ArrayList<>();
        groups.forEach(group -> group.get("rules").forEach(rules::add));
        assertThat(rules).extracting(rule -> rule.get("name").asString()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.get("health").asString()).as(rule.toString()).isEqualTo("ok");
            assertThat(rule.has("lastError") ? rule.get("lastError").asString() : "").as(rule.toString()).isEmpty();
        });
    }

    @Test
    void slowResponsesAndFailingRequestsRaiseTheLatencyAndErrorRateAlerts() {
        JsonNode alerts = await("/api/v1/alerts", data -> activeAlerts(data).keySet()
                .containsAll(Set.of("CreditScoringLatencyHigh", "CreditScoringErrorRateHigh")));

        Map<String, JsonNode> active = activeAlerts(alerts);
        assertThat(active.keySet()).as("active alerts (pending or firing)")
                .contains("CreditScoringLatencyHigh", "CreditScoringErrorRateHigh")
                .doesNotContain("ScorewatchDown", "CreditScoringRequestVolumeDrop", "CreditScoringRequestVolumeSpike");
        for (String name : List.of("CreditScoringLatencyHigh", "CreditScoringErrorRateHigh")) {
            JsonNode alert = active.get(name);
            assertThat(alert.get("labels").get("model").asString()).isEqualTo(MODEL);
            assertThat(alert.get("state").asString()).isIn("pending", "firing");
        }
        // half of the latencies are above 100 ms; since the first scrape: 100 errors / (1,300 predictions + 100 errors)
        assertThat(Double.parseDouble(active.get("CreditScoringLatencyHigh").get("value").asString()))
                .isGreaterThan(0.1);
        assertThat(Double.parseDouble(active.get("CreditScoringErrorRateHigh").get("value").asString()))
                .isBetween(0.05, 0.1);
    }

    @Test
    void theModelVariableListsTheConfiguredModel() {
        JsonNode variable = JSON.readTree(DASHBOARD.toFile()).get("templating").get("list").get(0);
        Matcher labelValues = Pattern.compile("label_values\\((\\w+), ?model\\)")
                .matcher(variable.get("query").asString());
        assertThat(labelValues.matches()).isTrue();

        JsonNode models = get("/api/v1/label/model/values?match[]=" + encode(labelValues.group(1)));

        List<String> values = new ArrayList<>();
        models.forEach(value -> values.add(value.asString()));
        assertThat(values).contains(MODEL);
    }

    /** The query with the dashboard's variables replaced as Grafana does. */
    static String asGrafanaSendsIt(String expr) {
        String query = expr.replace("$model", MODEL).replace("$segment_key", ".*").replace("$segment_value", ".*")
                .replaceAll("\\$__(rate_interval|interval|range)\\b", GRAFANA_RANGE);
        assertThat(query).as("unknown variable in %s", expr).doesNotContain("$");
        return query;
    }

    static String withoutThresholdsAndOffsets(String expr) {
        return OFFSET.matcher(THRESHOLD.matcher(expr).replaceAll("")).replaceAll("");
    }

    static Set<String> metrics(String query) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(query);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Map<String, JsonNode> activeAlerts(JsonNode data) {
        Map<String, JsonNode> active = new LinkedHashMap<>();
        data.get("alerts").forEach(alert -> active.put(alert.get("labels").get("alertname").asString(), alert));
        return active;
    }

    private void postRequestError(String type, int status) {
        Answer answer = api.postJson("/api/v1/request-errors",
                Api.json(Map.of("error_type", type, "status", status)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    /** Waits until the query answers at least one finite sample; fails with the last answer otherwise. */
    private void assertData(String query) {
        JsonNode data = awaitData(query);
        assertThat(hasFiniteSample(data)).as("%s answers a finite sample; the last answer: %s", query, data).isTrue();
    }

    private JsonNode awaitData(String query) {
        return await("/api/v1/query?query=" + encode(query), PrometheusIntegrationTests::hasFiniteSample);
    }

    private static boolean hasFiniteSample(JsonNode data) {
        JsonNode result = data.get("result");
        if (data.get("resultType").asString().equals("scalar")) {
            return isFinite(result.get(1).asString());
        }
        for (JsonNode sample : result) {
            if (isFinite(sample.get("value").get(1).asString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFinite(String value) {
        return !value.endsWith("Inf") && Double.isFinite(Double.parseDouble(value));
    }

    /** Asks Prometheus until {@code done} holds for the answer's data or patience runs out; answers the last data. */
    private JsonNode await(String path, Predicate<JsonNode> done) {
        AtomicReference<JsonNode> data = new AtomicReference<>();
        try {
            Awaitility.await(path).atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> done.test(data.updateAndGet(previous -> get(path))));
        } catch (ConditionTimeoutException notYet) {
            // the caller's assertion shows the last answer
        }
        return data.get();
    }

    private JsonNode query(String query) {
        return get("/api/v1/query?query=" + encode(query));
    }

    /** The {@code data} of a successful answer of Prometheus's HTTP API. */
    private JsonNode get(String path) {
        assertThat(prometheus.isAlive()).as("prometheus is running; its log:%n%s", log()).isTrue();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("status").asString()).as(response.body()).isEqualTo("success");
            return body.get("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts Prometheus with prometheus/prometheus.yml, changed only where this machine differs
     * from the compose stack: the target's address, one-second intervals, absolute rule paths.
     */
    private void startPrometheus() throws IOException {
        Path binary = Executables.require("prometheus", Executables.PROMETHEUS_PACKAGE);
        Path dir = Files.createDirectories(temp.resolve("prometheus"));
        Map<String, Object> config = PrometheusFilesTests.yaml(
                PrometheusFilesTests.PROMETHEUS.resolve("prometheus.yml"));
        Map<String, Object> global = PrometheusFilesTests.map(config.get("global"));
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        List<Object> ruleFiles = new ArrayList<>();
        for (Object pattern : PrometheusFilesTests.list(config.get("rule_files"))) {
            ruleFiles.add(PrometheusFilesTests.PROMETHEUS.toAbsolutePath().resolve((String) pattern).toString());
        }
        config.put("rule_files", ruleFiles);
        List<Object> jobs = PrometheusFilesTests.list(config.get("scrape_configs"));
        assertThat(jobs).hasSize(1);
        // the one replica of this test in place of the compose network's replica discovery
        PrometheusFilesTests.map(jobs.get(0)).remove("dns_sd_configs");
        PrometheusFilesTests.map(jobs.get(0)).put("static_configs",
                List.of(Map.of("targets", List.of("127.0.0.1:" + port))));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, new Yaml(options).dump(config));

        int prometheusPort = Ports.free();
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        prometheusLog = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(prometheusLog.toFile()).start();
        Process started = prometheus;
        // should the test JVM be stopped before @AfterAll
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));

        try {
            Awaitility.await("prometheus gets ready").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        assertThat(prometheus.isAlive()).as("prometheus is running; its log:%n%s", log()).isTrue();
                        return HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready"))
                                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            fail("prometheus did not get ready in %s; its log:%n%s", PATIENCE, log());
        }
    }

    private String log() {
        try {
            return prometheusLog == null || !Files.exists(prometheusLog) ? "" : Files.readString(prometheusLog);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
