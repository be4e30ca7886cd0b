package io.scorewatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.demo.ModelCall;
import io.scorewatch.demo.ModelTraffic;
import io.scorewatch.demo.Scenario;
import io.scorewatch.support.Api;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load on the intake: synthetic credit applications ({@link ModelTraffic}) posted as single
 * predictions or batches, at a fixed rate (open loop: latency is measured from each request's
 * scheduled send time, so a slow service is not hidden by a sender that waits) or as fast as
 * possible (rate 0: {@code load.concurrency} senders, latency from the actual send), for a
 * duration or a count of predictions. Against a service it starts itself (H2 in a temporary
 * folder) or a given URL:
 *
 * <pre>
 * ./mvnw -Pbench verify -Dbench=load -Dload.rate=500 -Dload.duration=60s -Dload.mode=single
 * ./mvnw -Pbench verify -Dbench=load -Dload.rate=0 -Dload.mode=batch -Dload.batch=1000 -Dload.count=100000
 * ./mvnw -Pbench verify -Dbench=load -Dload.url=http://localhost:8080 -Dload.key=... (an ingest or admin key)
 * </pre>
 */
final class LoadGenerator {

    private static final int SINGLE_BODIES = 2_000;
    private static final int MAX_BATCH_BODIES = 10;
    private static final int WARM_UP_PREDICTIONS = 2_000;
    private static final int MAX_IN_FLIGHT = 512;
    private static final long SEED = 2024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What to send, where and how fast ({@code load.*} system properties). */
    record Settings(String url, String key, double rate, Duration duration, long count, boolean batch, int batchSize,
            int concurrency) {

        static Settings fromSystemProperties() {
            String mode = System.getProperty("load.mode", "single").strip().toLowerCase(Locale.ROOT);
            if (!mode.equals("single") && !mode.equals("batch")) {
                throw new IllegalArgumentException("load.mode must be single or batch, was " + mode);
            }
            Settings settings = new Settings(System.getProperty("load.url", "").strip(),
                    System.getProperty("load.key", "").strip(), Double.parseDouble(System.getProperty("load.rate", "500")),
                    duration(System.getProperty("load.duration", "60s")),
                    Long.parseLong(System.getProperty("load.count", "0")), mode.equals("batch"),
                    mode.equals("batch") ? Integer.parseInt(System.getProperty("load.batch", "1000")) : 1,
                    Integer.parseInt(System.getProperty("load.concurrency", "4")));
            if (settings.rate() < 0 || settings.count() < 0 || settings.batchSize() < 1 || settings.concurrency() < 1) {
                throw new IllegalArgumentException("load.rate and load.count must not be negative, load.batch and"
                        + " load.concurrency must be positive: " + settings);
            }
            return settings;
        }

        /** {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}). */
        static Duration duration(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            int unit = 0;
            while (unit < t.length() && (Character.isDigit(t.charAt(unit)) || t.charAt(unit) == '.')) {
                unit++;
            }
            double amount = Double.parseDouble(t.substring(0, unit));
            long millis = switch (t.substring(unit)) {
                case "ms" -> Math.round(amount);
                case "", "s" -> Math.round(amount * 1_000);
                case "m" -> Math.round(amount * 60_000);
                case "h" -> Math.round(amount * 3_600_000);
                default -> throw new IllegalArgumentException("load.duration: unknown unit in " + text);
            };
            return Duration.ofMillis(millis);
        }

        String describe() {
            String pace = rate == 0 ? "as fast as possible (" + concurrency + " senders)"
                    : String.format(Locale.ROOT, "%,.0f predictions/s", rate);
            String length = count > 0 ? String.format(Locale.ROOT, "%,d predictions", count) : duration.toString();
            return (batch ? "batches of " + batchSize : "single predictions") + ", " + pace + ", " + length;
        }
    }

    /** The outcome of one request. */
    private record Sample(long latencyNanos, boolean accepted, int predictions) {
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong firstError = new AtomicLong();
    private volatile String lastError = "";

    LoadGenerator(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        System.out.println("== Load generator: " + settings.describe());
        if (!settings.url().isEmpty()) {
            if (settings.key().isEmpty()) {
                throw new IllegalArgumentException("load.key is required with load.url (an ingest or admin key)");
            }
            new LoadGenerator(settings).run(settings.url(), settings.key());
            return;
        }
        Path data = Benchmarks.temporaryDirectory("scorewatch-load");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run("--server.port=0", "--logging.level.root=WARN", "--scorewatch.data-dir=" + data,
                        "--scorewatch.ingest.label-join-interval=1h")) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            System.out.println("   service started on " + base + " (H2 file in " + data + ")");
            new LoadGenerator(settings).run(base, settings.key().isEmpty() ? Api.ADMIN_KEY : settings.key());
        }
    }

    void run(String base, String key) throws Exception {
        URI uri = URI.create(base + (settings.batch() ? "/api/v1/predictions/batch" : "/api/v1/predictions"));
        List<byte[]> bodies = bodies();
        System.out.printf("   %d distinct bodies of %,d bytes on average%n", bodies.size(),
                bodies.stream().mapToLong(b -> b.length).sum() / bodies.size());
        // warm-up: the schema and dictionaries are built, the JIT compiles the hot path (not measured)
        for (int sent = 0, i = 0; sent < WARM_UP_PREDICTIONS; sent += settings.batchSize(), i++) {
            HttpResponse<Void> response = http.send(request(uri, key, bodies.get(i % bodies.size())),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("warm-up request answered " + response.statusCode());
            }
        }
        long start = System.nanoTime();
        if (settings.rate() > 0) {
            openLoop(uri, key, bodies);
        } else {
            closedLoop(uri, key, bodies);
        }
        report(System.nanoTime() - start);
    }

    private void openLoop(URI uri, String key, List<byte[]> bodies) throws InterruptedException {
        double intervalNanos = 1e9 * settings.batchSize() / settings.rate();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        long predictions = 0;
        for (long i = 0; ; i++) {
            long scheduled = start + Math.round(i * intervalNanos);
            if (settings.count() > 0 ? predictions >= settings.count()
                    : scheduled - start >= settings.duration().toNanos()) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire();
            predictions += settings.batchSize();
            http.sendAsync(request(uri, key, bodies.get((int) (i % bodies.size()))), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        record(System.nanoTime() - scheduled, response, error);
                        inFlight.release();
                    });
        }
        inFlight.acquire(MAX_IN_FLIGHT);
    }

    private void closedLoop(URI uri, String key, List<byte[]> bodies) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long end = System.nanoTime() + settings.duration().toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < settings.concurrency(); t++) {
            Thread sender = new Thread(() -> {
                while (true) {
                    long i = next.getAndIncrement();
                    if (settings.count() > 0 ? i * settings.batchSize() >= settings.count() : System.nanoTime() >= end) {
                        return;
                    }
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request(uri, key, bodies.get((int) (i % bodies.size()))),
                                HttpResponse.BodyHandlers.ofString());
                        record(System.nanoTime() - sent, response, null);
                    } catch (Exception e) {
                        record(System.nanoTime() - sent, null, e);
                    }
                }
            }, "load-" + t);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    private void record(long latencyNanos, HttpResponse<String> response, Throwable error) {
        boolean accepted = error == null && response.statusCode() == 202;
        if (!accepted && firstError.getAndIncrement() == 0) {
            lastError = error != null ? error.toString() : "HTTP " + response.statusCode() + ": " + response.body();
        }
        samples.add(new Sample(latencyNanos, accepted, settings.batchSize()));
    }

    private HttpRequest request(URI uri, String key, byte[] body) {
        return HttpRequest.newBuilder(uri).header("X-API-Key", key).header("Content-Type", "application/json")
                .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Synthetic predictions as the model API posts them (the service assigns ids and timestamps). */
    private List<byte[]> bodies() {
        ModelTraffic traffic = new ModelTraffic(SEED);
        int count = settings.batch() ? MAX_BATCH_BODIES : SINGLE_BODIES;
        List<byte[]> bodies = new ArrayList<>(count);
        long client = 0;
        for (int b = 0; b < count; b++) {
            List<Map<String, Object>> items = new ArrayList<>(settings.batchSize());
            for (int i = 0; i < settings.batchSize(); i++) {
                ModelCall call = traffic.next(Scenario.STABLE, 0);
                Map<String, Object> prediction = call.prediction(null, "load-" + client++, Instant.EPOCH,
                        "credit-scoring", "1.4.0");
                prediction.remove("prediction_id");
                prediction.remove("timestamp");
                items.add(prediction);
            }
            Object body = settings.batch() ? items : items.get(0);
            bodies.add(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private void report(long elapsedNanos) {
        long[] latencies = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
        long accepted = samples.stream().filter(Sample::accepted).mapToLong(Sample::predictions).sum();
        long failed = samples.stream().filter(s -> !s.accepted()).count();
        double seconds = elapsedNanos / 1e9;
        System.out.printf(Locale.ROOT, "   %,d requests in %.1f s: %,d predictions accepted (%,.0f predictions/s,"
                + " %,.1f requests/s), %,d failed requests%n", latencies.length, seconds, accepted, accepted / seconds,
                latencies.length / seconds, failed);
        if (failed > 0) {
            System.out.println("   first failure: " + lastError);
        }
        if (latencies.length > 0) {
            System.out.printf(Locale.ROOT, "   latency%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms,"
                    + " max %.2f ms%n", settings.rate() > 0 ? " from the scheduled send time" : "",
                    percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                    percentile(latencies, 0.999), latencies[latencies.length - 1] / 1e6);
        }
    }

    /** Nearest-rank percentile in milliseconds. */
    private static double percentile(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
