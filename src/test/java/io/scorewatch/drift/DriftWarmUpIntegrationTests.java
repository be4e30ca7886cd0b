package io.scorewatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;

/**
 * At start, a model with a reference and predictions gets its drift code path run before the
 * service reports ready; the warm-up stores no run and sets no gauge.
 */
@ExtendWith(OutputCaptureExtension.class)
class DriftWarmUpIntegrationTests {

    private static final String WARMED_UP = "drift code path warmed up";
    private static final String READY = "readiness now ACCEPTING_TRAFFIC";

    @TempDir
    Path data;

    @Test
    void theDriftCodePathRunsBeforeTheServiceIsReadyAndStoresNothing(CapturedOutput output) throws IOException {
        try (ConfigurableApplicationContext first = start(List.of())) {
            Api api = new Api(port(first));
            Answer reference = api.put("/api/v1/models/credit-scoring/reference", "text/csv",
                    Files.readString(DriftContract.GOLDEN.resolve("reference.csv")));
            assertThat(reference.status()).as(reference.body()).isEqualTo(200);
            Answer predictions = api.post("/api/v1/predictions/batch", "application/x-ndjson",
                    Files.readString(DriftContract.GOLDEN.resolve("production.ndjson")));
            assertThat(predictions.status()).as(predictions.body()).isEqualTo(202);
        }
        // nothing warmed up in a store without a reference
        assertThat(output.getAll()).doesNotContain(WARMED_UP);

        List<ReadinessState> seen = new CopyOnWriteArrayList<>();
        ApplicationListener<AvailabilityChangeEvent<?>> readiness = event -> {
            if (event.getState() instanceof ReadinessState state) {
                seen.add(state);
                System.out.println("readiness now " + state);
            }
        };
        try (ConfigurableApplicationContext second = start(List.of(readiness))) {
            String log = output.getAll();
            int warmedUp = log.indexOf(WARMED_UP);
            assertThat(warmedUp).as("the warm-up's log line").isPositive();
            assertThat(log.indexOf(READY, warmedUp)).as("ready after the warm-up").isGreaterThan(warmedUp);
            assertThat(log.substring(0, warmedUp)).doesNotContain(READY);
            assertThat(seen).containsExactly(ReadinessState.ACCEPTING_TRAFFIC);

            Api api = new Api(port(second));
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
            // the warm-up stored no run and set no gauge of a run
            assertThat(api.get("/api/v1/models/credit-scoring/drift-runs").json()).isEmpty();
            String metrics = api.get("/actuator/prometheus").body();
            assertThat(metrics).doesNotContain("credit_scoring_drift_share{")
                    .doesNotContain("credit_scoring_feature_drift_p_value{");

            // a run asked for afterwards is stored and sets its gauges as ever
            Answer run = api.postJson("/api/v1/models/credit-scoring/drift-runs",
                    "{\"from\":\"2025-11-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}");
            assertThat(run.status()).as(run.body()).isEqualTo(201);
            assertThat(run.json().get("prediction_count").asInt()).isEqualTo(1200);
            assertThat(api.get("/api/v1/models/credit-scoring/drift-runs").json()).hasSize(1);
            assertThat(api.get("/actuator/prometheus").body()).contains("credit_scoring_drift_share{");
        }
    }

    private ConfigurableApplicationContext start(List<ApplicationListener<?>> listeners) {
        return new SpringApplicationBuilder(ScorewatchApplication.class)
                .listeners(listeners.toArray(ApplicationListener[]::new))
                .run("--server.port=0", "--scorewatch.data-dir=" + data, "--scorewatch.schedule.rollup=-");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
