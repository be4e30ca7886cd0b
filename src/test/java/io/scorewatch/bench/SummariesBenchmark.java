package io.scorewatch.bench;

import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.demo.CreditApplications;
import io.scorewatch.demo.ModelCall;
import io.scorewatch.demo.ModelTraffic;
import io.scorewatch.demo.Scenario;
import io.scorewatch.summary.Summaries;
import io.scorewatch.summary.SummaryBodies;
import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Summaries of 207-feature predictions (io.scorewatch.demo.ModelTraffic) on the default store
 * (H2 file), each tagged with one of 5 channels (the shipped model's segment key {@code channel}):
 * <ol>
 * <li>posts {@code summaries.predictions} predictions of one UTC day over HTTP (model version
 * v1), the outcomes of half of them, and times the roll-up of that day (total and every segment
 * value, and the same for v1), extrapolated linearly to 1,000,000;</li>
 * <li>compares the day's summary with the exact figures of the same rows (ROC-AUC, PSI per
 * numerical feature) and runs the KS test on sketches over identical and shifted samples;</li>
 * <li>compacts the day and prints the size of the (model version, segment, day) rows;</li>
 * <li>synthesises a year at 1,000,000 predictions a day: each day row merged with copies of
 * itself up to a million predictions, inserted for 365 days, compacted by the roll-up as it does
 * with any summaries (months, week parts, days); then times the 365-day metrics read (total and one
 * segment value) and the 365-day drift run (KS, PSI per feature, chi-square) from summaries,
 * and prints the span the year's read covers (the first compacted month merged whole).</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -Pbench verify -Dbench=summaries [-Dsummaries.predictions=100000]}.
 */
public final class SummariesBenchmark {

    private static final int BATCH = 2_000;
    private static final int RUNS = 5;
    private static final long PER_DAY = 1_000_000;
    private static final int DAYS = 365;
    private static final List<String> CHANNELS = List.of("web", "branch", "phone", "partner", "app");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SummariesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int predictions = Integer.getInteger("summaries.predictions", 100_000);
        Path data = Benchmarks.temporaryDirectory("scorewatch-summaries-bench");
        System.out.println("== Summaries benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB), H2 file store in " + data);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class).run(
                "--server.port=0", "--logging.level.root=WARN", "--scorewatch.data-dir=" + data,
                "--scorewatch.retention.raw=30d", "--scorewatch.schedule.realtime=0 0 0 1 1 *",
                "--scorewatch.schedule.rollup=0 0 0 1 1 *")) {
            run(app, predictions);
        }
    }

    private static void run(ConfigurableApplicationContext app, int predictions) throws Exception {
        String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        Summaries summaries = app.getBean(Summaries.class);
        StringWriter csv = new StringWriter();
        new CreditApplications(7).writeReferenceCsv(20_000, "target", "probability", csv);
        check(send(base + "/api/v1/models/credit-scoring/reference", "PUT", "text/csv", csv.toString()), 200);

        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        ModelTraffic traffic = new ModelTraffic(11);
        long start = System.nanoTime();
        int sent = 0;
        int features = 0;
        List<Map<String, Object>> truths = new ArrayList<>();
        while (sent < predictions) {
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            while (batch.size() < BATCH && sent < predictions) {
                ModelCall call = traffic.next(Scenario.values()[0], 0);
                if (call.failed()) {
                    continue;
                }
                Map<String, Object> body = call.prediction("p-" + sent, "c-" + sent,
                        day.plusMillis(86_400_000L * sent / predictions), "credit-scoring", "v1");
                body.put("tags", Map.of("channel", CHANNELS.get(sent % CHANNELS.size())));
                features = ((Map<?, ?>) body.get("features")).size();
                batch.add(body);
                if (sent % 2 == 0) {
                    truths.add(call.groundTruth("p-" + sent, Instant.now(), "credit-scoring"));
                }
                sent++;
            }
            check(send(base + "/api/v1/predictions/batch", "POST", "application/json", JSON.writeValueAsString(batch)),
                    202);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (jdbc.queryForObject("SELECT COUNT(*) FROM prediction", Long.class) < predictions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("predictions not stored in time");
            }
            Thread.onSpinWait();
        }
        for (int i = 0; i < truths.size(); i += BATCH) {
            check(send(base + "/api/v1/ground-truth/batch", "POST", "application/json",
                    JSON.writeValueAsString(truths.subList(i, Math.min(truths.size(), i + BATCH)))), 202);
        }
        while (jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL", Long.class)
                < truths.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("labels not stored in time");
            }
            Thread.onSpinWait();
        }
        System.out.printf("loaded %,d predictions of %d features (%,d labelled) over HTTP in %.1f s%n", predictions,
                features, truths.size(), (System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        Summaries.Rollup rollup = summaries.rollup("credit-scoring", null, null);
        double rollupSeconds = (System.nanoTime() - start) / 1e9;
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM summary", Long.class);
        System.out.printf("roll-up of one day of %,d predictions (%s; %d rows: total and every segment value per"
                + " hour): %.1f s, so %.1f s (%.2f h) for 1,000,000 predictions extrapolated linearly%n", predictions,
                rollup, rows, rollupSeconds, rollupSeconds * PER_DAY / predictions,
                rollupSeconds * PER_DAY / predictions / 3600);

        Instant end = day.plus(Duration.ofDays(1));
        compareWithExact(app, base, summaries, day, end);
        start = System.nanoTime();
        // compaction of the day's hours into one row per segment value (by the roll-up's own rule)
        SummaryBodies.compactDays(summaries, "credit-scoring", end);
        System.out.printf("day compacted in %.1f s%n", (System.nanoTime() - start) / 1e9);
        List<Map<String, Object>> dayRows = jdbc.queryForList("SELECT model_version, segment_key, segment_value,"
                + " prediction_count, body FROM summary WHERE bucket_start = ? AND bucket_seconds = 86400"
                + " ORDER BY model_version, segment_key, segment_value", day.atOffset(ZoneOffset.UTC));
        List<Object[]> yearRows = new ArrayList<>();
        for (Map<String, Object> row : dayRows) {
            byte[] body = (byte[]) row.get("body");
            long count = ((Number) row.get("prediction_count")).longValue();
            int copies = (int) Math.max(1, Math.round((double) PER_DAY * count / predictions / count));
            byte[] scaled = SummaryBodies.times(body, copies);
            System.out.printf("day row version '%s' %s:%s: %,d predictions, %,d bytes; as %,d predictions: %,d bytes%n",
                    row.get("model_version"), row.get("segment_key"), row.get("segment_value"), count, body.length,
                    SummaryBodies.predictions(scaled), scaled.length);
            yearRows.add(new Object[] {row.get("segment_key"), row.get("segment_value"), scaled,
                    row.get("model_version")});
        }

        Instant first = day.minus(Duration.ofDays(DAYS - 1));
        start = System.nanoTime();
        jdbc.update("DELETE FROM summary");
        List<Object[]> inserts = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            Instant at = first.plus(Duration.ofDays(d));
            for (Object[] row : yearRows) {
                byte[] body = (byte[]) row[2];
                inserts.add(new Object[] {"credit-scoring", row[3], row[0], row[1], at.atOffset(ZoneOffset.UTC), 86_400,
                        at.plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC), SummaryBodies.predictions(body), 0L,
                        Instant.now().atOffset(ZoneOffset.UTC), body});
            }
            if (inserts.size() >= 60) {
                insert(jdbc, inserts);
            }
        }
        insert(jdbc, inserts);
        Summaries.Rollup compaction = summaries.rollup("credit-scoring", null, null);
        System.out.printf("synthesised %d days x %d rows at %,d predictions a day and compacted them (%s) in %.1f s:"
                + " %d rows, %,d bytes%n", DAYS, yearRows.size(), PER_DAY, compaction,
                (System.nanoTime() - start) / 1e9, jdbc.queryForObject("SELECT COUNT(*) FROM summary", Long.class),
                jdbc.queryForObject("SELECT SUM(OCTET_LENGTH(body)) FROM summary", Long.class));

        String window = "from=" + encode(first) + "&to=" + encode(end);
        // the window starts inside a compacted month whose raw rows are gone: the read merges that month
        // whole and says so; every synthesised day from the month's start on is counted
        JsonNode year = JSON.readTree(get(base + "/api/v1/models/credit-scoring/metrics?" + window));
        Instant coveredFrom = Instant.parse(year.get("error_bound").get("covered_from").asText());
        Instant coveredTo = Instant.parse(year.get("error_bound").get("covered_to").asText());
        long coveredDays = Duration.between(coveredFrom.isBefore(first) ? first : coveredFrom, coveredTo).toDays();
        System.out.printf("365-day window %s to %s: covered %s to %s (%d stored summaries merged), %,d predictions%n",
                first, end, coveredFrom, coveredTo, year.get("error_bound").get("summaries").asInt(),
                year.get("prediction_count").asLong());
        long expected = coveredDays * PER_DAY;
        time("365-day metrics, total", () -> check(get(base + "/api/v1/models/credit-scoring/metrics?" + window),
                "summary", expected));
        time("365-day metrics, segment channel:web", () -> check(get(base
                + "/api/v1/models/credit-scoring/metrics?segment=channel:web&" + window), "summary", -1));
        String run = JSON.writeValueAsString(Map.of("from", first.toString(), "to", end.toString()));
        time("365-day drift run (KS and PSI per numerical feature, chi-square per categorical one)",
                () -> check(send(base + "/api/v1/models/credit-scoring/drift-runs", "POST", "application/json", run),
                        "summary", expected));
        String segmentRun = JSON.writeValueAsString(Map.of("from", first.toString(), "to", end.toString(),
                "segment", "channel:web"));
        time("365-day drift run, segment channel:web",
                () -> check(send(base + "/api/v1/models/credit-scoring/drift-runs", "POST", "application/json",
                        segmentRun), "summary", -1));
    }

    /**
     * The day's figures from its summaries against the exact ones from its raw rows: ROC-AUC from
     * the label counters, PSI per numerical feature from the PSI bin counts of the roll-up and,
     * for comparison, from the feature's sketch alone; then the KS test on sketches of the
     * features' accuracy parameter over 100 pairs of identical distributions of 200,000 values and
     * one shift of 0.1 standard deviation at 1,000,000.
     */
    private static void compareWithExact(ConfigurableApplicationContext app, String base, Summaries summaries,
            Instant day, Instant end) throws Exception {
        JsonNode exactMetrics = JSON.readTree(get(base + "/api/v1/models/credit-scoring/metrics?from=" + encode(day)
                + "&to=" + encode(end)));
        String dayWindow = JSON.writeValueAsString(Map.of("from", day.toString(), "to", end.toString()));
        JsonNode exactRun = JSON.readTree(send(base + "/api/v1/models/credit-scoring/drift-runs", "POST",
                "application/json", dayWindow));
        if (!"exact".equals(exactMetrics.get("method").asText()) || !"exact".equals(exactRun.get("method").asText())) {
            throw new IllegalStateException("the day is not exact: " + exactRun);
        }
        io.scorewatch.summary.BucketSummary summary = summaries.read("credit-scoring", day, end).summary();
        double exactAuc = exactMetrics.get("performance").get("roc_auc").asDouble();
        double summaryAuc = summary.scores().rocAuc().value();
        io.scorewatch.reference.ReferenceData reference = app.getBean(io.scorewatch.reference.References.class)
                .active("credit-scoring").orElseThrow();
        double worstCounts = 0;
        double worstSketch = 0;
        int compared = 0;
        double largestPsi = 0;
        for (JsonNode feature : exactRun.get("features")) {
            String name = feature.get("name").asText();
            var column = reference.numerical().get(name);
            if (column == null || column.values().isEmpty() || feature.get("psi").isNull()) {
                continue;
            }
            io.scorewatch.stats.PsiBins bins = io.scorewatch.stats.PsiBins.of(column.values());
            double exact = feature.get("psi").asDouble();
            long[] counts = summary.psiCounts(name, reference.id());
            double fromCounts = counts == null ? Double.NaN : bins.psi(counts).value();
            double fromSketch = io.scorewatch.stats.SketchPsi.psi(bins, summary.numerical(name)).value();
            worstCounts = Math.max(worstCounts, Math.abs(fromCounts - exact));
            worstSketch = Math.max(worstSketch, Math.abs(fromSketch - exact));
            largestPsi = Math.max(largestPsi, exact);
            compared++;
        }
        System.out.printf("summary vs exact on the day's %,d rows: ROC-AUC %.6f vs %.6f (|diff| %.2e, target 1e-4);"
                + " PSI of %d numerical features (largest exact PSI %.4f): largest |diff| %.2e from the roll-up's"
                + " PSI bin counts (what a run on summaries answers; target 0.005), %.4f from the sketches alone%n",
                summary.predictions(), summaryAuc, exactAuc, Math.abs(summaryAuc - exactAuc), compared, largestPsi,
                worstCounts, worstSketch);

        int k = app.getBean(io.scorewatch.summary.SummaryProperties.class).featureK();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        int flagged = 0;
        for (int pair = 0; pair < 100; pair++) {
            io.scorewatch.stats.QuantileSketch a = io.scorewatch.stats.QuantileSketch.create(k);
            io.scorewatch.stats.QuantileSketch b = io.scorewatch.stats.QuantileSketch.create(k);
            for (int i = 0; i < 200_000; i++) {
                a.add(random.nextGaussian());
                b.add(random.nextGaussian());
            }
            flagged += io.scorewatch.stats.SketchKolmogorovSmirnov.test(a, b, 0.05).drifted() ? 1 : 0;
        }
        io.scorewatch.stats.QuantileSketch a = io.scorewatch.stats.QuantileSketch.create(k);
        io.scorewatch.stats.QuantileSketch b = io.scorewatch.stats.QuantileSketch.create(k);
        for (int i = 0; i < 1_000_000; i++) {
            a.add(random.nextGaussian());
            b.add(random.nextGaussian() + 0.1);
        }
        var shifted = io.scorewatch.stats.SketchKolmogorovSmirnov.test(a, b, 0.05);
        System.out.printf("KS on sketches (k = %d): %d of 100 pairs of identical distributions of 200,000 flagged"
                + " (target at most 5); a shift of 0.1 sd at 1,000,000 %s (statistic %.4f, rank error %.4f)%n", k,
                flagged, shifted.drifted() ? "flagged" : "NOT flagged", shifted.statistic(), shifted.rankError());
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate("INSERT INTO summary (model, model_version, segment_key, segment_value, bucket_start,"
                + " bucket_seconds, bucket_end, prediction_count, labelled_count, rolled_up_at, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        rows.clear();
    }

    private interface Call {
        JsonNode call() throws Exception;
    }

    /** One warm-up call, then {@link #RUNS} timed calls: median and minimum. */
    private static void time(String what, Call call) throws Exception {
        JsonNode first = call.call();
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            call.call();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%s: %,d predictions, method %s; %d runs: median %.0f ms, min %.0f ms%s%n", what,
                first.get("prediction_count").asLong(), first.get("method").asText(), RUNS, millis[RUNS / 2],
                millis[0], first.has("drifted_features") ? "; drifted features " + first.get("drifted_features").size()
                        + " of " + first.get("features_tested").asInt() : "");
    }

    private static JsonNode check(String body, String method, long predictions) {
        JsonNode answer = JSON.readTree(body);
        if (!method.equals(answer.path("method").asText())
                || predictions >= 0 && answer.get("prediction_count").asLong() != predictions) {
            throw new IllegalStateException("unexpected answer: " + body);
        }
        return answer;
    }

    private static void check(String body, int status) {
        if (!body.startsWith(status + " ")) {
            throw new IllegalStateException("expected " + status + ": " + body);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", Api.ADMIN_KEY).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static String send(String url, String method, String type, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5)).header("X-API-Key", Api.ADMIN_KEY).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.uri().getPath().contains("drift-runs") ? response.body() : response.statusCode() + " " + response.body();
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
