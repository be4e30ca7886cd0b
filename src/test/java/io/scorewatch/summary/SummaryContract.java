package io.scorewatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.segment.Segment;
import io.scorewatch.stats.BrierScore;
import io.scorewatch.stats.RocAuc;
import io.scorewatch.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * Predictions back-filled over several days are rolled up by the rollup job run over HTTP; once
 * the raw rows are purged (raw retention 2 days here), a 30-day metrics read answers from the
 * summaries, within their bounds of the exact figures of the same rows; a drift run over a
 * purged window answers from the summaries too, per segment value as well; late labels re-roll
 * their bucket, and compacting hours into a day keeps the figures. Each scenario has its own
 * model, so that their windows never see each other's rows.
 */
// days stay days for 30 days here: the drift scenario cuts its first and last compacted days; the
// scenarios run the roll-up over HTTP, and a scheduled one would hold its lock (a 409) meanwhile
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"scorewatch.retention.raw=" + SummaryContract.RAW_RETENTION_SETTING,
                "scorewatch.summaries.compact-days-after=30d",
                "scorewatch.schedule.rollup=-"})
abstract class SummaryContract {

    static final String RAW_RETENTION_SETTING = "2d";
    static final Duration RAW_RETENTION = org.springframework.boot.convert.DurationStyle.detectAndParse(
            RAW_RETENTION_SETTING);

    private static final double THRESHOLD = 0.3282;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Summaries summaries;

    /** The shipped model and two copies of it: {@code drifting} and {@code late}. */
    static Path configDir(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("models"));
        String shipped = Files.readString(Path.of("config/models/credit-scoring.yaml"));
        Files.writeString(dir.resolve("models/credit-scoring.yaml"), shipped);
        for (String name : List.of("drifting", "late")) {
            Files.writeString(dir.resolve("models/" + name + ".yaml"),
                    shipped.replace("name: credit-scoring", "name: " + name));
        }
        return dir;
    }

    private static final String TOTAL_PREDICTIONS = "SELECT SUM(prediction_count) FROM summary"
            + " WHERE model = 'credit-scoring' AND segment_key = ''";

    @Test
    void thirtyDayMetricsAfterTheRawPurgeComeFromSummariesWithinTheirBounds() {
        Api api = new Api(port);
        SplittableRandom random = new SplittableRandom(17);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(8));
        int days = 5;
        int perDay = 400;
        List<Integer> labels = new ArrayList<>();
        List<Double> probabilities = new ArrayList<>();
        long decidedPositive = 0;
        double sum = 0;
        for (int d = 0; d < days; d++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            List<Map<String, Object>> truths = new ArrayList<>();
            for (int i = 0; i < perDay; i++) {
                boolean bad = random.nextDouble() < 0.15;
                double p = 1 / (1 + Math.exp(-(random.nextGaussian() + (bad ? -0.5 : -2.0))));
                String id = "s-" + d + "-" + i;
                Instant at = start.plus(Duration.ofDays(d)).plusSeconds(random.nextInt(86_400));
                Map<String, Object> item = new HashMap<>();
                item.put("prediction_id", id);
                item.put("probability", p);
                item.put("timestamp", at.toString());
                item.put("latency_ms", 20 + random.nextInt(30));
                item.put("features", Map.of());
                batch.add(item);
                decidedPositive += p >= THRESHOLD ? 1 : 0;
                sum += p;
                if (i % 4 != 0) {
                    truths.add(Map.of("prediction_id", id, "actual_default", bad ? 1 : 0,
                            "timestamp", at.plusSeconds(3600).toString()));
                    labels.add(bad ? 1 : 0);
                    probabilities.add(p);
                }
            }
            assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(truths)).status()).isEqualTo(202);
        }
        int total = days * perDay;
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE actual_default IS NOT NULL", Long.class) == labels.size());
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
        double exactAuc = RocAuc.of(y, p).value();
        double exactBrier = BrierScore.of(y, p).value();

        // only admins run jobs; an unknown job is a 404 problem
        assertThat(api.withKey(Api.VIEWER_KEY).postJson("/api/v1/jobs/rollup/runs", "").status()).isEqualTo(403);
        Api.Answer unknown = api.postJson("/api/v1/jobs/nightly/runs", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Api.Answer badRange = api.postJson("/api/v1/jobs/rollup/runs", "{\"from\": \"yesterday\"}");
        assertThat(badRange.status()).isEqualTo(400);

        Api.Answer rollup = api.postJson("/api/v1/jobs/rollup/runs", "");
        assertThat(rollup.status()).isEqualTo(200);
        JsonNode run = rollup.json().get("runs").get(0);
        assertThat(run.get("job").asText()).isEqualTo("rollup");
        assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("SUCCESS");
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM summary WHERE model = 'credit-scoring'", Long.class);
        assertThat(rows).isPositive();
        assertThat(jdbc.queryForObject(TOTAL_PREDICTIONS, Long.class)).isEqualTo(total);
        // one row per segment value as well: the predictions carry no product and no channel
        assertThat(jdbc.queryForObject("SELECT SUM(prediction_count) FROM summary WHERE model = 'credit-scoring'"
                + " AND segment_key = 'product' AND segment_value = 'missing'", Long.class)).isEqualTo(total);

        // re-running the roll-up of a range replaces its rows: the same totals, no duplicates
        Api.Answer backfill = api.postJson("/api/v1/jobs/rollup/runs", Api.json(Map.of("from",
                start.toString(), "to", start.plus(Duration.ofDays(days)).toString())));
        assertThat(backfill.json().get("runs").get(0).get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(jdbc.queryForObject(TOTAL_PREDICTIONS, Long.class)).isEqualTo(total);
        assertThat(jdbc.queryForObject("SELECT SUM(labelled_count) FROM summary WHERE model = 'credit-scoring'"
                + " AND segment_key = ''", Long.class)).isEqualTo(labels.size());

        Api.Answer purge = api.postJson("/api/v1/jobs/retention/runs", "");
        assertThat(purge.json().get("runs").get(0).get("outcome").asText()).isEqualTo("SUCCESS");
        assertRawRowsPurged("credit-scoring");

        JsonNode metrics = api.get("/api/v1/models/credit-scoring/metrics?window=30d").json();
        assertThat(metrics.get("method").asText()).isEqualTo("summary");
        JsonNode bound = metrics.get("error_bound");
        assertThat(bound.get("probability_bin_width").asDouble()).isEqualTo(1e-4);
        assertThat(bound.get("summaries").asInt()).isPositive();
        assertThat(metrics.get("prediction_count").asLong()).isEqualTo(total);
        assertThat(metrics.get("avg_probability").asDouble()).isCloseTo(sum / total, within(1e-12));
        assertThat(metrics.get("default_rate").asDouble()).isCloseTo((double) decidedPositive / total, within(1e-12));
        JsonNode performance = metrics.get("performance");
        assertThat(performance.get("labeled_count").asLong()).isEqualTo(labels.size());
        assertThat(performance.get("roc_auc").asDouble()).isCloseTo(exactAuc, within(1e-4));
        assertThat(performance.get("brier_score").asDouble()).isCloseTo(exactBrier, within(1e-12));
        assertThat(metrics.get("system").get("latency_p50_ms").asDouble()).isBetween(20.0, 50.0);

        // a window inside the raw retention, with few rows, stays exact
        JsonNode recent = api.get("/api/v1/models/credit-scoring/metrics?window=1d").json();
        assertThat(recent.get("method").asText()).isEqualTo("exact");
        assertThat(recent.get("error_bound").isNull()).isTrue();
    }

    @Test
    void aDriftRunOverAPurgedWindowAnswersFromSummariesAndFlagsTheShiftedFeatureOnly() {
        Api api = new Api(port);
        SplittableRandom random = new SplittableRandom(29);
        StringBuilder csv = new StringBuilder("AMT,EXT,NAME_CONTRACT_TYPE,probability,target\n");
        for (int i = 0; i < 3000; i++) {
            boolean bad = random.nextDouble() < 0.1;
            csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',')
                    .append(random.nextDouble() < 0.8 ? "Cash loans" : "Revolving loans").append(',')
                    .append(1 / (1 + Math.exp(-(random.nextGaussian() + (bad ? -0.5 : -2.0))))).append(',')
                    .append(bad ? 1 : 0).append('\n');
        }
        Api.Answer reference = api.put("/api/v1/models/drifting/reference", "text/csv", csv.toString());
        assertThat(reference.status()).as(reference.body()).isEqualTo(200);

        // AMT shifted by one standard deviation, EXT and the contract type as in the reference
        // whole UTC days: the buckets are compacted into days
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12));
        int days = 3;
        int perDay = 900;
        long cash = 0;
        for (int d = 0; d < days; d++) {
            for (int part = 0; part < 3; part++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < perDay / 3; i++) {
                    boolean isCash = random.nextDouble() < 0.8;
                    cash += isCash ? 1 : 0;
                    Map<String, Object> item = new HashMap<>();
                    item.put("model", "drifting");
                    item.put("prediction_id", "d-" + d + "-" + part + "-" + i);
                    item.put("probability", 1 / (1 + Math.exp(-(random.nextGaussian() - 2.0))));
                    item.put("timestamp", start.plus(Duration.ofDays(d)).plusSeconds(random.nextInt(86_400)).toString());
                    item.put("features", Map.of("AMT", 1 + random.nextGaussian(), "EXT", random.nextGaussian(),
                            "NAME_CONTRACT_TYPE", isCash ? "Cash loans" : "Revolving loans"));
                    batch.add(item);
                }
                assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
            }
        }
        long total = (long) days * perDay;
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE model = 'drifting'", Long.class) == total);
        String window = Api.json(Map.of("from", start.toString(), "to", start.plus(Duration.ofDays(days)).toString()));

        assertThat(api.postJson("/api/v1/jobs/rollup/runs", "").json().get("runs").findValuesAsString("outcome"))
                .containsOnly("SUCCESS");
        Api.Answer exactAnswer = api.postJson("/api/v1/models/drifting/drift-runs", window);
        assertThat(exactAnswer.status()).as(exactAnswer.body()).isEqualTo(201);
        JsonNode exact = exactAnswer.json();
        assertThat(exact.get("method").asText()).isEqualTo("exact");
        assertThat(exact.get("error_bound").isNull()).isTrue();

        assertThat(api.postJson("/api/v1/jobs/retention/runs", "").json().get("runs").get(0).get("outcome")
                .asText()).isEqualTo("SUCCESS");
        assertRawRowsPurged("drifting");

        Api.Answer answer = api.postJson("/api/v1/models/drifting/drift-runs", window);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode run = answer.json();
        assertThat(run.get("method").asText()).isEqualTo("summary");
        JsonNode bound = run.get("error_bound");
        assertThat(bound.get("summaries").asInt()).isPositive();
        assertThat(bound.get("raw_spans").asInt()).isZero();
        assertThat(run.get("prediction_count").asLong()).isEqualTo(total);
        Map<String, JsonNode> features = new HashMap<>();
        run.get("features").forEach(f -> features.put(f.get("name").asText(), f));
        Map<String, JsonNode> exactFeatures = new HashMap<>();
        exact.get("features").forEach(f -> exactFeatures.put(f.get("name").asText(), f));
        assertThat(features.get("AMT").get("test").asText()).isEqualTo("ks");
        assertThat(features.get("AMT").get("drifted").asBoolean()).isTrue();
        assertThat(features.get("EXT").get("drifted").asBoolean()).isFalse();
        assertThat(strings(run.get("drifted_features"))).contains("AMT").doesNotContain("EXT");
        for (String name : List.of("AMT", "EXT")) {
            assertThat(features.get(name).get("production_count").asLong()).isEqualTo(total);
            assertThat(features.get(name).get("statistic").asDouble()).as(name).isCloseTo(
                    exactFeatures.get(name).get("statistic").asDouble(),
                    within(bound.get("feature_rank_error").asDouble()));
        }
        JsonNode contract = features.get("NAME_CONTRACT_TYPE");
        assertThat(contract.get("test").asText()).isEqualTo("chi2");
        // category counts are exact: the same chi-square as from the raw rows
        assertThat(contract.get("statistic").asDouble()).isCloseTo(
                exactFeatures.get("NAME_CONTRACT_TYPE").get("statistic").asDouble(), within(1e-9));
        assertThat(run.get("prediction_drift").get("prod_mean").asDouble()).isCloseTo(
                exact.get("prediction_drift").get("prod_mean").asDouble(), within(1e-12));
        // PSI from the roll-up's exact counts per PSI bin of the reference: the exact run's PSI
        for (String name : List.of("AMT", "EXT")) {
            assertThat(features.get(name).get("psi").asDouble()).as(name).isCloseTo(
                    exactFeatures.get(name).get("psi").asDouble(), within(1e-12));
        }
        assertThat(features.get("AMT").get("psi").asDouble()).isGreaterThan(0.2);
        assertThat(bound.get("covered_from").asText()).isEqualTo(start.toString());
        assertThat(bound.get("covered_to").asText()).isEqualTo(start.plus(Duration.ofDays(days)).toString());

        // a window that cuts the purged first and last compacted days merges them whole, and says so
        Instant cutFrom = start.plus(Duration.ofHours(12));
        Instant cutTo = start.plus(Duration.ofDays(days - 1)).plus(Duration.ofHours(6));
        Api.Answer cut = api.postJson("/api/v1/models/drifting/drift-runs", Api.json(Map.of("from",
                cutFrom.toString(), "to", cutTo.toString())));
        assertThat(cut.status()).as(cut.body()).isEqualTo(201);
        assertThat(cut.json().get("method").asText()).isEqualTo("summary");
        assertThat(cut.json().get("prediction_count").asLong()).isEqualTo(total);
        assertThat(cut.json().get("error_bound").get("covered_from").asText()).isEqualTo(start.toString());
        assertThat(cut.json().get("error_bound").get("covered_to").asText())
                .isEqualTo(start.plus(Duration.ofDays(days)).toString());
        JsonNode cutMetrics = api.get("/api/v1/models/drifting/metrics?from=" + cutFrom + "&to=" + cutTo).json();
        assertThat(cutMetrics.get("method").asText()).isEqualTo("summary");
        assertThat(cutMetrics.get("prediction_count").asLong()).isEqualTo(total);
        assertThat(cutMetrics.get("error_bound").get("covered_from").asText()).isEqualTo(start.toString());

        // one segment value, from its own summaries
        Api.Answer segmentAnswer = api.postJson("/api/v1/models/drifting/drift-runs", Api.json(Map.of("from",
                start.toString(), "to", start.plus(Duration.ofDays(days)).toString(), "segment",
                "product:Cash loans")));
        assertThat(segmentAnswer.status()).as(segmentAnswer.body()).isEqualTo(201);
        JsonNode segmentRun = segmentAnswer.json();
        assertThat(segmentRun.get("method").asText()).isEqualTo("summary");
        assertThat(segmentRun.get("segment").asText()).isEqualTo("product:Cash loans");
        assertThat(segmentRun.get("prediction_count").asLong()).isEqualTo(cash);
        JsonNode segmentMetrics = api.get("/api/v1/models/drifting/metrics?segment=product:Cash%20loans&from="
                + start + "&to=" + start.plus(Duration.ofDays(days))).json();
        assertThat(segmentMetrics.get("method").asText()).isEqualTo("summary");
        assertThat(segmentMetrics.get("prediction_count").asLong()).isEqualTo(cash);
    }

    @Test
    void lateLabelsReRollTheirBucketAndCompactingHoursIntoADayKeepsTheFigures() {
        Api api = new Api(port);
        SplittableRandom random = new SplittableRandom(41);
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Map<String, Object>> truths = new ArrayList<>();
        long webLabels = 0;
        for (int i = 0; i < 240; i++) {
            boolean bad = random.nextDouble() < 0.2;
            String id = "late-" + i;
            String channel = i % 3 == 0 ? "web" : "branch";
            Map<String, Object> item = new HashMap<>();
            item.put("model", "late");
            item.put("prediction_id", id);
            item.put("probability", 1 / (1 + Math.exp(-(random.nextGaussian() + (bad ? -0.5 : -2.0)))));
            item.put("timestamp", day.plusSeconds(i * 360L).toString());
            item.put("model_version", i % 4 == 1 ? "v2" : "v1");
            item.put("latency_ms", 10 + random.nextInt(40));
            item.put("features", Map.of());
            item.put("tags", Map.of("channel", channel));
            batch.add(item);
            if (i % 2 == 0) {
                truths.add(Map.of("prediction_id", id, "actual_default", bad ? 1 : 0));
                webLabels += channel.equals("web") ? 1 : 0;
            }
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE model = 'late'", Long.class) == 240);
        assertThat(api.postJson("/api/v1/jobs/rollup/runs", "").status()).isEqualTo(200);
        String totals = "SELECT SUM(labelled_count) FROM summary WHERE model = 'late' AND model_version = ''"
                + " AND segment_key = ''";
        String versionTotal = "SELECT SUM(prediction_count) FROM summary WHERE model = 'late' AND model_version = ?"
                + " AND segment_key = ?";
        assertThat(jdbc.queryForObject(versionTotal, Long.class, "", "")).isEqualTo(240);
        // rows per model version as well, for the total and for each segment value
        assertThat(jdbc.queryForObject(versionTotal, Long.class, "v1", "")).isEqualTo(180);
        assertThat(jdbc.queryForObject(versionTotal, Long.class, "v2", "")).isEqualTo(60);
        assertThat(jdbc.queryForObject("SELECT SUM(prediction_count) FROM summary WHERE model = 'late'"
                + " AND model_version = 'v2' AND segment_key = 'channel'", Long.class)).isEqualTo(60);
        assertThat(jdbc.queryForObject(totals, Long.class)).isZero();

        // the labels come after the roll-up: the next roll-up re-rolls their buckets
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(truths)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE model = 'late' AND actual_default IS NOT NULL", Long.class)
                == truths.size());
        assertThat(api.postJson("/api/v1/jobs/rollup/runs", "").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(totals, Long.class)).isEqualTo(truths.size());
        assertThat(jdbc.queryForObject("SELECT SUM(labelled_count) FROM summary WHERE model = 'late'"
                + " AND model_version = '' AND segment_key = 'channel' AND segment_value = 'web'", Long.class))
                .isEqualTo(webLabels);
        // the labels are the even rows: v1 has all of them (i % 4 is 0 or 2), v2 none
        assertThat(jdbc.queryForObject("SELECT SUM(labelled_count) FROM summary WHERE model = 'late'"
                + " AND model_version = 'v1' AND segment_key = ''", Long.class)).isEqualTo(truths.size());

        Instant end = day.plus(Duration.ofDays(1));
        Summaries.SummaryRead hours = summaries.read("late", day, end);
        assertThat(hours.summaries()).isEqualTo(24);
        assertThat(hours.rawSpans()).isZero();
        Summaries.SummaryRead webHours = summaries.read("late", new Segment("channel", "web"), day, end);
        Summaries.SummaryRead v1Hours = summaries.read("late", null, "v1", day, end);
        Summaries.SummaryRead v2Hours = summaries.read("late", null, "v2", day, end);
        assertThat(v1Hours.summary().predictions()).isEqualTo(180);
        assertThat(v2Hours.summary().predictions()).isEqualTo(60);
        assertThat(v1Hours.summary().labelled()).isEqualTo(truths.size());
        // web is i % 3 == 0; v2 is i % 4 == 1: i % 12 == 9, 20 rows
        assertThat(summaries.read("late", new Segment("channel", "web"), "v2", day, end).summary().predictions())
                .isEqualTo(20);
        summaries.compactDays("late", end);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM summary WHERE model = 'late' AND bucket_seconds < 86400",
                Long.class)).isZero();
        Summaries.SummaryRead compacted = summaries.read("late", day, end);
        assertThat(compacted.summaries()).isEqualTo(1);
        assertSameFigures(compacted.summary(), hours.summary());
        Summaries.SummaryRead webDay = summaries.read("late", new Segment("channel", "web"), day, end);
        assertThat(webDay.summaries()).isEqualTo(1);
        assertSameFigures(webDay.summary(), webHours.summary());
        assertThat(webDay.summary().predictions()).isEqualTo(80);
        Summaries.SummaryRead v2Day = summaries.read("late", null, "v2", day, end);
        assertThat(v2Day.summaries()).isEqualTo(1);
        assertSameFigures(v2Day.summary(), v2Hours.summary());
        assertSameFigures(summaries.read("late", null, "v1", day, end).summary(), v1Hours.summary());
    }

    private static void assertSameFigures(BucketSummary actual, BucketSummary expected) {
        assertThat(actual.predictions()).isEqualTo(expected.predictions());
        assertThat(actual.labelled()).isEqualTo(expected.labelled());
        assertThat(actual.decisionCells()).isEqualTo(expected.decisionCells());
        assertThat(actual.thresholdCells()).isEqualTo(expected.thresholdCells());
        assertThat(actual.highRisk()).isEqualTo(expected.highRisk());
        // NaN without labels on either side
        assertThat(Double.valueOf(actual.scores().rocAuc().value()))
                .isEqualTo(Double.valueOf(expected.scores().rocAuc().value()));
        assertThat(actual.scores().brierScore().value()).isCloseTo(expected.scores().brierScore().value(),
                within(1e-15));
        assertThat(actual.scores().sumProbability()).isCloseTo(expected.scores().sumProbability(), within(1e-12));
        assertThat(actual.probability().count()).isEqualTo(expected.probability().count());
        assertThat(actual.latency().count()).isEqualTo(expected.latency().count());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * Every raw row of the model before the retention cutoff is gone, but on PostgreSQL, where a
     * month goes whole once it has ended before the cutoff: there the rows left are those of the
     * month partitions that have not, none in the DEFAULT partition.
     */
    private void assertRawRowsPurged(String model) {
        boolean partitioned = Boolean.TRUE.equals(jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>)
                c -> "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())));
        if (!partitioned) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE model = ?", Long.class, model))
                    .isZero();
            return;
        }
        java.time.YearMonth cutoffMonth = java.time.YearMonth.from(Instant.now().minus(RAW_RETENTION)
                .atOffset(java.time.ZoneOffset.UTC));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM prediction WHERE model = ? AND (tableoid ="
                + " 'prediction_default'::regclass OR predicted_month < ?)", Long.class, model,
                cutoffMonth.atDay(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC))).isZero();
    }
}
