package io.scorewatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import io.scorewatch.support.EmbeddedPostgresServer;
import io.scorewatch.support.HttpPeer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two replicas on one PostgreSQL, as the two-replica stack runs them (same database, same
 * client-id secret, same data folder): intake through either, one stored row per prediction id
 * whichever replica gets it, every scheduled job once per tick across both, an alert stored and
 * delivered once while both evaluate it, and the same database figures on both replicas'
 * {@code /actuator/prometheus}.
 */
class TwoReplicasIntegrationTests {

    /** The jobs of the run schedule that take the shared lock, each due every other second here. */
    static final List<String> JOBS = List.of("rollup", "retention", "daily", "weekly", "monthly");
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    static HttpPeer slack;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static Api one;
    static Api two;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoReplicas() {
        slack = new HttpPeer();
        List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
        arguments.addAll(List.of("--server.port=0", "--scorewatch.data-dir=" + data,
                // the gauges (and with them the alert evaluation) every second on both replicas
                "--scorewatch.schedule.realtime=* * * * * *",
                "--scorewatch.ingest.label-join-interval=200ms",
                "--scorewatch.alerting.slack.webhook-url=" + slack.url("/services/T/B/X"),
                "--scorewatch.alerting.delivery.interval=100ms",
                // a lock outlives the run by most of a tick: a replica whose scheduler thread is
                // late for a tick finds it taken
                "--scorewatch.schedule.lock-at-least-for=1500ms"));
        for (String job : JOBS) {
            arguments.add("--scorewatch.schedule." + job + "=*/2 * * * * *");
        }
        String[] args = arguments.toArray(String[]::new);
        first = new SpringApplicationBuilder(ScorewatchApplication.class).run(args);
        second = new SpringApplicationBuilder(ScorewatchApplication.class).run(args);
        one = new Api(port(first));
        two = new Api(port(second));
        jdbc = first.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stopBoth() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] { second, first }) {
            if (replica != null) {
                replica.close();
            }
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void predictionsThroughOneReplicaAndLabelsThroughTheOtherAreJoined() {
        List<String> ids = ids("joined", 40);
        // the first half's labels arrive before their predictions (they wait for the label-join
        // pass or the predictions' intake), the second half's after them
        assertThat(two.postJson("/api/v1/ground-truth/batch", Api.json(labels(ids.subList(0, 20)))).status())
                .isEqualTo(202);
        Answer stored = one.postJson("/api/v1/predictions/batch", Api.json(predictions(ids)));
        assertThat(stored.status()).as(stored.body()).isEqualTo(202);
        Answer late = two.postJson("/api/v1/ground-truth/batch", Api.json(labels(ids.subList(20, 40))));
        assertThat(late.status()).as(late.body()).isEqualTo(202);

        // by client id too: the replicas hash client ids with the same secret
        List<String> clients = ids("client", 10);
        List<Map<String, Object>> byClient = new ArrayList<>();
        for (String id : clients) {
            assertThat(one.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", id, "client_id",
                    "client-of-" + id, "probability", 0.3, "prediction", 1))).status()).isEqualTo(202);
            byClient.add(Map.of("client_id", "client-of-" + id, "actual_default", 1));
        }
        Answer clientLabels = two.postJson("/api/v1/ground-truth/batch", Api.json(byClient));
        assertThat(clientLabels.status()).as(clientLabels.body()).isEqualTo(202);
        assertThat(clientLabels.json().get("joined").asInt()).isEqualTo(clients.size());

        await("every label joined").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL AND prediction_id"
                        + " IN (" + marks(ids.size()) + ")", ids.toArray()) == ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(two.get("/api/v1/predictions/" + ids.get(i)).json().get("actual_default").asInt())
                    .isEqualTo(i % 2);
            assertThat(one.get("/api/v1/predictions/" + ids.get(i)).json().get("actual_default").asInt())
                    .isEqualTo(i % 2);
        }
        for (String id : clients) {
            assertThat(one.get("/api/v1/predictions/" + id).json().get("actual_default").asInt()).isEqualTo(1);
        }
        // each label joined one prediction, once, whichever replica's pass or intake joined it
        assertThat(count("SELECT COUNT(*) FROM ground_truth WHERE prediction_id IN (" + marks(ids.size()) + ")",
                ids.toArray())).isEqualTo(ids.size());
        assertThat(count("SELECT COUNT(*) FROM ground_truth WHERE joined_prediction IS NULL AND prediction_id IN ("
                + marks(ids.size()) + ")", ids.toArray())).isZero();
        assertThat(count("SELECT COUNT(DISTINCT joined_prediction) FROM ground_truth WHERE prediction_id IN ("
                + marks(ids.size()) + ")", ids.toArray())).isEqualTo(ids.size());
    }

    @Test
    void theSamePredictionIdPostedToBothAtOnceIsStoredAndCountedOnce() throws Exception {
        List<String> ids = ids("both", 30);
        double countedBefore = requestsCounted(one) + requestsCounted(two);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String id : ids) {
                String body = Api.json(Map.of("prediction_id", id, "probability", 0.4, "prediction", 1));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Answer>> answers = new ArrayList<>();
                for (Api replica : List.of(one, two)) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return replica.postJson("/api/v1/predictions", body);
                    }));
                }
                go.countDown();
                int stored = 0;
                for (Future<Answer> answer : answers) {
                    Answer a = answer.get();
                    assertThat(a.status()).as(a.body()).isEqualTo(202);
                    stored += a.json().get("duplicate").asBoolean() ? 0 : 1;
                }
                assertThat(stored).as("answers for %s that stored it", id).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(count("SELECT COUNT(*) FROM prediction WHERE prediction_id IN (" + marks(ids.size()) + ")",
                ids.toArray())).isEqualTo(ids.size());
        // the request counters of the two replicas add up to the stored predictions, as Grafana sums them
        assertThat(requestsCounted(one) + requestsCounted(two) - countedBefore).isEqualTo(ids.size());
    }

    @Test
    void everyScheduledJobRunsOncePerTickAcrossBothReplicas() {
        await("three ticks of every job").atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Long> runs = new LinkedHashMap<>();
            for (String job : JOBS) {
                runs.put(job, count("SELECT COUNT(*) FROM job_run WHERE job = ? AND finished_at IS NOT NULL", job));
            }
            return runs.values().stream().allMatch(n -> n >= 3);
        });
        for (String job : JOBS) {
            Map<Long, Long> perTick = new TreeMap<>();
            for (OffsetDateTime started : jdbc.queryForList("SELECT started_at FROM job_run WHERE job = ?",
                    OffsetDateTime.class, job)) {
                perTick.merge(started.toEpochSecond() / 2, 1L, Long::sum);
            }
            assertThat(perTick.values()).as("%s runs per tick %s", job, perTick).allMatch(runs -> runs == 1);
        }
    }

    @Test
    void anAlertBothReplicasEvaluateIsStoredAndDeliveredOnce() {
        // half of the predictions are defaults: the default rate is far above the rule's 12%
        List<String> ids = ids("alert", 100);
        Answer stored = two.postJson("/api/v1/predictions/batch", Api.json(predictions(ids)));
        assertThat(stored.status()).as(stored.body()).isEqualTo(202);

        await("the alert fires and its message is delivered").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT COUNT(*) FROM alert_notification n JOIN alert a ON a.id = n.alert_id"
                        + " WHERE a.rule = 'high_default_rate' AND n.state = 'delivered'") >= 1);
        OffsetDateTime delivered = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", OffsetDateTime.class);
        // both replicas evaluate it again and again after the delivery: still one alert, one message
        await("both replicas evaluate the rule after the delivery").atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject("SELECT MAX(last_evaluated_at) FROM alert WHERE rule ="
                        + " 'high_default_rate'", OffsetDateTime.class).isAfter(delivered.plusSeconds(3)));
        assertThat(count("SELECT COUNT(*) FROM alert WHERE rule = 'high_default_rate'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM alert_notification n JOIN alert a ON a.id = n.alert_id"
                + " WHERE a.rule = 'high_default_rate'")).isEqualTo(1);
        await("the outbox is idle").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT COUNT(*) FROM alert_notification WHERE state <> 'delivered'") == 0);
        assertThat(slack.delivered(body -> body.contains("high_default_rate"))).hasSize(1);
        // Grafana's sum of the replicas' alerts_total counters: one firing
        assertThat(alertsCounted(one) + alertsCounted(two)).isEqualTo(1.0);
    }

    @Test
    void bothReplicasExportTheSameDatabaseFigures() {
        List<String> ids = ids("gauges", 60);
        Answer stored = one.postJson("/api/v1/predictions/batch", Api.json(predictions(ids)));
        assertThat(stored.status()).as(stored.body()).isEqualTo(202);
        assertThat(two.postJson("/api/v1/ground-truth/batch", Api.json(labels(ids))).status()).isEqualTo(202);
        await("every label joined").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL AND prediction_id"
                        + " IN (" + marks(ids.size()) + ")", ids.toArray()) == ids.size());
        String labelled = "credit_scoring_labeled_predictions{application=\"scorewatch\",model=\"credit-scoring\"}";

        // after a refresh of each replica that saw every stored label, both export the same figures
        await("both replicas' gauges count every stored label").atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    long labels = count("SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL");
                    Map<String, String> a = databaseGauges(one);
                    Map<String, String> b = databaseGauges(two);
                    return a.equals(b) && a.containsKey(labelled) && Double.parseDouble(a.get(labelled)) == labels;
                });
        Map<String, String> gauges = databaseGauges(one);
        assertThat(gauges).containsKeys(
                "credit_scoring_default_rate{application=\"scorewatch\",model=\"credit-scoring\"}",
                "credit_scoring_labeled_predictions{application=\"scorewatch\",model=\"credit-scoring\"}",
                "credit_scoring_alerts_firing{application=\"scorewatch\",model=\"credit-scoring\"}");
        assertThat(gauges.get("credit_scoring_default_rate{application=\"scorewatch\",model=\"credit-scoring\"}"))
                .isNotEqualTo("NaN");
        assertThat(databaseGauges(two)).isEqualTo(gauges);
    }

    /**
     * A drift run on one replica: the other exports its figures too, from the store, after its
     * next refresh. Two replicas of their own, whose scheduled jobs are off, so that the second
     * never runs a drift run itself.
     */
    @Test
    void aDriftRunOnOneReplicaShowsInTheGaugesOfBoth(@TempDir Path driftData) throws Exception {
        List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
        arguments.addAll(List.of("--server.port=0", "--scorewatch.data-dir=" + driftData,
                "--scorewatch.schedule.realtime=* * * * * *"));
        for (String job : JOBS) {
            arguments.add("--scorewatch.schedule." + job + "=-");
        }
        String[] args = arguments.toArray(String[]::new);
        try (ConfigurableApplicationContext running = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(args);
                ConfigurableApplicationContext watching = new SpringApplicationBuilder(ScorewatchApplication.class)
                        .run(args)) {
            Api runner = new Api(port(running));
            Api watcher = new Api(port(watching));
            loadGoldenDrift(runner);
            Answer run = runner.postJson("/api/v1/models/credit-scoring/drift-runs", "");
            assertThat(run.status()).as(run.body()).isEqualTo(201);
            String share = "credit_scoring_drift_share{application=\"scorewatch\",model=\"credit-scoring\"}";
            assertThat(databaseGauges(runner).get(share)).as("the running replica's gauge").isNotNull()
                    .isNotEqualTo("NaN");

            await("the other replica shows the run").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> share(watcher, share) != null
                            && share(watcher, share).equals(databaseGauges(runner).get(share)));
            Map<String, String> shown = driftGauges(runner);
            assertThat(shown).containsKey(share)
                    .anySatisfy((series, value) -> assertThat(series).startsWith("credit_scoring_feature_psi{"));
            assertThat(driftGauges(watcher)).isEqualTo(shown);
        }
    }

    @Test
    void theDailyPredictionDriftShowsInTheGaugesOfBoth(@TempDir Path dailyData) throws Exception {
        List<String> arguments = new ArrayList<>(EmbeddedPostgresServer.newDatabaseArguments());
        arguments.addAll(List.of("--server.port=0", "--scorewatch.data-dir=" + dailyData,
                // the locked daily job runs once, on one replica, and its lock then outlives the test
                "--scorewatch.schedule.realtime=-", "--scorewatch.schedule.lock-at-least-for=1h"));
        for (String job : JOBS) {
            arguments.add("--scorewatch.schedule." + job + "=" + (job.equals("daily") ? "*/2 * * * * *" : "-"));
        }
        String[] args = arguments.toArray(String[]::new);
        try (ConfigurableApplicationContext a = new SpringApplicationBuilder(ScorewatchApplication.class).run(args);
                ConfigurableApplicationContext b = new SpringApplicationBuilder(ScorewatchApplication.class)
                        .run(args)) {
            Api first = new Api(port(a));
            Api second = new Api(port(b));
            loadGoldenDrift(first);
            String pValue = "credit_scoring_prediction_drift_p_value{application=\"scorewatch\",model=\"credit-scoring\"}";
            // no drift run is made: the p-value is the daily test's, on the replica holding the
            // daily job's lock and on the other alike
            await("both replicas export the day's prediction drift").atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> finite(share(first, pValue)) && finite(share(second, pValue)));
            assertThat(Double.parseDouble(share(second, pValue))).isEqualTo(Double.parseDouble(share(first, pValue)));
            assertThat(jdbc(a).queryForObject("SELECT COUNT(*) FROM drift_run", Long.class)).isZero();
        }
    }

    /** The drift golden files' reference, and their production predictions over the last hours. */
    private static void loadGoldenDrift(Api replica) throws Exception {
        Path golden = Path.of("src/test/resources/golden/drift");
        Answer reference = replica.put("/api/v1/models/credit-scoring/reference", "text/csv",
                Files.readString(golden.resolve("reference.csv")));
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);
        List<String> lines = Files.readAllLines(golden.resolve("production.ndjson"));
        StringBuilder batch = new StringBuilder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode prediction = (ObjectNode) JSON.readTree(lines.get(i));
            prediction.put("timestamp", now.minusSeconds(60L * (i + 1)).toString());
            batch.append(JSON.writeValueAsString(prediction)).append('\n');
        }
        Answer stored = replica.post("/api/v1/predictions/batch", "application/x-ndjson", batch.toString());
        assertThat(stored.status()).as(stored.body()).isEqualTo(202);
    }

    private static boolean finite(String value) {
        return value != null && Double.isFinite(Double.parseDouble(value));
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext replica) {
        return replica.getBean(JdbcTemplate.class);
    }

    private static String share(Api replica, String series) {
        return databaseGauges(replica).get(series);
    }

    /** The gauges of the latest drift run: its counts, share, p-values and each feature's figures. */
    static Map<String, String> driftGauges(Api replica) {
        Map<String, String> drift = new TreeMap<>(databaseGauges(replica));
        drift.keySet().removeIf(series -> !series.matches("credit_scoring_(drifted_features|drift_share"
                + "|target_drift_p_value|prediction_drift_p_value|feature_drift_p_value|feature_psi)\\{.*"));
        return drift;
    }

    // the figures from /actuator/prometheus

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\w+)$");

    /** Every credit_scoring_* gauge series of a replica, by name and labels, with its value as text. */
    static Map<String, String> databaseGauges(Api replica) {
        Map<String, String> gauges = new TreeMap<>();
        String gauge = null;
        for (String line : replica.get("/actuator/prometheus").body().split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                gauge = type.group(2).equals("gauge") && type.group(1).startsWith("credit_scoring_") ? type.group(1)
                        : null;
            } else if (gauge != null && line.startsWith(gauge + "{")) {
                int space = line.lastIndexOf(' ');
                gauges.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return gauges;
    }

    static double requestsCounted(Api replica) {
        return sum(replica, "credit_scoring_requests_total{", "model=\"credit-scoring\"");
    }

    static double alertsCounted(Api replica) {
        return sum(replica, "credit_scoring_alerts_total{", "rule=\"high_default_rate\"");
    }

    private static double sum(Api replica, String prefix, String containing) {
        double total = 0;
        for (String line : replica.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith(prefix) && line.contains(containing)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    // requests and the database

    static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    /** Predictions of the ids, every other one a default. */
    static List<Map<String, Object>> predictions(List<String> ids) {
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            predictions.add(Map.of("prediction_id", ids.get(i), "probability", i % 2 == 1 ? 0.6 : 0.2,
                    "prediction", i % 2));
        }
        return predictions;
    }

    /** Labels of the ids, every other one a default. */
    static List<Map<String, Object>> labels(List<String> ids) {
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            labels.add(Map.of("prediction_id", ids.get(i), "actual_default", i % 2));
        }
        return labels;
    }

    static long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }

    static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
