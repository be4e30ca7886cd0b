package io.scorewatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * Features with a mass point through the HTTP API, under the policy each subclass configures: a
 * constant reference feature whose window moves up, and a zero-inflated feature (95% zeros)
 * whose window keeps only half its zeros, are flagged, with a significant PSI; a reference with
 * a number beyond the double range is refused naming its line and column.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class MassPointDriftContract {

    static final String MODEL = "overdue";

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** A model whose features come from its reference. */
    static Path configDir(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/" + MODEL + ".yaml"), Files.readString(
                Path.of("config/models/credit-scoring.yaml")).replace("name: credit-scoring", "name: " + MODEL));
        return dir;
    }

    abstract String policy();

    @Test
    void aShiftOffAMassPointIsFlagged() {
        StringBuilder reference = new StringBuilder("FLAG_LEVEL,DAYS_OVERDUE,probability,target\n");
        for (int i = 0; i < 400; i++) {
            // 95% zeros, the rest 1 to 20 days
            int overdue = i % 20 == 19 ? 1 + i / 20 : 0;
            reference.append("5.0,").append(overdue).append(',').append(0.05 + i % 10 / 100.0).append(',')
                    .append(i % 10 == 0 ? 1 : 0).append('\n');
        }
        Answer uploaded = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv", reference.toString());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);

        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        StringBuilder window = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            // the constant moves up to 6; half the window is overdue 1 to 30 days
            int overdue = i % 2 == 0 ? 0 : 1 + i % 30;
            window.append(Api.json(Map.of("prediction_id", "mass-" + policy() + "-" + i, "model", MODEL,
                    "timestamp", from.plusSeconds(10 + i).toString(), "prediction", 0, "probability", 0.1,
                    "features", Map.of("FLAG_LEVEL", 6.0, "DAYS_OVERDUE", overdue)))).append('\n');
        }
        Answer posted = api.post("/api/v1/predictions/batch", "application/x-ndjson", window.toString());
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);

        Answer answer = api.postJson("/api/v1/models/" + MODEL + "/drift-runs", Api.json(Map.of(
                "from", from.toString(), "to", from.plus(1, ChronoUnit.HOURS).toString())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode run = answer.json();

        assertThat(run.get("prediction_count").asLong()).isEqualTo(150);
        for (JsonNode feature : run.get("features")) {
            String name = feature.get("name").asString();
            assertThat(feature.get("drifted").asBoolean()).as(name + " under " + policy()).isTrue();
            assertThat(feature.get("psi").asDouble()).as(name + " psi").isGreaterThan(0.25);
            assertThat(feature.get("psi_band").asString()).isEqualTo("significant");
            assertThat(feature.get("distance").isNumber()).as(name + " distance").isTrue();
            assertThat(feature.get("p_value").asDouble()).as(name + " p-value").isLessThan(0.05);
        }
        assertThat(run.get("features")).hasSize(2);
    }

    @Test
    void aReferenceWithANumberBeyondTheDoubleRangeIsRefusedNamingLineAndColumn() {
        Answer answer = api.put("/api/v1/models/" + MODEL + "/reference", "text/csv",
                "FLAG_LEVEL,DAYS_OVERDUE,probability,target\n5.0,0,0.1,0\n5.0,1e400,0.2,1\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("line").asLong()).isEqualTo(3);
        assertThat(problem.get("column").asString()).isEqualTo("DAYS_OVERDUE");
        assertThat(problem.get("column_index").asInt()).isEqualTo(2);
        assertThat(problem.get("detail").asString()).contains("Line 3", "DAYS_OVERDUE", "1e400");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("DAYS_OVERDUE");
    }
}
