package io.scorewatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.demo.ModelTraffic;
import io.scorewatch.demo.Scenario;
import io.scorewatch.support.Api;
import io.scorewatch.support.EmbeddedPostgresServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intake over real HTTP into the running service, on the default H2 file store and on
 * PostgreSQL: (1) batches of 1,000 synthetic credit applications ({@link ModelTraffic}: 207
 * features, 191 numerical and 16 categorical, many missing), from two client threads; (2) single
 * predictions at a fixed rate (H2: {@code intake.h2-single-rate}, default 200 requests/s;
 * PostgreSQL: {@code intake.postgresql-single-rate}, default 500) from 32 threads, each on a
 * keep-alive connection of its own ({@link BlockingHttpConnection}), latency measured from each
 * request's scheduled send time (no coordinated omission: a request whose thread is still busy
 * with an earlier one starts late, and that wait counts).
 *
 * <p>Both phases are measured in steady state, after a warm-up ({@code intake.warmup-seconds},
 * default 60 s, of batches; {@code intake.singles-warmup-seconds}, default 30 s, of singles) in
 * which the JIT compiler compiles the service's hot paths: the single requests' path (one small
 * transaction per request, the servlet and filter chain at 500 requests a second) is not the
 * batches' one, and after a few seconds of singles the compiler is still compiling it, on the
 * cores the measurement needs. The batch warm-up goes on until the store holds {@code
 * intake.h2-stored} (default 2,000,000) or {@code intake.postgresql-stored} (default 0)
 * predictions, so that the rate is measured on a store of that size. The bodies carry no
 * prediction id, so the service gives every prediction posted a new one (a random UUID) and a few
 * bodies, sent again and again, are enough.
 */
final class IntakeBenchmark {

    private static final ModelTraffic TRAFFIC = new ModelTraffic(42);
    /** Predictions in one posted batch ({@code intake.batch}). */
    private static final int BATCH = Integer.getInteger("intake.batch", 1_000);
    private static final int BODIES = 8;
    private static final int ROUNDS = 9;
    /** Batches in one measured round ({@code intake.batches-per-round}). */
    private static final int BATCHES_PER_ROUND = Integer.getInteger("intake.batches-per-round", 20);
    /** Threads posting batches, each on its own connection ({@code intake.batch-threads}). */
    private static final int BATCH_THREADS = Integer.getInteger("intake.batch-threads", 2);
    private static final long WARMUP_SECONDS = Long.getLong("intake.warmup-seconds", 60);
    private static final int SINGLE_SECONDS = 20;
    /** Threads sending the single predictions. */
    private static final int SENDERS = 32;
    private static final long SINGLES_WARMUP_SECONDS = Long.getLong("intake.singles-warmup-seconds", 30);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Path data = Benchmarks.temporaryDirectory("scorewatch-bench");
        System.out.println("== Intake benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB, collector " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName() + ")");
        String stores = System.getProperty("intake.stores", "h2,postgresql");
        if (stores.contains("h2")) {
            run("H2 file", Long.getLong("intake.h2-stored", 2_000_000), Integer.getInteger("intake.h2-single-rate",
                    200), "--scorewatch.data-dir=" + data);
        }
        if (stores.contains("postgresql")) {
            run("PostgreSQL", Long.getLong("intake.postgresql-stored", 0), Integer.getInteger(
                    "intake.postgresql-single-rate", 500), EmbeddedPostgresServer.newDatabaseArguments()
                            .toArray(String[]::new));
        }
    }

    private static void run(String store, long stored, int singleRate, String... properties) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--scorewatch.ingest.label-join-interval=1h"));
        args.addAll(List.of(properties));
        args.addAll(Benchmarks.serviceArguments("intake.args"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run(args.toArray(String[]::new))) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            SplittableRandom random = new SplittableRandom(42);
            List<byte[]> batches = new ArrayList<>();
            for (int i = 0; i < BODIES; i++) {
                batches.add(batch(random));
            }
            // warm-up: the schema and dictionaries are built, the JIT compiles the hot path, the
            // store fills to its size
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            long posted = 0;
            long fillStart = System.nanoTime();
            while (System.nanoTime() < warm || posted < stored) {
                batchRound(base, batches);
                posted += BATCHES_PER_ROUND * BATCH;
            }
            System.out.printf("%-10s store filled with %,d predictions in %.0f s%n", store, posted,
                    (System.nanoTime() - fillStart) / 1e9);
            double[] rates = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                rates[round] = batchRound(base, batches);
            }
            Arrays.sort(rates);
            System.out.printf("%-10s batch intake, 207 features, batches of %d from %d threads, rounds of %d"
                    + " batches: median %,.0f predictions/s (rounds: %s)%n", store, BATCH, BATCH_THREADS,
                    BATCHES_PER_ROUND, rates[ROUNDS / 2], Arrays.toString(Arrays.stream(rates)
                            .mapToLong(Math::round).toArray()));
            singles(store, base, random, singleRate);
        }
    }

    /** One round: BATCHES_PER_ROUND batches from BATCH_THREADS threads; answers predictions per second. */
    private static double batchRound(String base, List<byte[]> batches) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(BATCH_THREADS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < BATCH_THREADS; t++) {
            done.add(senders.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < BATCHES_PER_ROUND) {
                    post(base + "/api/v1/predictions/batch", batches.get(i % batches.size()));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        return BATCHES_PER_ROUND * BATCH / seconds;
    }

    private static void singles(String store, String base, SplittableRandom random, int rate) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bodies.add(JSON.writeValueAsBytes(prediction(random)));
        }
        atFixedRate(base, bodies, rate, (int) SINGLES_WARMUP_SECONDS); // warm-up
        long[] latencies = atFixedRate(base, bodies, rate, SINGLE_SECONDS);
        int total = latencies.length;
        Arrays.sort(latencies);
        System.out.printf("%-10s single predictions at %d/s for %d s: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                store, rate, SINGLE_SECONDS, latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6,
                latencies[total - 1] / 1e6);
    }

    /**
     * Single predictions at a rate a second for this long; answers each one's latency from its
     * scheduled start. Each sending thread posts on a keep-alive connection of its own (see {@link
     * BlockingHttpConnection}); a request whose thread is still busy with an earlier one starts
     * late, and that wait counts in its latency.
     */
    private static long[] atFixedRate(String base, List<byte[]> bodies, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        URI uri = URI.create(base);
        List<BlockingHttpConnection> connections = new CopyOnWriteArrayList<>();
        ThreadLocal<BlockingHttpConnection> connection = ThreadLocal.withInitial(() -> {
            BlockingHttpConnection c = new BlockingHttpConnection(uri.getHost(), uri.getPort());
            connections.add(c);
            return c;
        });
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        long[] latencies = new long[total];
        long start = System.nanoTime() + 100_000_000;
        List<Future<?>> done = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int n = i;
            long scheduled = start + n * 1_000_000_000L / rate;
            done.add(senders.submit(() -> {
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                BlockingHttpConnection.Answer answer = connection.get().post("/api/v1/predictions", Api.ADMIN_KEY,
                        bodies.get(n % bodies.size()));
                latencies[n] = System.nanoTime() - scheduled;
                if (answer.status() != 202) {
                    throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        connections.forEach(BlockingHttpConnection::close);
        return latencies;
    }

    private static byte[] batch(SplittableRandom random) {
        List<Map<String, Object>> items = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            items.add(prediction(random));
        }
        return JSON.writeValueAsBytes(items);
    }

    /** A synthetic credit application as the model API posts it (the service assigns id and timestamp). */
    private static Map<String, Object> prediction(SplittableRandom random) {
        Map<String, Object> prediction = TRAFFIC.next(Scenario.STABLE, 0).prediction(null,
                Long.toString(random.nextLong(1_000_000_000L)), Instant.EPOCH, "credit-scoring", "1.4.0");
        prediction.remove("prediction_id");
        prediction.remove("timestamp");
        return prediction;
    }

    /** Posts a body kept as bytes: no String encoded per request, which for a batch was a 6 MB allocation. */
    private static void post(String url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", Api.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
