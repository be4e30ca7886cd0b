package io.scorewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.Api.Answer;
import io.scorewatch.support.Ports;

/**
 * The service as its own process on the default H2 file store: killed with SIGKILL in the
 * middle of a stream of predictions, then started again on the same files, it has every
 * prediction it answered 202 to. Stopped with SIGTERM while a large batch is in flight, it
 * finishes the batch first.
 */
class CrashIntegrationTests {

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedPredictionSurvivesAKillAndInFlightWorkFinishesOnAStop() throws Exception {
        int port = Ports.free();
        Api api = new Api(port);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Process first = start(port);
        try {
            awaitHealthy(api, first);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int writer = 0; writer < 3; writer++) {
                int w = writer;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            if (w == 0) {
                                String id = "single-" + i;
                                if (api.postJson("/api/v1/predictions", prediction(id)).status() == 202) {
                                    acknowledged.add(id);
                                }
                            } else {
                                List<String> ids = new ArrayList<>();
                                StringBuilder ndjson = new StringBuilder();
                                for (int k = 0; k < 50; k++) {
                                    String id = "batch-" + w + "-" + i + "-" + k;
                                    ids.add(id);
                                    ndjson.append(prediction(id)).append('\n');
                                }
                                if (api.post("/api/v1/predictions/batch", "application/x-ndjson", ndjson.toString())
                                        .status() == 202) {
                                    acknowledged.addAll(ids);
                                }
                            }
                        } catch (UncheckedIOException killed) {
                            return;
                        }
                    }
                }));
            }
            // a few hundred acknowledged, and the writers still going: the kill falls amid them
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 500);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            first.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThan(100);
        System.out.printf("%d predictions acknowledged before SIGKILL%n", acknowledged.size());

        Process second = start(port);
        try {
            awaitHealthy(api, second);
            List<String> lost = acknowledged.stream()
                    .filter(id -> api.get("/api/v1/predictions/" + id).status() != 200).toList();
            assertThat(lost).as("acknowledged before the kill, missing after it (of %d)", acknowledged.size())
                    .isEmpty();
            // and known as stored: posted again, not one is stored a second time
            List<String> again = acknowledged.stream().limit(40).toList();
            var reposted = api.postJson("/api/v1/predictions/batch",
                    again.stream().map(CrashIntegrationTests::prediction).collect(Collectors.joining(",", "[", "]")))
                    .json();
            assertThat(reposted.get("duplicates").asInt()).isEqualTo(again.size());

            // SIGTERM while a 10,000-item batch is being stored: the batch completes and is kept
            StringBuilder batch = new StringBuilder();
            for (int k = 0; k < 10_000; k++) {
                batch.append(prediction("in-flight-" + k)).append('\n');
            }
            CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(() -> api.post(
                    "/api/v1/predictions/batch", "application/x-ndjson", batch.toString()));
            // SIGTERM once the service is working on the batch
            await().atMost(Duration.ofSeconds(60)).until(() -> batchesInProgress(api) > 0);
            second.destroy();
            Answer answer = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            second.destroyForcibly();
        }

        Process third = start(port);
        try {
            awaitHealthy(api, third);
            assertThat(api.get("/api/v1/predictions/in-flight-0").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/predictions/in-flight-9999").status()).isEqualTo(200);
        } finally {
            third.destroyForcibly();
            third.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String prediction(String id) {
        Map<String, Object> prediction = new LinkedHashMap<>();
        prediction.put("prediction_id", id);
        prediction.put("client_id", "client-" + id);
        prediction.put("probability", 0.25);
        prediction.put("latency_ms", 12.5);
        prediction.put("features", Map.of("AMT_CREDIT", 406597.5, "AGE", 41, "CONTRACT", "Cash loans"));
        return Api.json(prediction);
    }

    private Process start(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ScorewatchApplication.class.getName(), "--server.port=" + port, "--scorewatch.data-dir=" + data.resolve("store"),
                "--scorewatch.schedule.realtime=-",
                // the in-flight batch of 10,000 finishes within the grace period on a loaded machine too
                "--spring.lifecycle.timeout-per-shutdown-phase=90s")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("service.log").toFile()))
                .start();
    }

    private static void awaitHealthy(Api api, Process process) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("the service process exited").isTrue();
            try {
                return api.get("/actuator/health").status() == 200;
            } catch (UncheckedIOException notYet) {
                return false; // still starting
            }
        });
    }

    /** Batch requests the service is handling now, as its active-requests meter counts them. */
    private static int batchesInProgress(Api api) {
        int active = 0;
        for (String line : api.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("http_server_requests_active_seconds_count{")
                    && line.contains("method=\"POST\"")) {
                active += (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return active;
    }
}
