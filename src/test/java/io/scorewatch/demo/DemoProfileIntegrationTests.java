package io.scorewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The demo profile on a small scale: the service starts, the simulator uploads a reference,
 * back-fills a history with a new segment arriving part-way and outcomes of the older
 * predictions, runs drift and monitoring, and the drift alerts fire; live traffic follows.
 */
class DemoProfileIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path data;

    @Test
    void theDemoFillsTheServiceThroughItsApi() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .profiles("demo")
                .run("--server.port=0", "--scorewatch.data-dir=" + data, "--scorewatch.schedule.realtime=-",
                        "--scorewatch.demo.reference-rows=1500", "--scorewatch.demo.history-per-day=150",
                        "--scorewatch.demo.live-rate=2", "--scorewatch.demo.label-interval=1s")) {
            assertThat(app.getBeansOfType(DemoTraffic.class)).as("the demo's traffic under the demo profile").hasSize(1);
            Api viewer = new Api(((WebServerApplicationContext) app).getWebServer().getPort(), "demo-viewer-key");

            JsonNode monitoringRuns = waitFor(viewer, "/api/v1/models/credit-scoring/monitoring-runs");
            assertThat(monitoringRuns).hasSize(1);
            assertThat(monitoringRuns.get(0).get("retraining").get("should_retrain").asBoolean()).isTrue();

            JsonNode driftRuns = viewer.get("/api/v1/models/credit-scoring/drift-runs").json();
            assertThat(driftRuns.size()).isGreaterThanOrEqualTo(1);
            JsonNode month = viewer.get("/api/v1/models/credit-scoring/metrics?window=30d").json();
            assertThat(month.get("prediction_count").asLong()).isGreaterThan(30 * 150 * 9 / 10);
            // outcomes arrive 14 days after their prediction: about half of the month is labelled
            long labelled = month.get("performance").get("labeled_count").asLong();
            assertThat(labelled).isBetween(month.get("prediction_count").asLong() * 2 / 5,
                    month.get("prediction_count").asLong() * 3 / 5);
            assertThat(month.get("performance").get("roc_auc").asDouble()).isBetween(0.65, 0.88);
            assertThat(viewer.get("/api/v1/models/credit-scoring/metrics?window=7d").json().get("performance")
                    .get("labeled_count").asLong()).isZero();

            JsonNode alerts = viewer.get("/api/v1/alerts?state=firing").json();
            assertThat(alerts.findValuesAsString("rule")).contains("drift_share", "feature_drift");

            long before = viewer.get("/api/v1/models/credit-scoring/metrics?window=1h").json().get("prediction_count")
                    .asLong();
            await("live traffic adds predictions").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> viewer.get("/api/v1/models/credit-scoring/metrics?window=1h").json()
                            .get("prediction_count").asLong(), count -> count > before);
        }
    }

    private static JsonNode waitFor(Api api, String path) {
        return await("something at " + path).atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(path), answer -> answer.status() == 200 && answer.json().size() > 0).json();
    }
}
