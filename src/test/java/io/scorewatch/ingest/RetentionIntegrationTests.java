package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.support.Api;

/** Raw data past {@code scorewatch.retention.raw} is purged; younger data and run results stay. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "scorewatch.retention.delete-batch=3")
class RetentionIntegrationTests {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("scorewatch.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RawDataRetention retention;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void predictionsLabelsAndErrorsOlderThan400DaysGoAndTheRestStays() {
        Api api = new Api(port);
        Instant old = Instant.now().minus(Duration.ofDays(401));
        Instant young = Instant.now().minus(Duration.ofDays(399));
        for (int i = 0; i < 10; i++) {
            Instant at = i < 7 ? old : young;
            assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "r-" + i,
                    "probability", 0.1, "client_id", "c-" + i, "timestamp", at.toString(),
                    "features", Map.of("x", i)))).status()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/ground-truth", Api.json(Map.of("prediction_id", "r-" + i,
                    "actual_default", 0, "timestamp", at.plusSeconds(60).toString()))).status()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/request-errors", Api.json(Map.of("error_type", "timeout",
                    "status", 504, "timestamp", at.toString()))).status()).isEqualTo(202);
        }
        // one batch, one block: an old prediction and a young one
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(List.of(
                Map.of("prediction_id", "r-10", "probability", 0.1, "timestamp", old.toString(), "features", Map.of("x", 10)),
                Map.of("prediction_id", "r-11", "probability", 0.1, "timestamp", young.toString(),
                        "features", Map.of("x", 11))))).status()).isEqualTo(202);
        assertThat(api.postJson("/api/v1/models/credit-scoring/monitoring-runs", "").status()).isEqualTo(201);

        RawDataRetention.Purged purged = retention.purge("credit-scoring");

        assertThat(purged.predictions()).isEqualTo(8);
        assertThat(purged.labels()).isEqualTo(7);
        assertThat(purged.requestErrors()).isEqualTo(7);
        assertThat(count("prediction")).isEqualTo(4);
        assertThat(count("feature_block")).as("the vectors of the purged predictions go with them").isEqualTo(4);
        assertThat(api.get("/api/v1/predictions/r-11").json().get("features").get("x").asDouble()).isEqualTo(11);
        assertThat(count("ground_truth")).isEqualTo(3);
        assertThat(count("request_error")).isEqualTo(3);
        assertThat(api.get("/api/v1/predictions/r-0").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/predictions/r-9").json().get("actual_default").asInt()).isZero();
        assertThat(count("monitoring_run")).isEqualTo(1);
        assertThat(retention.purge("credit-scoring").predictions()).isZero();
        assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "r-0",
                "probability", 0.1))).json().get("duplicate").asBoolean())
                .as("a purged prediction's id is free again").isFalse();
        assertThat(api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", "r-7",
                "probability", 0.1))).json().get("duplicate").asBoolean()).isTrue();
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
