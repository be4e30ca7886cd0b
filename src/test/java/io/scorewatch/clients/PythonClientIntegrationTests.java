package io.scorewatch.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import io.scorewatch.support.Executables;
import io.scorewatch.support.Ports;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Python client ({@code clients/python}) run by Debian's python3: its unit tests, then a
 * script that uses it against the service as its own process. The script sends predictions and
 * outcomes, the service is stopped while the client keeps queueing and retrying, then started
 * again on the same files and port: every prediction the client queued is stored once, and every
 * outcome joined the prediction it names.
 */
class PythonClientIntegrationTests {

    static final Path CLIENT = Path.of("clients", "python");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Path python;

    @TempDir
    Path data;

    @BeforeAll
    static void findPython() {
        python = Executables.require("python3", Executables.PYTHON_PACKAGE);
    }

    @Test
    void theClientsUnitTestsPass() throws Exception {
        Process tests = new ProcessBuilder(python.toString(), "-B", "-m", "unittest", "discover", "-s", "tests", "-v")
                .directory(CLIENT.toFile()).redirectErrorStream(true).start();
        String output = new String(tests.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tests.waitFor(5, TimeUnit.MINUTES)).as("the unit tests finished").isTrue();
        assertThat(tests.exitValue()).as("python3 -m unittest in clients/python:%n%s", output).isZero();
        assertThat(output).contains("OK").doesNotContain("skipped");
    }

    @Test
    void nothingTheClientQueuedIsLostOrStoredTwiceWhenTheServiceIsDownForAWhile() throws Exception {
        int port = Ports.free();
        Api api = new Api(port, Api.VIEWER_KEY);
        Path expectedFile = data.resolve("expected.txt");
        Process service = start(port);
        Process script = null;
        try {
            awaitHealthy(api, service);
            ProcessBuilder scenario = new ProcessBuilder(python.toString(), "-B",
                    CLIENT.resolve("tests/service_scenario.py").toString(), "http://localhost:" + port, Api.INGEST_KEY,
                    expectedFile.toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(data.resolve("client.log").toFile()));
            // the guide's datetime.now().isoformat() is local time without an offset; the service reads it as UTC
            scenario.environment().put("TZ", "UTC");
            script = scenario.start();
            Lines lines = new Lines(script);
            Writer toScript = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8);

            JsonNode first = JSON.readTree(lines.await("FLUSHED", Duration.ofMinutes(2)));
            assertThat(first.get("sent").asInt()).as("%s", first).isEqualTo(100 + 50 + 3 + 5);
            assertThat(first.get("retries").asInt()).as("%s", first).isZero();

            service.destroy(); // SIGTERM: the service stops; the client's next requests are refused
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the service stopped").isTrue();
            toScript.write("DOWN\n");
            toScript.flush();

            double callSeconds = Double.parseDouble(lines.await("RETRYING", Duration.ofMinutes(1)));
            assertThat(callSeconds).as("seconds the 150 + 100 calls took while the service was down").isLessThan(1.0);

            service = start(port);
            awaitHealthy(api, service);
            JsonNode done = JSON.readTree(lines.await("DONE", Duration.ofMinutes(4)));
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(script.exitValue()).as("the scenario script's exit (client.log: %s)", data.resolve("client.log"))
                    .isZero();
            assertThat(done.get("retries").asInt()).as("%s", done).isPositive();
            assertThat(done.get("dropped").asInt()).as("%s", done).isZero();
            assertThat(done.get("rejected").asInt()).as("%s", done).isZero();
            assertThat(done.get("sent").asInt()).as("%s", done).isEqualTo(158 + 150 + 50 + 50);

            Map<String, String> expected = new LinkedHashMap<>();
            for (String line : Files.readAllLines(expectedFile)) {
                String[] parts = line.split(" ");
                expected.put(parts[0], parts[1]);
            }
            assertThat(expected).hasSize(100 + 2 + 150);
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, String> prediction : expected.entrySet()) {
                Api.Answer answer = api.get("/api/v1/predictions/" + prediction.getKey());
                if (answer.status() != 200) {
                    wrong.add(prediction.getKey() + ": " + answer.status());
                    continue;
                }
                JsonNode stored = answer.json();
                JsonNode label = stored.get("actual_default");
                String actual = label == null || label.isNull() ? "-" : label.asString();
                if (!actual.equals(prediction.getValue()) || !"py-1".equals(stored.get("model_version").asString())) {
                    wrong.add(prediction.getKey() + ": outcome " + actual + ", expected " + prediction.getValue()
                            + ", version " + stored.get("model_version"));
                }
            }
            assertThat(wrong).as("predictions missing or with the wrong outcome (of %d)", expected.size()).isEmpty();

            // stored once: the window holds the script's predictions and the 5 the logging handler sent, no more
            JsonNode metrics = api.get("/api/v1/models/credit-scoring/metrics?window=7d").json();
            assertThat(metrics.get("prediction_count").asLong()).as("%s", metrics).isEqualTo(expected.size() + 5);
        } finally {
            if (script != null) {
                script.destroyForcibly();
            }
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /** The script's stdout, read on a thread of its own so that a wait for a line has a deadline. */
    private static final class Lines {

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Process process;

        Lines(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "python-client-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** The rest of the next line, which must start with {@code word}. */
        String await(String word, Duration timeout) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("the script's line %s within %s (it %s)", word, timeout,
                    process.isAlive() ? "still runs" : "exited with " + process.exitValue()).isNotNull();
            assertThat(line).startsWith(word + " ");
            return line.substring(word.length() + 1);
        }
    }

    private Process start(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ScorewatchApplication.class.getName(), "--server.port=" + port,
                "--scorewatch.data-dir=" + data.resolve("store"), "--scorewatch.schedule.realtime=-")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("service.log").toFile()))
                .start();
    }

    private static void awaitHealthy(Api api, Process process) {
        await("the service answers /actuator/health").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreException(UncheckedIOException.class).until(() -> {
                    assertThat(process.isAlive()).as("the service process exited").isTrue();
                    return api.get("/actuator/health").status() == 200;
                });
    }
}
