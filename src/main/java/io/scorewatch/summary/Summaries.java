package io.scorewatch.summary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.scorewatch.model.ModelDefinition;
import io.scorewatch.model.ModelRegistry;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentSlots;
import io.scorewatch.stats.QuantileSketch;
import io.scorewatch.window.PredictionWindowReader;

/**
 * The mergeable summaries of every model: the roll-up of closed buckets from raw rows (and the
 * re-roll of buckets whose rows arrived or got labels after their roll-up), the compaction of
 * old buckets into days, week parts and calendar months, their retention, and the read of a
 * window from them.
 *
 * <p>Rows hold the total over model versions (model_version '') and over segments
 * (segment_key '' and segment_value ''), one row per declared segment key and value that has
 * predictions in the bucket, and the same again per model version with predictions in the bucket
 * (predictions stored without a version count in the totals only).
 */
@Service
public class Summaries {

    private static final Logger log = LoggerFactory.getLogger(Summaries.class);
    /** The model version and the segment key and value of the total. */
    static final String TOTAL = "";
    private static final long DAY = 86_400;
    private static final long WEEK = 7 * DAY;
    /** The end of the stores' last year (ISO-8601's four-digit years). */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final JdbcTemplate jdbc;
    private final SegmentSlots slots;
    private final TransactionTemplate transactions;
    private final ModelRegistry models;
    private final SummaryBuilder builder;
    private final SummaryProperties properties;
    private final SummaryRetentionProperties retention;
    private final Clock clock;
    private final PredictionWindowReader reader;

    Summaries(JdbcTemplate jdbc, TransactionTemplate transactions, ModelRegistry models, SummaryBuilder builder,
            SummaryProperties properties, SummaryRetentionProperties retention, Clock clock, SegmentSlots slots,
            PredictionWindowReader reader) {
        this.slots = slots;
        this.reader = reader;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.models = models;
        this.builder = builder;
        this.properties = properties;
        this.retention = retention;
        this.clock = clock;
    }

    /** What one roll-up did. */
    public record Rollup(int bucketsRolledUp, int rerolled, int daysCompacted, int weeksCompacted,
            int monthsCompacted, Instant closedThrough) {

        @Override
        public String toString() {
            return bucketsRolledUp + " buckets rolled up, " + rerolled + " re-rolled for late rows or labels, "
                    + daysCompacted + " days, " + weeksCompacted + " week parts and " + monthsCompacted
                    + " months compacted; closed through " + closedThrough;
        }
    }

    /**
     * Rolls up the model's closed buckets not rolled up yet, re-rolls those whose rows arrived or
     * got labels since the last run, and, with {@code from} and {@code to}, re-rolls every closed
     * bucket in that range (a back-fill); then compacts.
     */
    public Rollup rollup(String modelName, Instant from, Instant to) {
        ModelDefinition model = models.get(modelName);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long bucket = properties.bucket().toSeconds();
        Instant closedEnd = floor(now, bucket);
        Instant rawCutoff = now.minus(retention.raw());
        Progress progress = progress(model.name());
        Instant start = progress == null ? earliestPrediction(model.name()) : progress.closedThrough();
        int rolled = 0;
        if (start != null) {
            for (Instant b = floor(start, bucket); b.isBefore(closedEnd); b = b.plusSeconds(bucket)) {
                if (reroll(model, b, b.plusSeconds(bucket), now, rawCutoff)) {
                    rolled++;
                }
            }
        }
        TreeMap<Instant, Instant> spans = new TreeMap<>();
        if (progress != null) {
            for (Instant at : arrivedSince(model.name(), progress.checkedAt(), progress.closedThrough())) {
                addSpan(spans, model.name(), floor(at, bucket), bucket);
            }
        }
        if (from != null && to != null) {
            Instant end = to.isAfter(closedEnd) ? closedEnd : to;
            for (Instant b = floor(from, bucket); b.isBefore(end); b = b.plusSeconds(bucket)) {
                addSpan(spans, model.name(), b, bucket);
            }
        }
        int rerolled = 0;
        for (var span : spans.entrySet()) {
            if (reroll(model, span.getKey(), span.getValue(), now, rawCutoff)) {
                rerolled++;
            }
        }
        saveProgress(model.name(), progress == null || closedEnd.isAfter(progress.closedThrough()) ? closedEnd
                : progress.closedThrough(), now);
        Instant monthCutoff = now.minus(properties.compactWeeksAfter());
        int days = compactDays(model.name(), now.minus(properties.compactHoursAfter()));
        int weeks = compactWeeks(model.name(), now.minus(properties.compactDaysAfter()), monthCutoff);
        int months = compactMonths(model.name(), monthCutoff);
        return new Rollup(rolled, rerolled, days, weeks, months, closedEnd);
    }

    /** Purges the model's summaries whose bucket ended before the summary retention. */
    public long purge(String model) {
        Instant before = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).minus(retention.summaries())
                .toInstant();
        int purged = jdbc.update("DELETE FROM summary WHERE model = ? AND bucket_end <= ?", model, utc(before));
        if (purged > 0) {
            log.info("Model {}: purged {} summaries that ended before {}", model, purged, before);
        }
        return purged;
    }

    /**
     * Whether a window is computed exactly from raw rows: it holds at most
     * {@code scorewatch.summaries.exact-max-rows} rows, and raw rows cover it (it starts inside
     * the raw retention, or its raw rows are as many as its stored summaries count: none purged).
     */
    public boolean exact(String model, Instant from, Instant to, long rows) {
        return exact(model, null, from, to, rows);
    }

    /** {@link #exact(String, Instant, Instant, long)} of one segment value's rows; the total when null. */
    public boolean exact(String model, Segment segment, Instant from, Instant to, long rows) {
        return exact(model, segment, null, from, to, rows);
    }

    /**
     * {@link #exact(String, Instant, Instant, long)} of one segment value's rows (the total when
     * null) of one model version (every version when null).
     */
    public boolean exact(String model, Segment segment, String version, Instant from, Instant to, long rows) {
        if (rows > properties.exactMaxRows()) {
            return false;
        }
        if (!from.isBefore(clock.instant().minus(retention.raw()))) {
            return true;
        }
        Long summarised = jdbc.queryForObject("SELECT COALESCE(SUM(prediction_count), 0) FROM summary WHERE model = ?"
                + " AND model_version = ? AND segment_key = ? AND segment_value = ? AND bucket_start >= ?"
                + " AND bucket_end <= ?", Long.class, model, version(version), key(segment), value(segment),
                utc(from), utc(to));
        return summarised == null || rows >= summarised;
    }

    /** {@code scorewatch.summaries.exact-max-rows}: the largest window computed exactly from raw rows. */
    public long exactMaxRows() {
        return properties.exactMaxRows();
    }

    /**
     * The window's raw rows (of one segment value, the total when null, and of one model version,
     * every version when null; never a challenger's shadows), counted up to one more than
     * {@code exact-max-rows}: enough for {@link #exact(String, Segment, String, Instant, Instant, long)}.
     */
    public long rawRows(String model, Segment segment, String version, Instant from, Instant to) {
        return reader.count(model, segment, version, from, to, properties.exactMaxRows() + 1);
    }

    /**
     * A window as merged summaries: the stored buckets that lie in it, and, from raw rows, the
     * parts that no stored bucket covers but raw rows still do (the buckets not rolled up yet,
     * and the edges of a compacted bucket the window cuts).
     */
    public SummaryRead read(String modelName, Instant from, Instant to) {
        return read(modelName, null, from, to);
    }

    /** {@link #read(String, Instant, Instant)} of one segment value; the total when the segment is null. */
    public SummaryRead read(String modelName, Segment segment, Instant from, Instant to) {
        return read(modelName, segment, null, from, to);
    }

    /**
     * {@link #read(String, Instant, Instant)} of one segment value (the total when the segment is
     * null) and one model version (every version when the version is null).
     *
     * <p>A stored bucket the window cuts (a compacted day, week part or month, or an hour at an edge) is
     * read from raw rows for the part inside the window when raw rows still cover that part (it
     * starts inside the raw retention). Otherwise the whole bucket is merged, and the answer
     * covers more than the window: {@link ErrorBound#coveredFrom()} and
     * {@link ErrorBound#coveredTo()} say what it covers.
     */
    public SummaryRead read(String modelName, Segment segment, String version, Instant from, Instant to) {
        return read(modelName, segment, version, from, to, true);
    }

    /**
     * {@link #read(String, Segment, Instant, Instant)} without the features: the counts, label
     * counters and the probability and latency sketches, which is all the metrics need. The
     * stored summaries' feature sketches are skipped, not read, and raw spans read no feature
     * column.
     */
    public SummaryRead readScores(String modelName, Segment segment, Instant from, Instant to) {
        return readScores(modelName, segment, null, from, to);
    }

    /**
     * {@link #readScores(String, Segment, Instant, Instant)} of one model version; of every
     * version when the version is null.
     */
    public SummaryRead readScores(String modelName, Segment segment, String version, Instant from, Instant to) {
        return read(modelName, segment, version, from, to, false);
    }

    /**
     * Whether the model has predictions of this version (not a challenger's shadows): in its
     * summaries, or among the raw rows not rolled up yet.
     */
    public boolean hasVersion(String model, String version) {
        if (!jdbc.query("SELECT 1 FROM summary WHERE model = ? AND model_version = ? FETCH FIRST 1 ROWS ONLY",
                (rs, row) -> 1, model, version).isEmpty()) {
            return true;
        }
        Progress progress = progress(model);
        Instant since = progress == null ? Instant.EPOCH : progress.closedThrough();
        return reader.count(model, null, version, since, LATEST, 1) > 0;
    }

    private SummaryRead read(String modelName, Segment segment, String version, Instant from, Instant to,
            boolean features) {
        ModelDefinition model = models.get(modelName);
        Instant rawCutoff = clock.instant().minus(retention.raw());
        BucketSummary merged = BucketSummary.empty(model.decisionThreshold(), model.highRiskProbability(),
                properties);
        int[] used = {0};
        Instant[] covered = {from, to};
        List<BucketSummary> stored = new ArrayList<>();
        List<Instant[]> straddled = new ArrayList<>();
        jdbc.query("SELECT bucket_start, bucket_end, body FROM summary WHERE model = ? AND model_version = ?"
                + " AND segment_key = ? AND segment_value = ? AND bucket_end > ? AND bucket_start < ?"
                + " ORDER BY bucket_start", rs -> {
                    Instant start = rs.getObject(1, OffsetDateTime.class).toInstant();
                    Instant end = rs.getObject(2, OffsetDateTime.class).toInstant();
                    Instant partStart = start.isBefore(from) ? from : start;
                    Instant partEnd = end.isAfter(to) ? to : end;
                    boolean inside = partStart.equals(start) && partEnd.equals(end);
                    if (!inside && !partStart.isBefore(rawCutoff)) {
                        straddled.add(new Instant[] {partStart, partEnd});
                        return;
                    }
                    // inside the window, or cut by it where raw rows no longer cover the cut part: the whole bucket
                    stored.add(BucketSummary.toMerge(rs.getBytes(3), features));
                    used[0]++;
                    if (start.isBefore(covered[0])) {
                        covered[0] = start;
                    }
                    if (end.isAfter(covered[1])) {
                        covered[1] = end;
                    }
                }, model.name(), version(version), key(segment), value(segment), utc(from), utc(to));
        merged.mergeAll(stored);
        stored.clear();
        List<Instant[]> raw = new ArrayList<>(straddled);
        Progress progress = progress(model.name());
        Instant closed = progress == null ? from : progress.closedThrough();
        if (closed.isBefore(to)) {
            raw.add(new Instant[] {closed.isAfter(from) ? closed : from, to});
        }
        int rawSpans = 0;
        for (Instant[] span : raw) {
            Instant start = span[0].isBefore(rawCutoff) ? rawCutoff : span[0];
            if (start.isBefore(span[1])) {
                merged.merge(builder.build(model, segment, version, start, span[1], features));
                rawSpans++;
            }
        }
        return new SummaryRead(merged, used[0], rawSpans, new ErrorBound(
                QuantileSketch.rankError(properties.featureK()), merged.probability().rankError(),
                merged.scores().binWidth(), used[0], rawSpans, covered[0], covered[1]));
    }

    /** A window read from summaries, with the bound of its error. */
    public record SummaryRead(BucketSummary summary, int summaries, int rawSpans, ErrorBound errorBound) {
    }

    /**
     * How far figures computed from summaries may be from the exact ones.
     *
     * @param featureRankError     a numerical feature's sketch rank error (KLL, 99% confidence)
     * @param probabilityRankError the probability sketch's rank error
     * @param probabilityBinWidth  the width of a label counter's probability bin
     * @param summaries            stored summaries merged
     * @param rawSpans             spans summarised from raw rows on the fly
     * @param coveredFrom          start of the span the figures summarise: the window's start, or
     *                             earlier when a stored bucket the window cuts is merged whole
     *                             because raw rows no longer cover the part inside the window
     * @param coveredTo            end of the span the figures summarise: the window's end, or later
     *                             for the same reason
     */
    public record ErrorBound(double featureRankError, double probabilityRankError, double probabilityBinWidth,
            int summaries, int rawSpans, Instant coveredFrom, Instant coveredTo) {
    }

    /** Adds the span of the stored row covering {@code bucketStart}, or the bucket itself. */
    private void addSpan(TreeMap<Instant, Instant> spans, String model, Instant bucketStart, long bucket) {
        List<Instant[]> covering = jdbc.query("SELECT bucket_start, bucket_end FROM summary WHERE model = ?"
                + " AND model_version = ? AND segment_key = ? AND segment_value = ? AND bucket_start <= ?"
                + " AND bucket_end > ?", (rs, row) -> new Instant[] {rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant()},
                model, TOTAL, TOTAL, TOTAL, utc(bucketStart), utc(bucketStart));
        Instant[] span = covering.stream().max((a, b) -> Long.compare(a[1].getEpochSecond() - a[0].getEpochSecond(),
                b[1].getEpochSecond() - b[0].getEpochSecond()))
                .orElse(new Instant[] {bucketStart, bucketStart.plusSeconds(bucket)});
        spans.merge(span[0], span[1], (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Builds the span's summary from raw rows and stores it in place of every row inside the
     * span, in one transaction; an empty span leaves no row. A span older than the raw retention
     * that has a summary already keeps it: its raw rows may be purged in part. True when a row
     * was written.
     */
    private boolean reroll(ModelDefinition model, Instant start, Instant end, Instant now, Instant rawCutoff) {
        if (start.isBefore(rawCutoff) && jdbc.queryForObject("SELECT COUNT(*) FROM summary WHERE model = ? AND"
                + " model_version = ? AND segment_key = ? AND segment_value = ? AND bucket_end > ? AND bucket_start < ?",
                Long.class, model.name(), TOTAL, TOTAL, TOTAL, utc(start), utc(end)) > 0) {
            return false;
        }
        Map<RowKey, BucketSummary> rows = summarise(model, start, end);
        Map<BucketSummary, byte[]> bodies = new java.util.IdentityHashMap<>();
        rows.values().forEach(summary -> bodies.computeIfAbsent(summary, BucketSummary::toBytes));
        Boolean written = transactions.execute(status -> {
            jdbc.update("DELETE FROM summary WHERE model = ? AND bucket_start >= ? AND bucket_end <= ?", model.name(),
                    utc(start), utc(end));
            if (rows.isEmpty()) {
                return false;
            }
            rows.forEach((key, summary) -> insert(model.name(), key.version(), key.segment(), start, end, summary,
                    bodies.get(summary), now));
            return true;
        });
        return Boolean.TRUE.equals(written);
    }

    /** A summary row's model version ({@link #TOTAL} for every version) and segment value (null for the total). */
    private record RowKey(String version, Segment segment) {
    }

    /**
     * The rows of the span [start, end): the total, every segment value with predictions, and the
     * same per model version. When every prediction of the span has one version, that version's
     * rows are the totals' rows; otherwise each version's rows are built from its own predictions.
     * Empty when the span has no prediction.
     */
    private Map<RowKey, BucketSummary> summarise(ModelDefinition model, Instant start, Instant end) {
        Map<RowKey, BucketSummary> rows = new LinkedHashMap<>();
        BucketSummary total = builder.build(model, start, end);
        if (total.predictions() == 0) {
            return rows;
        }
        rows.put(new RowKey(TOTAL, null), total);
        Map<Segment, BucketSummary> segments = new LinkedHashMap<>();
        for (Segment segment : segmentsIn(model, start, end)) {
            BucketSummary one = builder.build(model, segment, start, end);
            if (one.predictions() > 0) {
                segments.put(segment, one);
                rows.put(new RowKey(TOTAL, segment), one);
            }
        }
        List<String> versions = new ArrayList<>();
        boolean[] unversioned = {false};
        jdbc.query("SELECT DISTINCT model_version FROM prediction WHERE model = ? AND predicted_at >= ?"
                + " AND predicted_at < ? AND shadow_of IS NULL", rs -> {
                    String version = rs.getString(1);
                    if (version == null || version.isEmpty()) {
                        unversioned[0] = true;
                    } else {
                        versions.add(version);
                    }
                }, model.name(), utc(start), utc(end));
        if (versions.size() == 1 && !unversioned[0]) {
            String version = versions.get(0);
            rows.put(new RowKey(version, null), total);
            segments.forEach((segment, one) -> rows.put(new RowKey(version, segment), one));
            return rows;
        }
        for (String version : versions.stream().sorted().toList()) {
            BucketSummary one = builder.build(model, null, version, start, end);
            if (one.predictions() == 0) {
                continue;
            }
            rows.put(new RowKey(version, null), one);
            for (Segment segment : segments.keySet()) {
                BucketSummary part = builder.build(model, segment, version, start, end);
                if (part.predictions() > 0) {
                    rows.put(new RowKey(version, segment), part);
                }
            }
        }
        return rows;
    }

    /** The declared segment values with predictions in [start, end). */
    private List<Segment> segmentsIn(ModelDefinition model, Instant start, Instant end) {
        if (model.segments().isEmpty()) {
            return List.of();
        }
        List<Segment> segments = new ArrayList<>();
        for (String key : new TreeSet<>(model.segments().keySet())) {
            String column = slots.column(model.name(), key);
            segments.addAll(jdbc.query("SELECT DISTINCT " + column + " FROM prediction p WHERE p.model = ?"
                    + " AND p.predicted_at >= ? AND p.predicted_at < ? AND " + column + " IS NOT NULL ORDER BY "
                    + column, (rs, row) -> new Segment(key, rs.getString(1)), model.name(), utc(start), utc(end)));
        }
        return segments;
    }

    private void insert(String model, String version, Segment segment, Instant start, Instant end,
            BucketSummary summary, byte[] body, Instant now) {
        jdbc.update("INSERT INTO summary (model, model_version, segment_key, segment_value, bucket_start,"
                + " bucket_seconds, bucket_end, prediction_count, labelled_count, rolled_up_at, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", model, version, key(segment), value(segment),
                utc(start), Duration.between(start, end).toSeconds(), utc(end), summary.predictions(),
                summary.labelled(), utc(now), body);
    }

    /**
     * Merges the buckets shorter than a day of every UTC day that ended before the cutoff into one
     * row; answers the days whose rows it replaced.
     */
    int compactDays(String model, Instant cutoff) {
        List<Instant> days = jdbc.query("SELECT DISTINCT bucket_start FROM summary WHERE model = ? AND"
                + " bucket_seconds < ? AND bucket_end <= ?", (rs, row) -> rs.getObject(1, OffsetDateTime.class)
                        .toInstant().truncatedTo(ChronoUnit.DAYS), model, DAY, utc(cutoff)).stream().distinct()
                .filter(day -> !day.plusSeconds(DAY).isAfter(cutoff)).toList();
        int compacted = 0;
        for (Instant day : days) {
            if (compact(model, day, day.plusSeconds(DAY))) {
                compacted++;
            }
        }
        return compacted;
    }

    /**
     * Merges the days (and any shorter buckets) of every week part that ended before the cutoff
     * into one row; answers the week parts whose rows it replaced. A week part is the part of an
     * ISO week (Monday 00:00 UTC) inside one UTC calendar month: a week across a month's end is
     * two parts, so that a month is always a whole number of parts and its compaction merges them
     * exactly. The parts of a month that ended before {@code monthCutoff} are left to
     * {@link #compactMonths(String, Instant)}, which merges their days directly.
     */
    int compactWeeks(String model, Instant cutoff, Instant monthCutoff) {
        List<Instant> parts = jdbc.query("SELECT DISTINCT bucket_start FROM summary WHERE model = ? AND"
                + " bucket_seconds <= ? AND bucket_end <= ?", (rs, row) -> weekPartStart(rs.getObject(1,
                        OffsetDateTime.class).toInstant()), model, DAY, utc(cutoff)).stream().distinct()
                .filter(part -> !weekPartEnd(part).isAfter(cutoff) && monthEnd(monthStart(part)).isAfter(monthCutoff))
                .toList();
        int compacted = 0;
        for (Instant part : parts) {
            if (compact(model, part, weekPartEnd(part))) {
                compacted++;
            }
        }
        return compacted;
    }

    /**
     * Merges the week parts, days and shorter buckets of every UTC calendar month that ended
     * before the cutoff into one row; answers the months whose rows it replaced.
     */
    int compactMonths(String model, Instant cutoff) {
        List<Instant> months = jdbc.query("SELECT DISTINCT bucket_start FROM summary WHERE model = ? AND"
                + " bucket_seconds <= ? AND bucket_end <= ?", (rs, row) -> monthStart(rs.getObject(1,
                        OffsetDateTime.class).toInstant()), model, WEEK, utc(cutoff)).stream().distinct()
                .filter(month -> !monthEnd(month).isAfter(cutoff)).toList();
        int compacted = 0;
        for (Instant month : months) {
            if (compact(model, month, monthEnd(month))) {
                compacted++;
            }
        }
        return compacted;
    }

    /**
     * Replaces the rows inside [start, end) by their merge per model version and segment value,
     * in one transaction. Rows that already span [start, end) stay as they are: running it again
     * changes nothing. True when rows were replaced.
     */
    private boolean compact(String model, Instant start, Instant end) {
        Boolean replaced = transactions.execute(status -> {
            // the spans first, without the bodies: a span compacted already is left as it is, unread
            List<Boolean> whole = jdbc.query("SELECT bucket_start, bucket_end FROM summary WHERE model = ?"
                    + " AND bucket_start >= ? AND bucket_end <= ?", (rs, row) -> rs.getObject(1, OffsetDateTime.class)
                            .toInstant().equals(start) && rs.getObject(2, OffsetDateTime.class).toInstant().equals(end),
                    model, utc(start), utc(end));
            if (!whole.contains(false)) {
                return false;
            }
            Map<RowKey, BucketSummary> merged = new LinkedHashMap<>();
            jdbc.query("SELECT model_version, segment_key, segment_value, body FROM summary"
                    + " WHERE model = ? AND bucket_start >= ? AND bucket_end <= ?"
                    + " ORDER BY model_version, segment_key, segment_value, bucket_start", rs -> {
                        Segment segment = rs.getString(2).isEmpty() ? null
                                : new Segment(rs.getString(2), rs.getString(3));
                        BucketSummary one = BucketSummary.fromBytes(rs.getBytes(4));
                        merged.merge(new RowKey(rs.getString(1), segment), one, (a, b) -> {
                            a.merge(b);
                            return a;
                        });
                    }, model, utc(start), utc(end));
            jdbc.update("DELETE FROM summary WHERE model = ? AND bucket_start >= ? AND bucket_end <= ?", model,
                    utc(start), utc(end));
            Instant now = clock.instant();
            merged.forEach((key, summary) -> insert(model, key.version(), key.segment(), start, end, summary,
                    summary.toBytes(), now));
            return true;
        });
        return Boolean.TRUE.equals(replaced);
    }

    private record Progress(Instant closedThrough, Instant checkedAt) {
    }

    private Progress progress(String model) {
        return jdbc.query("SELECT closed_through, checked_at FROM summary_progress WHERE model = ?",
                (rs, row) -> new Progress(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant()), model).stream().findFirst().orElse(null);
    }

    private void saveProgress(String model, Instant closedThrough, Instant checkedAt) {
        if (jdbc.update("UPDATE summary_progress SET closed_through = ?, checked_at = ? WHERE model = ?",
                utc(closedThrough), utc(checkedAt), model) == 0) {
            jdbc.update("INSERT INTO summary_progress (model, closed_through, checked_at) VALUES (?, ?, ?)", model,
                    utc(closedThrough), utc(checkedAt));
        }
    }

    private Instant earliestPrediction(String model) {
        OffsetDateTime first = jdbc.queryForObject("SELECT MIN(predicted_at) FROM prediction WHERE model = ?",
                OffsetDateTime.class, model);
        return first == null ? null : first.toInstant();
    }

    /** Prediction times of rows received or labelled after {@code since}, in buckets rolled up already. */
    private List<Instant> arrivedSince(String model, Instant since, Instant closedThrough) {
        List<Instant> at = new ArrayList<>();
        for (String column : List.of("received_at", "labeled_at")) {
            at.addAll(jdbc.query("SELECT DISTINCT predicted_at FROM prediction WHERE model = ? AND " + column
                    + " > ? AND predicted_at < ?", (rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant(),
                    model, utc(since), utc(closedThrough)));
        }
        return at;
    }

    private static String version(String version) {
        return version == null ? TOTAL : version;
    }

    private static String key(Segment segment) {
        return segment == null ? TOTAL : segment.key();
    }

    private static String value(Segment segment) {
        return segment == null ? TOTAL : segment.value();
    }

    static Instant floor(Instant instant, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    /** Start of the week part holding the instant: its ISO week's Monday, or its month's first day if later. */
    static Instant weekPartStart(Instant instant) {
        ZonedDateTime day = instant.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        Instant monday = day.minusDays(day.getDayOfWeek().getValue() - 1L).toInstant();
        Instant month = monthStart(instant);
        return monday.isBefore(month) ? month : monday;
    }

    /** End of the week part that starts at {@code partStart}: the next Monday, or the next month's first day if sooner. */
    static Instant weekPartEnd(Instant partStart) {
        ZonedDateTime day = partStart.atZone(ZoneOffset.UTC);
        Instant nextMonday = day.plusDays(8L - day.getDayOfWeek().getValue()).toInstant();
        Instant nextMonth = monthEnd(monthStart(partStart));
        return nextMonday.isBefore(nextMonth) ? nextMonday : nextMonth;
    }

    private static Instant monthStart(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    private static Instant monthEnd(Instant monthStart) {
        return monthStart.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
