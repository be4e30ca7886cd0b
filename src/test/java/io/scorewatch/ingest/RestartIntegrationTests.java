package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;

/**
 * The default store is a file: every acknowledged prediction and label survives a restart, and
 * the file holds no client id in clear.
 */
class RestartIntegrationTests {

    @TempDir
    Path data;

    @Test
    void acknowledgedPredictionsAndLabelsSurviveARestart() throws IOException {
        List<String> ids = new ArrayList<>();
        String client = "restart-" + UUID.randomUUID();
        try (ConfigurableApplicationContext first = start()) {
            Api api = new Api(port(first));
            for (int i = 0; i < 20; i++) {
                ids.add(api.postJson("/api/v1/predictions", Api.json(Map.of("probability", i / 20.0,
                        "client_id", client + i, "features", Map.of("AGE", 20 + i, "CITY", "c" + i % 3))))
                        .json().get("prediction_id").asString());
            }
            api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client + 7, "actual_default", 1)));
        }
        // the predictions and their identity are in the database alone: no file of keys beside it
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .contains("scorewatch.mv.db").doesNotContain("scorewatch.keys.mv.db");
        }
        try (ConfigurableApplicationContext second = start()) {
            Api api = new Api(port(second));
            for (int i = 0; i < ids.size(); i++) {
                var stored = api.get("/api/v1/predictions/" + ids.get(i)).json();
                assertThat(stored.get("probability").asDouble()).isEqualTo(i / 20.0);
                assertThat(stored.get("features").get("AGE").asDouble()).isEqualTo(20 + i);
                assertThat(stored.get("features").get("CITY").asString()).isEqualTo("c" + i % 3);
            }
            assertThat(api.get("/api/v1/predictions/" + ids.get(7)).json().get("actual_default").asInt()).isEqualTo(1);
            // the client-id key survived too: a new label for an old client still joins
            var label = api.postJson("/api/v1/ground-truth", Api.json(Map.of("client_id", client + 3,
                    "actual_default", 0))).json();
            assertThat(label.get("prediction_id").asString()).isEqualTo(ids.get(3));
            // and an id stored before the restart is still known: posted again, it is not stored twice
            var again = api.postJson("/api/v1/predictions", Api.json(Map.of("prediction_id", ids.get(5),
                    "probability", 0.9))).json();
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/predictions/" + ids.get(5)).json().get("probability").asDouble())
                    .isEqualTo(5 / 20.0);
        }
        // the store holds client ids only as keyed hashes: not one of them is in the files in clear
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(client);
                assertThat(content).as(file.toString()).doesNotContain(
                        new String(client.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ScorewatchApplication.class)
                .run("--server.port=0", "--scorewatch.data-dir=" + data);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
