package io.scorewatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics endpoint over a large window on the default store (H2 file): starts the service
 * on a temporary data folder, posts 1,000,000 predictions (5 features, latencies) spread over the
 * last 7 days through the HTTP batch API and 100,000 labels by prediction id through the
 * ground-truth batch API, then times {@code GET /api/v1/models/credit-scoring/metrics} over the
 * whole window: one warm-up call, then {@value #RUNS} timed calls; prints the median and minimum.
 * For comparison it then restarts the service on the same data with a 128 MB H2 page cache and
 * times the calls again.
 *
 * <p>Run: {@code ./mvnw -Pbench verify -Dbench=metrics}.
 */
public final class MetricsBenchmark {

    private static final int PREDICTIONS = 1_000_000;
    private static final int LABELS = 100_000;
    private static final int BATCH = 10_000;
    private static final int SENDERS = 2;
    private static final int RUNS = 7;
    private static final Duration SPAN = Duration.ofDays(14);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final int LARGER_CACHE_KB = 131_072;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private MetricsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Benchmarks.temporaryDirectory("scorewatch-metrics-bench");
        System.out.println("== Metrics benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB), H2 file store in " + data);
        try {
            run(data);
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void run(Path data) throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(SPAN);
        try (ConfigurableApplicationContext app = start(data)) {
            String base = base(app);
            long start = System.nanoTime();
            send(base + "/api/v1/predictions/batch", PREDICTIONS / BATCH, b -> predictions(b, from));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("loaded %,d predictions (5 features) over HTTP in %.1f s (%,.0f/s)%n", PREDICTIONS,
                    seconds, PREDICTIONS / seconds);

            start = System.nanoTime();
            send(base + "/api/v1/ground-truth/batch", LABELS / BATCH, MetricsBenchmark::labels);
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("loaded %,d labels by prediction id over HTTP in %.1f s (%,.0f/s)%n", LABELS, seconds,
                    LABELS / seconds);

            time("default store, whole window", base, from, to, PREDICTIONS);
            time("default store, last 7 days", base, to.minus(WEEK), to, PREDICTIONS / 2);
        }
        // for comparison: the same data with a larger H2 page cache (H2's default is 16 MB)
        try (ConfigurableApplicationContext app = start(data, "--spring.datasource.url=jdbc:h2:file:" + data
                + "/scorewatch;WRITE_DELAY=0;ANALYZE_AUTO=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + LARGER_CACHE_KB)) {
            String setup = "H2 CACHE_SIZE=" + LARGER_CACHE_KB + " (after a restart), ";
            time(setup + "whole window", base(app), from, to, PREDICTIONS);
            time(setup + "last 7 days", base(app), to.minus(WEEK), to, PREDICTIONS / 2);
        }
    }

    private static ConfigurableApplicationContext start(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--scorewatch.data-dir=" + data, "--scorewatch.ingest.label-join-interval=1h",
                "--scorewatch.schedule.realtime=0 0 0 1 1 *"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ScorewatchApplication.class).run(args.toArray(String[]::new));
    }

    private static String base(ConfigurableApplicationContext app) {
        return "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** One warm-up call, then {@link #RUNS} timed calls over [from, to), which holds {@code expected} predictions. */
    private static void time(String setup, String base, Instant from, Instant to, int expected) throws Exception {
        String url = base + "/api/v1/models/credit-scoring/metrics?from=" + encode(from) + "&to=" + encode(to);
        JsonNode answer = JSON.readTree(get(url));
        if (Math.abs(answer.get("prediction_count").asLong() - expected) > 1) {
            throw new IllegalStateException("expected " + expected + " predictions in the window: " + answer);
        }
        JsonNode change = answer.get("system").get("request_volume_change");
        System.out.printf("window %s .. %s: %,d predictions, %,d labelled, ROC AUC %.4f, p95 latency %.2f ms,"
                + " previous window %s%n", from, to, answer.get("prediction_count").asLong(),
                answer.get("performance").get("labeled_count").asLong(),
                answer.get("performance").get("roc_auc").asDouble(),
                answer.get("system").get("latency_p95_ms").asDouble(),
                change.isNull() ? "empty" : "not empty (request volume change " + change.asDouble() + ")");
        double[] millis = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long t = System.nanoTime();
            get(url);
            millis[run] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("%s: GET /metrics, %d runs (ms): %s%n", setup, RUNS,
                Arrays.toString(Arrays.stream(millis).mapToLong(Math::round).toArray()));
        Arrays.sort(millis);
        System.out.printf("%s: GET /metrics median %.0f ms, min %.0f ms%n", setup, millis[RUNS / 2], millis[0]);
    }

    /** Posts {@code batches} bodies from {@link #SENDERS} threads. */
    private static void send(String url, int batches, java.util.function.IntFunction<String> body) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            done.add(senders.submit(() -> {
                int b;
                while ((b = next.getAndIncrement()) < batches) {
                    post(url, body.apply(b));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
    }

    /** Batch {@code b}: predictions {@code b * BATCH ..}, evenly spread over the window, ids "p-<n>". */
    private static String predictions(int b, Instant from) {
        SplittableRandom random = new SplittableRandom(b);
        long spanMicros = SPAN.toNanos() / 1_000;
        List<Map<String, Object>> items = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            long n = (long) b * BATCH + i;
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("AMT_INCOME_TOTAL", Math.round(random.nextDouble() * 5e7) / 100.0);
            features.put("AMT_CREDIT", Math.round(random.nextDouble() * 1e8) / 100.0);
            features.put("DAYS_BIRTH", -7000 - random.nextInt(18000));
            features.put("EXT_SOURCE_2", random.nextDouble());
            features.put("NAME_CONTRACT_TYPE", random.nextInt(10) == 0 ? "Revolving loans" : "Cash loans");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("prediction_id", "p-" + n);
            item.put("timestamp", from.plus(n * spanMicros / PREDICTIONS, ChronoUnit.MICROS).toString());
            item.put("probability", Math.pow(random.nextDouble(), 3));
            item.put("latency_ms", 5 + 40 * random.nextDouble());
            item.put("features", features);
            items.add(item);
        }
        return JSON.writeValueAsString(items);
    }

    /** Batch {@code b} of labels: every tenth prediction, 8% of them defaults (at random). */
    private static String labels(int b) {
        SplittableRandom random = new SplittableRandom(1_000_000 + b);
        List<Map<String, Object>> items = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            long n = 10L * ((long) b * BATCH + i);
            items.add(Map.of("prediction_id", "p-" + n, "actual_default", random.nextInt(100) < 8 ? 1 : 0));
        }
        return JSON.writeValueAsString(items);
    }

    private static void post(String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5)).header("X-API-Key", io.scorewatch.support.Api.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5)).header("X-API-Key", io.scorewatch.support.Api.ADMIN_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
