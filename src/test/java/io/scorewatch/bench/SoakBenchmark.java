package io.scorewatch.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.support.Api;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sustained intake: single predictions (30 features) at a fixed rate for a number of minutes
 * ({@code -Dsoak.minutes=10}, {@code -Dsoak.rate=200} per second) into the service on the
 * default H2 file store, with the metrics gauges recomputed every minute as in production.
 * Every minute it prints the requests sent and failed, the latency percentiles (from each
 * request's scheduled send time, so a stall is not hidden) and the heap used right after a
 * full GC, which must stay flat. The load generator runs in the same JVM; it keeps nothing
 * between minutes but the latencies of the current one.
 */
final class SoakBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 10);
        int rate = Integer.getInteger("soak.rate", 200);
        Path data = Benchmarks.temporaryDirectory("scorewatch-soak");
        System.out.printf("== Soak benchmark: %d predictions/s for %d minutes, H2 file, max heap %d MB%n", rate,
                minutes, Runtime.getRuntime().maxMemory() >> 20);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class)
                .run("--server.port=0", "--logging.level.root=WARN", "--scorewatch.data-dir=" + data)) {
            String url = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort()
                    + "/api/v1/predictions";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            SplittableRandom random = new SplittableRandom(7);
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong sent = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long periodNanos = 1_000_000_000L / rate;
            clock.scheduleAtFixedRate(() -> {
                long scheduled = System.nanoTime();
                String body = JSON.writeValueAsString(prediction(random));
                sent.incrementAndGet();
                http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", Api.ADMIN_KEY)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            if (error != null || response.statusCode() != 202) {
                                failed.incrementAndGet();
                            }
                            latencies.add(System.nanoTime() - scheduled);
                        });
            }, 0, periodNanos, TimeUnit.NANOSECONDS);

            List<Double> heaps = new ArrayList<>();
            System.out.println("minute  sent/min  failed  p50 ms  p99 ms  max ms  heap after full GC (MB)  full GCs");
            for (int minute = 1; minute <= minutes; minute++) {
                long sentBefore = sent.get();
                TimeUnit.MINUTES.sleep(1); // the reporting period: one line a minute of load
                long[] window = latencies.stream().mapToLong(Long::longValue).toArray();
                latencies.clear();
                Arrays.sort(window);
                System.gc();
                double heap = (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / 1048576.0;
                heaps.add(heap);
                long fullGcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
                System.out.printf("%6d  %8d  %6d  %6.1f  %6.1f  %6.1f  %23.1f  %8d%n", minute, sent.get() - sentBefore,
                        failed.get(), percentile(window, 0.50), percentile(window, 0.99),
                        window.length == 0 ? 0 : window[window.length - 1] / 1e6, heap, fullGcs);
            }
            clock.shutdownNow();
            double[] sorted = heaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("heap after full GC: first %.1f MB, last %.1f MB, median %.1f MB, change from the"
                    + " second minute to the last %+.1f MB; %d of %d requests failed%n", heaps.get(0),
                    heaps.get(heaps.size() - 1), sorted[sorted.length / 2],
                    heaps.get(heaps.size() - 1) - heaps.get(Math.min(1, heaps.size() - 1)), failed.get(), sent.get());
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static Map<String, Object> prediction(SplittableRandom random) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (int f = 0; f < 25; f++) {
            features.put("num_" + f, random.nextGaussian());
        }
        for (int f = 0; f < 5; f++) {
            features.put("cat_" + f, "c" + random.nextInt(8));
        }
        Map<String, Object> prediction = new LinkedHashMap<>();
        prediction.put("client_id", "soak-" + random.nextInt(1_000_000));
        prediction.put("probability", random.nextDouble() * 0.3);
        prediction.put("latency_ms", 5 + random.nextDouble() * 40);
        prediction.put("features", features);
        return prediction;
    }
}
