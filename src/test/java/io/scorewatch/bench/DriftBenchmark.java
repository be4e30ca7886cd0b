package io.scorewatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Executables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole drift run through the running service on the default H2 file store: reference of
 * 300,000 rows x 200 numerical features uploaded as CSV, then windows of 10k, 50k, 250k and 1M
 * predictions, each the median of 7 runs after 3 warm-up runs of the first window; side by side
 * with the monitoring guide's scipy loop (ks_2samp per feature) on the 50k window. Then the
 * service is started again, as a process of its own with this JVM's heap and collector, on the
 * same store: the first 50k run after that start against the median of the 7 runs after it.
 * The first run is sent as soon as the service reports ready (readiness), as a load balancer
 * would: what a user's first run after a start meets, whatever the service does before it
 * reports ready.
 * Sizes: -Dbench.reference-rows, -Dbench.features, -Dbench.windows=10000,50000,...
 */
final class DriftBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final int REPEATS = 7;
    private static final int WARM_UP = 3;
    private static final int BATCH = 1_000;
    /** The summaries' roll-up would summarise the loaded history while the runs are timed: off. */
    private static final String NO_ROLLUP = "--scorewatch.schedule.rollup=-";

    public static void main(String[] args) throws Exception {
        int referenceRows = Integer.getInteger("bench.reference-rows", 300_000);
        int features = Integer.getInteger("bench.features", 200);
        int[] windows = Arrays.stream(System.getProperty("bench.windows", "10000,50000,250000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int total = Arrays.stream(windows).max().orElseThrow();
        Path dir = Benchmarks.temporaryDirectory("scorewatch-drift-bench");
        System.out.printf("== Drift benchmark: reference %,d rows x %d features, windows %s, heap %d MB%n",
                referenceRows, features, Arrays.toString(windows), Runtime.getRuntime().maxMemory() >> 20);

        Path referenceCsv = dir.resolve("reference.csv");
        writeReferenceCsv(referenceCsv, referenceRows, features, new SplittableRandom(1));
        System.out.printf("reference CSV: %,d MB%n", Files.size(referenceCsv) >> 20);

        double scipy = Double.NaN;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class).run(
                "--server.port=0", "--logging.level.root=WARN", "--scorewatch.data-dir=" + dir.resolve("data"),
                "--scorewatch.ingest.label-join-interval=1h", NO_ROLLUP)) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            long start = System.nanoTime();
            HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/models/credit-scoring/reference")).header("X-API-Key", io.scorewatch.support.Api.ADMIN_KEY).header("Content-Type", "text/csv")
                    .PUT(HttpRequest.BodyPublishers.ofFile(referenceCsv)).build(), HttpResponse.BodyHandlers.ofString());
            check(upload, 200);
            System.out.printf("reference upload: %.1f s%n", (System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            load(base, total, features);
            System.out.printf("loaded %,d predictions over HTTP in %.1f s%n", total, (System.nanoTime() - start) / 1e9);

            // the first runs compile the drift code: timed apart, then the runs are measured warm
            double[] warmUp = new double[WARM_UP];
            for (int r = 0; r < WARM_UP; r++) {
                warmUp[r] = driftRun(base, windows[0]);
            }
            System.out.printf("warm-up: %d runs of the %,d-row window, the first (cold) %.3f s, the last %.3f s%n",
                    WARM_UP, windows[0], warmUp[0], warmUp[WARM_UP - 1]);
            for (int rows : windows) {
                double[] seconds = new double[REPEATS];
                for (int r = 0; r < REPEATS; r++) {
                    seconds[r] = driftRun(base, rows);
                }
                Arrays.sort(seconds);
                System.out.printf("drift run, window %,9d rows: median %.3f s, min %.3f s (heap used after: %d MB)%n",
                        rows, seconds[REPEATS / 2], seconds[0],
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
                if (rows == 50_000 || rows == windows[0] && Arrays.stream(windows).noneMatch(w -> w == 50_000)) {
                    Path windowCsv = dir.resolve("window.csv");
                    writeWindowCsv(windowCsv, rows, features);
                    scipy = scipy(referenceCsv, windowCsv);
                    System.out.printf("monitoring guide's scipy loop (ks_2samp x %d), same data: median %.3f s -> scorewatch is"
                            + " %.1fx faster%n", features, scipy, scipy / seconds[REPEATS / 2]);
                }
            }
        }
        afterARestart(dir, Arrays.stream(windows).filter(w -> w == 50_000).findFirst().orElse(windows[0]), scipy);
    }

    /**
     * The service started again on the same store, in a JVM of its own (as it runs in production,
     * without the benchmark's data in its heap): its first drift run against the median of the 7
     * after it, and that median against the scipy loop.
     */
    private static void afterARestart(Path dir, int rows, double scipy) throws Exception {
        int port = io.scorewatch.support.Ports.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-Xm") || arg.startsWith("-XX:")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScorewatchApplication.class.getName(),
                "--server.port=" + port, "--logging.level.root=WARN", "--scorewatch.data-dir=" + dir.resolve("data"),
                "--scorewatch.ingest.label-join-interval=1h", NO_ROLLUP));
        Process service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("restart.log").toFile())).start();
        try {
            String base = "http://localhost:" + port;
            long start = System.nanoTime();
            awaitReady(base, service);
            System.out.printf("restarted (own JVM, %s): ready after %.1f s%n", command.subList(1, command.indexOf(
                    "-cp")), (System.nanoTime() - start) / 1e9);
            double cold = driftRun(base, rows);
            double[] seconds = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                seconds[r] = driftRun(base, rows);
            }
            Arrays.sort(seconds);
            System.out.printf("after the restart, window %,d rows: first run %.3f s, then median %.3f s:"
                    + " first / warm %.2fx; the scipy loop on the same window / warm %.1fx%n", rows, cold,
                    seconds[REPEATS / 2], cold / seconds[REPEATS / 2], scipy / seconds[REPEATS / 2]);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    /**
     * Waits until the service reports ready (the readiness group), which it does once it has
     * read its references and warmed up its drift code: it may answer healthy before that.
     */
    private static void awaitReady(String base, Process service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the restarted service exited");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(200); // polling interval
        }
        throw new IllegalStateException("the restarted service was not ready within 5 minutes");
    }

    /** One drift run over the first {@code rows} predictions: its time in seconds. */
    private static double driftRun(String base, int rows) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> run = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/models/credit-scoring/drift-runs")).header("X-API-Key", io.scorewatch.support.Api.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "from", START.toString(), "to", START.plusSeconds(rows).toString()))))
                .build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        check(run, 201);
        JsonNode answer = JSON.readTree(run.body());
        if (answer.get("prediction_count").asInt() != rows) {
            throw new IllegalStateException("window holds " + answer.get("prediction_count"));
        }
        if (!"exact".equals(answer.get("method").asString())) {
            throw new IllegalStateException("the run was computed from summaries, not from the rows");
        }
        return seconds;
    }

    /** Predictions 1 second apart from START, feature values as the window CSV has them. */
    private static void load(String base, int total, int features) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int from = 0; from < total; from += BATCH) {
            int first = from;
            done.add(senders.submit(() -> {
                List<double[]> rows = windowBatch(first, Math.min(BATCH, total - first), features);
                List<Map<String, Object>> items = new ArrayList<>(rows.size());
                for (int k = 0; k < rows.size(); k++) {
                    double[] row = rows.get(k);
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int f = 0; f < features; f++) {
                        values.put("F" + f, row[f]);
                    }
                    int i = first + k;
                    items.add(Map.of("prediction_id", "b" + i, "timestamp", START.plusSeconds(i).toString(),
                            "probability", row[features], "features", values));
                }
                check(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/predictions/batch"))
                        .header("X-API-Key", io.scorewatch.support.Api.ADMIN_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(items))).build(),
                        HttpResponse.BodyHandlers.ofString()), 202);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
    }

    /**
     * Window rows first .. first + count - 1 (features, then the probability): the same values
     * whether posted to the service or written for the scipy loop.
     */
    private static List<double[]> windowBatch(int first, int count, int features) {
        SplittableRandom random = new SplittableRandom(1_000_003L * first + 2);
        List<double[]> rows = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double[] row = new double[features + 1];
            for (int f = 0; f < features; f++) {
                row[f] = value(random, f);
            }
            row[features] = random.nextDouble() * 0.4;
            rows.add(row);
        }
        return rows;
    }

    /** The first rows of the window as posted, as CSV for the scipy loop. */
    private static void writeWindowCsv(Path file, int rows, int features) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(header(features) + "\n");
            StringBuilder line = new StringBuilder();
            for (int first = 0; first < rows; first += BATCH) {
                for (double[] row : windowBatch(first, Math.min(BATCH, rows - first), features)) {
                    line.setLength(0);
                    for (int f = 0; f < features; f++) {
                        line.append(f == 0 ? "" : ",").append(row[f]);
                    }
                    out.write(line.append('\n').toString());
                }
            }
        }
    }

    private static String header(int features) {
        StringBuilder header = new StringBuilder();
        for (int f = 0; f < features; f++) {
            header.append(f == 0 ? "" : ",").append("F").append(f);
        }
        return header.toString();
    }

    private static double value(SplittableRandom random, int feature) {
        double x = random.nextGaussian() * (1 + feature % 7) + feature % 5;
        return Math.round(x * 1000) / 1000.0;
    }

    private static void writeReferenceCsv(Path file, int rows, int features, SplittableRandom random)
            throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(header(features) + ",target,probability\n");
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                for (int f = 0; f < features; f++) {
                    line.append(f == 0 ? "" : ",").append(value(random, f));
                }
                double p = random.nextDouble() * 0.4;
                line.append(',').append(random.nextDouble() < p ? 1 : 0).append(',').append(p);
                out.write(line.append('\n').toString());
            }
        }
    }

    private static double scipy(Path reference, Path window) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Executables.require("python3", Executables.PYTHON_SCIPY_PACKAGES).toString(),
                "src/test/python/guide_drift_loop.py",
                reference.toString(), window.toString(), "3").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0 || !output.contains("scipy_seconds")) {
            throw new IllegalStateException("scipy loop failed: " + output);
        }
        String line = output.lines().filter(l -> l.startsWith("scipy_seconds")).findFirst().orElseThrow();
        return Double.parseDouble(line.split(" ")[1]);
    }

    private static void check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
