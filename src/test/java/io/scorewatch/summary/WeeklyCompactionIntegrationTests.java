package io.scorewatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.scorewatch.segment.Segment;
import io.scorewatch.support.Api;

/**
 * The compaction of days into week parts (the part of an ISO week inside one calendar month) and
 * of week parts into months: a week inside a month becomes one row, a week across a month's end
 * two, a month is then merged from whole parts, every merge keeps the counts and the label
 * counters, running it again changes nothing, a read that cuts a compacted part outside the raw
 * retention merges it whole and says so, and late labels re-roll the week part they fall in from
 * raw rows. The scheduled roll-up is off: each scenario compacts its own model when it says so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "scorewatch.schedule.rollup=-")
class WeeklyCompactionIntegrationTests {

    private static final String ROWS = "SELECT bucket_start, bucket_seconds, prediction_count, labelled_count"
            + " FROM summary WHERE model = ? AND model_version = ? AND segment_key = ? ORDER BY bucket_start";

    @TempDir
    static Path dir;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Summaries summaries;

    @Autowired
    SummaryProperties properties;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("models"));
        String shipped = Files.readString(Path.of("config/models/credit-scoring.yaml"));
        for (String name : List.of("credit-scoring", "weekly", "monthly", "lateweekly")) {
            Files.writeString(config.resolve("models/" + name + ".yaml"),
                    shipped.replace("name: credit-scoring", "name: " + name));
        }
        registry.add("scorewatch.data-dir", () -> dir.resolve("data").toString());
        registry.add("scorewatch.config-dir", config::toString);
    }

    @Test
    void weekPartsInsideAndAcrossAMonthEndThenWholeMonthsExactlyAndIdempotently() {
        // 2025-06-23 and 2025-06-30 are Mondays; June ends on the Monday 30th's Tuesday:
        // the week parts are [06-23, 06-30), [06-30, 07-01), [07-01, 07-07), [07-07, 07-14)
        LocalDate first = LocalDate.parse("2025-06-23");
        int days = 21;
        Map<String, BucketSummary> expected = new HashMap<>();
        Map<LocalDate, Long> perDay = new HashMap<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            for (String[] key : List.of(new String[] {"", "", ""}, new String[] {"v1", "", ""},
                    new String[] {"", "channel", "web"})) {
                int n = 10 + d + (key[0].isEmpty() ? 0 : 3) + (key[1].isEmpty() ? 0 : 1);
                BucketSummary one = synthetic(n, random);
                if (key[0].isEmpty() && key[1].isEmpty()) {
                    perDay.put(day, (long) n);
                }
                insertDay("weekly", key[0], key[1], key[2], day, one);
                expected.merge(partOf(day) + "/" + key[0] + "/" + key[1], BucketSummary.fromBytes(one.toBytes()),
                        (a, b) -> {
                            a.merge(b);
                            return a;
                        });
            }
        }
        Instant afterLastWeek = instant(LocalDate.parse("2025-07-14"));
        // the months are not old enough yet: every week part ended before the cutoff is compacted
        // (the single day of June's last part is already that part)
        assertThat(summaries.compactWeeks("weekly", afterLastWeek, instant(LocalDate.parse("2025-01-01"))))
                .isEqualTo(3);
        List<Map<String, Object>> total = jdbc.queryForList(ROWS, "weekly", "", "");
        assertThat(total).extracting(row -> row.get("bucket_seconds")).map(v -> ((Number) v).longValue())
                .containsExactly(7 * 86_400L, 86_400L, 6 * 86_400L, 7 * 86_400L);
        assertThat(jdbc.query("SELECT bucket_start FROM summary WHERE model = 'weekly' AND model_version = ''"
                + " AND segment_key = '' ORDER BY bucket_start", (rs, i) -> rs.getObject(1, OffsetDateTime.class)
                        .toInstant()))
                .containsExactly(instant(LocalDate.parse("2025-06-23")), instant(LocalDate.parse("2025-06-30")),
                        instant(LocalDate.parse("2025-07-01")), instant(LocalDate.parse("2025-07-07")));
        assertThat(total).extracting(row -> ((Number) row.get("prediction_count")).longValue())
                .containsExactly(sum(perDay, "2025-06-23", "2025-06-30"), sum(perDay, "2025-06-30", "2025-07-01"),
                        sum(perDay, "2025-07-01", "2025-07-07"), sum(perDay, "2025-07-07", "2025-07-14"));
        // each (version, segment value) merged on its own, exactly
        for (String[] key : List.of(new String[] {"", "", ""}, new String[] {"v1", "", ""},
                new String[] {"", "channel", "web"})) {
            for (String part : List.of("2025-06-23", "2025-07-01", "2025-07-07")) {
                BucketSummary stored = body("weekly", key[0], key[1], instant(LocalDate.parse(part)));
                assertSameFigures(stored, expected.get(part + "/" + key[0] + "/" + key[1]));
            }
        }

        // running it again changes nothing: the same rows, not rewritten
        List<Map<String, Object>> before = jdbc.queryForList("SELECT id, rolled_up_at, body FROM summary"
                + " WHERE model = 'weekly' ORDER BY id");
        assertThat(summaries.compactWeeks("weekly", afterLastWeek, instant(LocalDate.parse("2025-01-01"))))
                .isZero();
        assertThat(summaries.compactDays("weekly", afterLastWeek)).isZero();
        List<Map<String, Object>> again = jdbc.queryForList("SELECT id, rolled_up_at, body FROM summary"
                + " WHERE model = 'weekly' ORDER BY id");
        assertThat(again).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(again.get(i).get("id")).isEqualTo(before.get(i).get("id"));
            assertThat(again.get(i).get("rolled_up_at")).isEqualTo(before.get(i).get("rolled_up_at"));
            assertThat((byte[]) again.get(i).get("body")).isEqualTo((byte[]) before.get(i).get("body"));
        }

        // a window that cuts the first and the third part, long purged from raw rows: both merged
        // whole, and the read says what it covers
        Summaries.SummaryRead cut = summaries.read("weekly", instant(LocalDate.parse("2025-06-25")),
                instant(LocalDate.parse("2025-07-03")));
        assertThat(cut.summaries()).isEqualTo(3);
        assertThat(cut.rawSpans()).isZero();
        assertThat(cut.errorBound().coveredFrom()).isEqualTo(instant(LocalDate.parse("2025-06-23")));
        assertThat(cut.errorBound().coveredTo()).isEqualTo(instant(LocalDate.parse("2025-07-07")));
        assertThat(cut.summary().predictions()).isEqualTo(sum(perDay, "2025-06-23", "2025-07-07"));
        // a window on the parts' edges covers itself
        Summaries.SummaryRead aligned = summaries.read("weekly", new Segment("channel", "web"),
                instant(LocalDate.parse("2025-06-30")), instant(LocalDate.parse("2025-07-07")));
        assertThat(aligned.summaries()).isEqualTo(2);
        assertThat(aligned.errorBound().coveredFrom()).isEqualTo(instant(LocalDate.parse("2025-06-30")));
        assertThat(aligned.errorBound().coveredTo()).isEqualTo(instant(LocalDate.parse("2025-07-07")));

        // June has ended before the month cutoff: its parts (the whole week and the part of the
        // week across its end) become one month row; July's parts stay
        assertThat(summaries.compactMonths("weekly", instant(LocalDate.parse("2025-07-05")))).isEqualTo(1);
        assertThat(jdbc.queryForList(ROWS, "weekly", "", "")).extracting(row -> ((Number) row.get("bucket_seconds"))
                .longValue()).containsExactly(30 * 86_400L, 6 * 86_400L, 7 * 86_400L);
        BucketSummary june = BucketSummary.fromBytes(expected.get("2025-06-23//").toBytes());
        june.merge(expected.get("2025-06-30//"));
        assertSameFigures(body("weekly", "", "", instant(LocalDate.parse("2025-06-01"))), june);
        assertThat(summaries.compactMonths("weekly", instant(LocalDate.parse("2025-07-05")))).isZero();

        // the roll-up itself, long after: July's parts merged into July; nothing lost
        Summaries.Rollup rollup = summaries.rollup("weekly", null, null);
        assertThat(rollup.monthsCompacted()).isEqualTo(1);
        assertThat(jdbc.queryForList(ROWS, "weekly", "", "")).extracting(row -> ((Number) row.get("bucket_seconds"))
                .longValue()).containsExactly(30 * 86_400L, 31 * 86_400L);
        assertThat(jdbc.queryForObject("SELECT SUM(prediction_count) FROM summary WHERE model = 'weekly'"
                + " AND model_version = '' AND segment_key = ''", Long.class))
                .isEqualTo(sum(perDay, "2025-06-23", "2025-07-14"));
        assertThat(summaries.rollup("weekly", null, null).monthsCompacted()).isZero();
    }

    @Test
    void daysOfAMonthPastTheMonthAgeGoStraightIntoTheMonth() {
        LocalDate first = LocalDate.parse("2025-03-10");
        SplittableRandom random = new SplittableRandom(9);
        long total = 0;
        for (int d = 0; d < 14; d++) {
            BucketSummary one = synthetic(20, random);
            total += 20;
            insertDay("monthly", "", "", "", first.plusDays(d), one);
        }
        long march = total;
        Instant cutoff = instant(LocalDate.parse("2025-05-01"));
        // March has ended before the month cutoff as well: no week part is written for it
        assertThat(summaries.compactWeeks("monthly", cutoff, cutoff)).isZero();
        assertThat(summaries.compactMonths("monthly", cutoff)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT bucket_seconds, prediction_count FROM summary WHERE model = 'monthly'"
                + " AND bucket_start = ?", instant(LocalDate.parse("2025-03-01")).atOffset(ZoneOffset.UTC)))
                .singleElement().satisfies(row -> {
                    assertThat(((Number) row.get("bucket_seconds")).longValue()).isEqualTo(31 * 86_400L);
                    assertThat(((Number) row.get("prediction_count")).longValue()).isEqualTo(march);
                });
    }

    @Test
    void lateLabelsReRollTheWeekPartTheyFallIn() {
        Api api = new Api(port);
        assertThat(properties.compactDaysAfter()).isLessThanOrEqualTo(Duration.ofDays(14));
        // the longer part of the ISO week three weeks back: it ended more than 14 days ago
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(3);
        LocalDate nextMonday = monday.plusWeeks(1);
        LocalDate monthStart = nextMonday.minusDays(1).withDayOfMonth(1);
        LocalDate partStart = monday;
        LocalDate partEnd = nextMonday;
        if (monthStart.isAfter(monday)) {
            boolean firstLonger = !monthStart.isBefore(monday.plusDays(4));
            partStart = firstLonger ? monday : monthStart;
            partEnd = firstLonger ? monthStart : nextMonday;
        }
        SplittableRandom random = new SplittableRandom(23);
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Map<String, Object>> truths = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            boolean bad = random.nextDouble() < 0.25;
            Instant at = instant(partStart).plusSeconds(i * 1800L);
            Map<String, Object> item = new HashMap<>();
            item.put("model", "lateweekly");
            item.put("prediction_id", "lw-" + i);
            item.put("probability", 1 / (1 + Math.exp(-(random.nextGaussian() + (bad ? -0.5 : -2.0)))));
            item.put("timestamp", at.toString());
            item.put("model_version", "v1");
            item.put("features", Map.of());
            batch.add(item);
            if (i % 3 == 0) {
                truths.add(Map.of("prediction_id", "lw-" + i, "actual_default", bad ? 1 : 0));
                labels.add(bad ? 1 : 0);
            }
        }
        assertThat(api.postJson("/api/v1/predictions/batch", Api.json(batch)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM prediction WHERE model = 'lateweekly'", Long.class) == 96);
        Summaries.Rollup first = summaries.rollup("lateweekly", null, null);
        assertThat(first.weeksCompacted()).isEqualTo(1);
        long partSeconds = Duration.between(instant(partStart), instant(partEnd)).toSeconds();
        List<Map<String, Object>> rows = jdbc.queryForList(ROWS, "lateweekly", "", "");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(((Number) row.get("bucket_seconds")).longValue()).isEqualTo(partSeconds);
            assertThat(((Number) row.get("prediction_count")).longValue()).isEqualTo(96);
            assertThat(((Number) row.get("labelled_count")).longValue()).isZero();
        });

        // the labels come after: the next roll-up re-rolls the whole week part from raw rows
        assertThat(api.postJson("/api/v1/ground-truth/batch", Api.json(truths)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM prediction"
                + " WHERE model = 'lateweekly' AND actual_default IS NOT NULL", Long.class) == truths.size());
        Summaries.Rollup second = summaries.rollup("lateweekly", null, null);
        assertThat(second.rerolled()).isEqualTo(1);
        for (String version : List.of("", "v1")) {
            assertThat(jdbc.queryForList(ROWS, "lateweekly", version, "")).singleElement().satisfies(row -> {
                assertThat(((Number) row.get("bucket_seconds")).longValue()).isEqualTo(partSeconds);
                assertThat(((Number) row.get("prediction_count")).longValue()).isEqualTo(96);
                assertThat(((Number) row.get("labelled_count")).longValue()).isEqualTo(truths.size());
            });
        }
        BucketSummary part = summaries.read("lateweekly", instant(partStart), instant(partEnd)).summary();
        assertThat(part.scores().positives()).isEqualTo(labels.stream().filter(l -> l == 1).count());
        assertThat(part.scores().negatives()).isEqualTo(labels.stream().filter(l -> l == 0).count());
        // and a third run finds nothing to do
        Summaries.Rollup third = summaries.rollup("lateweekly", null, null);
        assertThat(third.rerolled() + third.daysCompacted() + third.weeksCompacted() + third.monthsCompacted())
                .isZero();
    }

    private static Instant instant(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String partOf(LocalDate day) {
        return Summaries.weekPartStart(instant(day)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static long sum(Map<LocalDate, Long> perDay, String from, String to) {
        return perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(LocalDate.parse(from))
                && e.getKey().isBefore(LocalDate.parse(to))).mapToLong(Map.Entry::getValue).sum();
    }

    /** A summary of n predictions, two thirds of them labelled. */
    private BucketSummary synthetic(int n, SplittableRandom random) {
        BucketSummary summary = BucketSummary.empty(0.5, 0.7, properties);
        for (int i = 0; i < n; i++) {
            double p = random.nextDouble();
            int decision = p >= 0.5 ? 1 : 0;
            int label = i % 3 == 0 ? -1 : (random.nextDouble() < p ? 1 : 0);
            summary.predictions++;
            summary.scores.add(p, decision, label);
            summary.probability.add(p);
            summary.latency.add(10 + random.nextInt(40));
            if (label >= 0) {
                summary.decisionCells[2 * label + decision]++;
                summary.thresholdCells[2 * label + decision]++;
            }
        }
        return summary;
    }

    private void insertDay(String model, String version, String key, String value, LocalDate day,
            BucketSummary summary) {
        jdbc.update("INSERT INTO summary (model, model_version, segment_key, segment_value, bucket_start,"
                + " bucket_seconds, bucket_end, prediction_count, labelled_count, rolled_up_at, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", model, version, key, value,
                instant(day).atOffset(ZoneOffset.UTC), 86_400, instant(day.plusDays(1)).atOffset(ZoneOffset.UTC),
                summary.predictions(), summary.labelled(), Instant.now().atOffset(ZoneOffset.UTC), summary.toBytes());
    }

    private BucketSummary body(String model, String version, String key, Instant start) {
        return BucketSummary.fromBytes(jdbc.queryForObject("SELECT body FROM summary WHERE model = ?"
                + " AND model_version = ? AND segment_key = ? AND bucket_start = ?", byte[].class, model, version, key,
                start.atOffset(ZoneOffset.UTC)));
    }

    private static void assertSameFigures(BucketSummary actual, BucketSummary expected) {
        assertThat(actual.predictions()).isEqualTo(expected.predictions());
        assertThat(actual.labelled()).isEqualTo(expected.labelled());
        assertThat(actual.decisionCells()).isEqualTo(expected.decisionCells());
        assertThat(actual.thresholdCells()).isEqualTo(expected.thresholdCells());
        assertThat(actual.scores().positives()).isEqualTo(expected.scores().positives());
        assertThat(actual.scores().rocAuc().value()).isCloseTo(expected.scores().rocAuc().value(), within(1e-15));
        assertThat(actual.scores().sumProbability()).isCloseTo(expected.scores().sumProbability(), within(1e-9));
        assertThat(actual.probability().count()).isEqualTo(expected.probability().count());
        assertThat(actual.latency().count()).isEqualTo(expected.latency().count());
    }
}
