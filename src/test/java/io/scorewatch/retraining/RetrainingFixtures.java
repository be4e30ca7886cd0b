package io.scorewatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import tools.jackson.databind.JsonNode;

/** Models, data and waiting, shared by the retraining contracts. */
final class RetrainingFixtures {

    static final Path SCRIPTS = Path.of("src/test/resources/retraining").toAbsolutePath();

    private RetrainingFixtures() {
    }

    /** A config folder with credit-scoring and, as copies of it, the named models. */
    static Path configDir(Path dir, String... models) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        String definition = Files.readString(Path.of("config/models/credit-scoring.yaml"));
        Files.writeString(dir.resolve("models/credit-scoring.yaml"), definition);
        for (String model : models) {
            Files.writeString(dir.resolve("models/" + model + ".yaml"),
                    definition.replace("name: credit-scoring", "name: " + model));
        }
        return dir;
    }

    /** One prediction of the model that names its version. */
    static void predictionOfVersion(Api api, String model, String version) {
        Answer answer = api.postJson("/api/v1/predictions", Api.json(Map.of("model", model, "model_version",
                version, "probability", 0.2)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    /**
     * 150 labelled predictions of the model over the last hours whose probabilities rank the
     * outcomes backwards: ROC-AUC far below the retraining threshold.
     */
    static void degradedPredictions(Api api, String model) {
        List<Map<String, Object>> predictions = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Map<String, Object> prediction = new LinkedHashMap<>();
            prediction.put("prediction_id", model + "-" + i);
            prediction.put("model", model);
            prediction.put("probability", i / 150.0);
            predictions.add(prediction);
            labels.add(Map.of("prediction_id", model + "-" + i, "actual_default", i < 30 ? 1 : 0));
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(predictions)).status()).isEqualTo(202);
        Answer joined = api.postJson("/api/v1/ground-truth/batch", Api.json(labels));
        assertThat(joined.status()).as(joined.body()).isEqualTo(202);
    }

    /** The run once it has finished, waiting for it a while. */
    static JsonNode awaitFinished(Api api, long id, Duration patience) {
        return await("run " + id + " finished").atMost(patience).pollInterval(Duration.ofMillis(100)).until(() -> {
            Answer answer = api.get("/api/v1/retraining-runs/" + id);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            return answer.json();
        }, run -> run.get("state").asString().equals("finished"));
    }

    /** The newest run of the model and kind. */
    static JsonNode latest(Api api, String model, String kind) {
        Answer answer = api.get("/api/v1/retraining-runs?model=" + model + "&kind=" + kind + "&limit=1");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).as("runs of %s", model).hasSize(1);
        return answer.json().get(0);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
