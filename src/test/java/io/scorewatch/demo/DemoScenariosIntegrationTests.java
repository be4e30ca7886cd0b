package io.scorewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * Each scenario of the traffic simulator, posted over HTTP into the service, moves the figure it
 * should: feature drift (gradual, sudden) raises a drift run's drift share over a stable window's,
 * concept drift lowers the realised ROC-AUC once labels are in, a latency spike raises p95
 * latency, an error burst the error rate. Each scenario gets a day of its own in the past, with
 * the same applicants (one seed), so the stable day is the control of every other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoScenariosIntegrationTests {

    private static final String MODEL = "credit-scoring";
    private static final int REFERENCE_ROWS = 4_000;
    private static final int CALLS_PER_SCENARIO = 1_500;
    /** Every scenario replays the same applicants: what differs between two days is the scenario alone. */
    private static final long TRAFFIC_SEED = 10;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        // a directory of its own (a static @TempDir is not yet there when a per-class instance is prepared)
        Path data = Files.createTempDirectory("scorewatch-demo-scenarios");
        registry.add("scorewatch.data-dir", data::toString);
        registry.add("scorewatch.schedule.realtime", () -> "-");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private Api api;
    private final Map<Scenario, Instant> dayOf = new EnumMap<>(Scenario.class);

    @BeforeAll
    void postReferenceAndEveryScenario() {
        api = new Api(port);
        StringBuilder csv = new StringBuilder();
        new CreditApplications(1).writeReferenceCsv(REFERENCE_ROWS, "target", "probability", csv);
        Answer upload = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv", csv.toString());
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(upload.json().get("rows").asLong()).isEqualTo(REFERENCE_ROWS);

        Instant first = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20));
        for (Scenario scenario : Scenario.values()) {
            Instant day = first.plus(Duration.ofDays(scenario.ordinal()));
            dayOf.put(scenario, day);
            post(scenario, new ModelTraffic(TRAFFIC_SEED), day);
        }
    }

    /** A day of the scenario at full strength, every outcome included. */
    private void post(Scenario scenario, ModelTraffic traffic, Instant day) {
        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        long step = Duration.ofDays(1).toMillis() / CALLS_PER_SCENARIO;
        for (int i = 0; i < CALLS_PER_SCENARIO; i++) {
            Instant at = day.plusMillis(i * step);
            ModelCall call = traffic.next(scenario, 1);
            if (call.failed()) {
                Answer error = api.postJson("/api/v1/request-errors", Api.json(call.requestError(at, MODEL)));
                assertThat(error.status()).as(error.body()).isEqualTo(202);
                continue;
            }
            String id = UUID.randomUUID().toString();
            predictions.add(call.prediction(id, "client-" + scenario.ordinal() + "-" + i, at, MODEL, "1.4.0"));
            labels.add(call.groundTruth(id, at.plus(Duration.ofDays(14)), MODEL));
        }
        Answer posted = api.postJson("/api/v1/predictions/batch", Api.json(predictions));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        Answer labelled = api.postJson("/api/v1/ground-truth/batch", Api.json(labels));
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(202);
    }

    private JsonNode driftRun(Scenario scenario) {
        Instant day = dayOf.get(scenario);
        Answer run = api.postJson("/api/v1/models/" + MODEL + "/drift-runs",
                Api.json(Map.of("from", day.toString(), "to", day.plus(Duration.ofDays(1)).toString())));
        assertThat(run.status()).as(run.body()).isIn(200, 201);
        return run.json();
    }

    private JsonNode metrics(Scenario scenario) {
        Instant day = dayOf.get(scenario);
        Answer metrics = api.get("/api/v1/models/" + MODEL + "/metrics?from=" + day + "&to=" + day.plus(Duration.ofDays(1)));
        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        return metrics.json();
    }

    @Test
    void featureDriftRaisesTheDriftShare() {
        JsonNode stable = driftRun(Scenario.STABLE);
        JsonNode gradual = driftRun(Scenario.GRADUAL_DRIFT);
        JsonNode sudden = driftRun(Scenario.SUDDEN_DRIFT);
        double stableShare = stable.get("drift_share").asDouble();
        System.out.printf("drift share: stable %.4f, gradual %.4f, sudden %.4f%n", stableShare,
                gradual.get("drift_share").asDouble(), sudden.get("drift_share").asDouble());

        assertThat(stable.get("prediction_count").asLong()).isGreaterThan(CALLS_PER_SCENARIO * 9 / 10);
        assertThat(stable.get("prediction_drift").get("drifted").asBoolean()).isFalse();
        assertThat(gradual.get("drift_share").asDouble()).isGreaterThan(stableShare);
        assertThat(names(gradual.get("drifted_features"))).contains("AMT_INCOME_TOTAL", "AMT_CREDIT", "AMT_ANNUITY",
                "EXT_SOURCE_3");
        assertThat(names(stable.get("drifted_features"))).doesNotContain("AMT_INCOME_TOTAL", "AMT_CREDIT");
        // the same applicants but for the inflated amounts: what drifted by chance on the stable day drifts again
        assertThat(names(gradual.get("drifted_features"))).containsAll(names(stable.get("drifted_features")));
        // a new segment moves many features at once, and the model's scores with them
        assertThat(sudden.get("drift_share").asDouble()).isGreaterThan(2 * stableShare).isGreaterThan(0.10);
        assertThat(names(sudden.get("drifted_features"))).contains("DAYS_BIRTH", "NAME_INCOME_TYPE",
                "NAME_CONTRACT_TYPE");
        assertThat(sudden.get("prediction_drift").get("drifted").asBoolean()).isTrue();
    }

    @Test
    void conceptDriftLowersTheRealisedRocAuc() {
        JsonNode stable = metrics(Scenario.STABLE).get("performance");
        JsonNode concept = metrics(Scenario.CONCEPT_DRIFT).get("performance");
        System.out.printf("realised ROC-AUC: stable %.4f, concept drift %.4f%n", stable.get("roc_auc").asDouble(),
                concept.get("roc_auc").asDouble());

        assertThat(stable.get("labeled_count").asLong()).isGreaterThan(CALLS_PER_SCENARIO * 9 / 10);
        // about 120 defaults in a day: the realised AUC is 0.77 within about three standard errors
        assertThat(stable.get("roc_auc").asDouble()).isBetween(0.70, 0.85);
        assertThat(concept.get("roc_auc").asDouble()).isLessThan(stable.get("roc_auc").asDouble() - 0.08);
        // the scores are as before: only the outcomes tell
        JsonNode conceptRun = driftRun(Scenario.CONCEPT_DRIFT);
        assertThat(conceptRun.get("prediction_drift").get("drifted").asBoolean()).isFalse();
        assertThat(conceptRun.get("target_drift").get("drifted").asBoolean()).isTrue();
    }

    @Test
    void aLatencySpikeRaisesP95Latency() {
        double stable = metrics(Scenario.STABLE).get("system").get("latency_p95_ms").asDouble();
        double spike = metrics(Scenario.LATENCY_SPIKE).get("system").get("latency_p95_ms").asDouble();
        System.out.printf("p95 latency: stable %.1f ms, spike %.1f ms%n", stable, spike);

        assertThat(stable).isBetween(20.0, 60.0);
        assertThat(spike).isGreaterThan(100).isGreaterThan(4 * stable);
    }

    @Test
    void anErrorBurstRaisesTheErrorRate() {
        double stable = metrics(Scenario.STABLE).get("system").get("error_rate").asDouble();
        double burst = metrics(Scenario.ERROR_BURST).get("system").get("error_rate").asDouble();
        System.out.printf("error rate: stable %.4f, burst %.4f%n", stable, burst);

        assertThat(stable).isLessThan(0.02);
        assertThat(burst).isGreaterThan(0.10);
    }

    @Test
    void theDemoTrafficIsAbsentWithoutTheDemoProfile() {
        assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain("demo");
        assertThat(context.getBeanProvider(DemoTraffic.class).getIfAvailable()).isNull();
        assertThat(context.getBeanNamesForType(DemoTraffic.class)).isEmpty();
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asString()));
        return names;
    }
}
