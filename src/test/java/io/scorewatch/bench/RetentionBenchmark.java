package io.scorewatch.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.scorewatch.ScorewatchApplication;
import io.scorewatch.ingest.RawDataRetention;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Retention on PostgreSQL: a month of {@code retention.rows} predictions (default 30,000,000)
 * goes by detaching and dropping its partitions, and the same rows go by row deletes, measured
 * one after the other on the same server.
 *
 * <ol>
 * <li>Fills a month well past the raw retention cheaply: each table's month is filled by
 * {@code INSERT ... SELECT generate_series} into a table of its own, then attached as the
 * month's partition (which builds its indexes). Every prediction has a segment value in its
 * {@code segment_1} column, one in ten a label; the feature blocks are small and shared (a block
 * of 1,000 rows names a 1-row vector).</li>
 * <li>Times the retention job ({@link RawDataRetention#purge}), which detaches the month's
 * partitions and drops them.</li>
 * <li>Fills the month again, and times its two steps apart: {@code DETACH PARTITION} of each
 * table (the only step that holds the parent table's lock, which reads and inserts wait for),
 * then {@code DROP TABLE} of the detached tables (which locks them alone).</li>
 * <li>Fills the month again, and times deleting its rows with the batched DELETE statements a
 * store without partitions runs (the H2 path of the same job), on the month's tables.</li>
 * <li>Times the intake's {@code COPY} of {@code retention.insert-rows} predictions in batches of
 * 1,000, one transaction each, into the partitioned table and into a table shaped as the
 * prediction table is without partitions, with its unique constraint.</li>
 * </ol>
 *
 * <p>The server runs with {@code shared_buffers=1GB} and {@code max_wal_size=8GB}, settings a
 * production server of this size would have. Run: {@code ./mvnw -Pbench verify -Dbench=retention
 * [-Dretention.rows=30000000]}.
 */
public final class RetentionBenchmark {

    private static final String MODEL = "credit-scoring";
    private static final int DELETE_BATCH = 10_000;
    private static final int INSERT_BATCH = 1_000;

    private RetentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("retention.rows", 30_000_000L);
        int insertRows = Integer.getInteger("retention.insert-rows", 200_000);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB").setServerConfig("checkpoint_timeout", "30min").start()) {
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE retention_bench");
            }
            String url = server.getJdbcUrl("postgres", "retention_bench");
            YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(6);
            System.out.println("== Retention benchmark (" + Runtime.getRuntime().availableProcessors()
                    + " cores, embedded PostgreSQL 14): a month (" + month + ") of " + String.format(Locale.ROOT,
                            "%,d", rows) + " predictions");
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ScorewatchApplication.class).run(
                    "--server.port=0", "--logging.level.root=WARN", "--spring.profiles.active=postgres",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres", "--scorewatch.retention.raw=90d",
                    "--scorewatch.retention.delete-batch=" + DELETE_BATCH,
                    "--scorewatch.schedule.realtime=0 0 0 1 1 *", "--scorewatch.schedule.rollup=0 0 0 1 1 *",
                    "--scorewatch.schedule.daily=0 0 0 1 1 *", "--scorewatch.schedule.retention=0 0 0 1 1 *")) {
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                run(jdbc, app.getBean(RawDataRetention.class), month, rows, insertRows);
            }
        }
    }

    private static final List<String> TABLES = List.of("prediction", "feature_block", "ground_truth");

    private static void run(JdbcTemplate jdbc, RawDataRetention retention, YearMonth month, long rows, int insertRows)
            throws SQLException {
        long start = System.nanoTime();
        fill(jdbc, month, rows, 0);
        System.out.printf(Locale.ROOT, "fill: %,d predictions (%,d labels) in %.0f s; on disk %s%n", rows, rows / 10,
                seconds(start), size(jdbc));

        start = System.nanoTime();
        RawDataRetention.Purged purged = retention.purge(MODEL);
        System.out.printf(Locale.ROOT, "partitions: retention job (detaches and drops the month's three partitions):"
                + " %.3f s (%s)%n", seconds(start), purged);

        fill(jdbc, month, rows, rows);
        jdbc.execute("CHECKPOINT");
        start = System.nanoTime();
        StringBuilder steps = new StringBuilder();
        for (String table : TABLES) {
            long one = System.nanoTime();
            jdbc.execute("ALTER TABLE " + table + " DETACH PARTITION " + table + suffix(month));
            steps.append(String.format(Locale.ROOT, " %s %.3f s;", table, seconds(one)));
        }
        double detach = seconds(start);
        start = System.nanoTime();
        steps.append(" then DROP TABLE:");
        for (String table : TABLES) {
            long one = System.nanoTime();
            jdbc.execute("DROP TABLE " + table + suffix(month));
            steps.append(String.format(Locale.ROOT, " %s %.3f s;", table, seconds(one)));
        }
        System.out.printf(Locale.ROOT, "partitions: DETACH PARTITION of the month's partitions %.3f s (the parent"
                + " tables' lock held), DROP TABLE of the detached tables %.3f s (their own lock alone): %s%n", detach,
                seconds(start), steps.toString().trim());

        fill(jdbc, month, rows, 2 * rows);
        jdbc.execute("CHECKPOINT");
        Instant before = start(month.plusMonths(1));
        var cutoff = before.atOffset(ZoneOffset.UTC);
        String suffix = suffix(month);
        start = System.nanoTime();
        long predictions = repeat(jdbc, "DELETE FROM prediction" + suffix + " WHERE id IN (SELECT id FROM prediction"
                + suffix + " WHERE model = ? AND predicted_at < ? FETCH FIRST " + DELETE_BATCH + " ROWS ONLY)", MODEL,
                cutoff);
        double predictionSeconds = seconds(start);
        start = System.nanoTime();
        long blocks = repeat(jdbc, "DELETE FROM feature_block" + suffix + " WHERE id IN (SELECT id FROM feature_block"
                + suffix + " WHERE model = ? AND last_predicted_at < ? FETCH FIRST " + DELETE_BATCH + " ROWS ONLY)",
                MODEL, cutoff);
        long labels = repeat(jdbc, "DELETE FROM ground_truth" + suffix + " WHERE id IN (SELECT id FROM ground_truth"
                + suffix + " WHERE (model = ? OR model IS NULL) AND observed_at < ? FETCH FIRST " + DELETE_BATCH
                + " ROWS ONLY)", MODEL, cutoff);
        double restSeconds = seconds(start);
        System.out.printf(Locale.ROOT, "row deletes in batches of %,d: %,d predictions %.1f s, %,d blocks and %,d labels"
                + " %.1f s; total %.1f s%n", DELETE_BATCH, predictions, predictionSeconds, blocks, labels, restSeconds,
                predictionSeconds + restSeconds);
        for (String table : TABLES) {
            jdbc.execute("DROP TABLE IF EXISTS " + table + suffix);
        }

        inserts(jdbc, insertRows);
    }

    /**
     * Fills the month's partitions: each table's rows go into a table of its own, attached as
     * the month's partition (which builds its indexes and checks its bounds).
     */
    private static void fill(JdbcTemplate jdbc, YearMonth month, long rows, long offset) {
        Instant from = start(month);
        long spanMicros = (start(month.plusMonths(1)).getEpochSecond() - from.getEpochSecond()) * 1_000_000L;
        String at = "(TIMESTAMPTZ '" + from + "' +  ((i - 1 - " + offset + ")::bigint * " + (spanMicros / rows)
                + ") * INTERVAL '1 microsecond')";
        String series = " FROM generate_series(" + (offset + 1) + ", " + (offset + rows) + ") i";
        String suffix = suffix(month);
        String bounds = " FOR VALUES FROM ('" + from + "') TO ('" + start(month.plusMonths(1)) + "')";
        String id = "'bench-' || lpad(i::text, 12, '0')";

        jdbc.execute("CREATE TABLE fill_block (LIKE feature_block INCLUDING DEFAULTS INCLUDING STORAGE)");
        jdbc.execute("INSERT INTO fill_block (id, model, row_count, last_predicted_at, vectors) SELECT b, '" + MODEL
                + "', 1000, (TIMESTAMPTZ '" + from + "' + ((b * 1000 - 1 - " + offset + ")::bigint * " + (spanMicros / rows)
                + ") * INTERVAL '1 microsecond'), '\\x0000000000000000'::bytea FROM generate_series("
                + (offset / 1000 + 1) + ", " + ((offset + rows) / 1000) + ") b");
        jdbc.execute("ALTER TABLE feature_block ATTACH PARTITION fill_block" + bounds);
        jdbc.execute("ALTER TABLE fill_block RENAME TO feature_block" + suffix);

        jdbc.execute("CREATE TABLE fill_prediction (LIKE prediction INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        jdbc.execute("INSERT INTO fill_prediction (id, prediction_id, model, model_version, predicted_at, received_at,"
                + " client_hash, prediction, probability, latency_ms, quality_violations, block_id, block_row, segment_1,"
                + " predicted_month) SELECT i, " + id + ", '" + MODEL + "', 'v1', " + at + ", " + at + ","
                + " md5(i::text) || md5(i::text), (i % 2)::smallint, (i % 1000) / 1000.0, 12.5, 0, i / 1000,"
                + " (i % 1000)::int, (ARRAY['web','branch','phone','partner','app'])[1 + i % 5], TIMESTAMPTZ '" + from
                + "'" + series);
        jdbc.execute("ALTER TABLE prediction ATTACH PARTITION fill_prediction" + bounds);
        jdbc.execute("ALTER TABLE fill_prediction RENAME TO prediction" + suffix);

        jdbc.execute("CREATE TABLE fill_label (LIKE ground_truth INCLUDING DEFAULTS)");
        jdbc.execute("INSERT INTO fill_label (id, model, prediction_id, actual_default, observed_at, received_at,"
                + " joined_prediction) SELECT i, '" + MODEL + "', " + id + ", (i % 2)::smallint, " + at + ", " + at
                + ", i" + series + " WHERE i % 10 = 0");
        jdbc.execute("ALTER TABLE ground_truth ATTACH PARTITION fill_label" + bounds);
        jdbc.execute("ALTER TABLE fill_label RENAME TO ground_truth" + suffix);
        jdbc.execute("ANALYZE");
    }

    /** The intake's COPY, in batches of 1,000: into the partitioned table, and into one shaped as before. */
    private static void inserts(JdbcTemplate jdbc, int rows) throws SQLException {
        jdbc.execute("CREATE TABLE plain_prediction (LIKE prediction INCLUDING DEFAULTS)");
        jdbc.execute("ALTER TABLE plain_prediction DROP COLUMN predicted_month");
        jdbc.execute("ALTER TABLE plain_prediction ADD PRIMARY KEY (id)");
        jdbc.execute("ALTER TABLE plain_prediction ADD CONSTRAINT uk_plain_prediction UNIQUE (prediction_id, model)");
        jdbc.execute("CREATE INDEX ON plain_prediction (model, predicted_at, probability, prediction, actual_default,"
                + " latency_ms, block_id, block_row, shadow_of, final_decision, segment_1, segment_2, segment_3,"
                + " segment_4)");
        jdbc.execute("CREATE INDEX ON plain_prediction (client_hash, predicted_at)");
        jdbc.execute("CREATE INDEX ON plain_prediction (model, labeled_at) WHERE labeled_at IS NOT NULL");
        jdbc.execute("CREATE INDEX ON plain_prediction (model, received_at)");
        jdbc.execute("CREATE INDEX ON plain_prediction (model, predicted_at, prediction, final_decision,"
                + " actual_default, override_reason) WHERE final_decision IS NOT NULL AND shadow_of IS NULL");
        jdbc.execute("CREATE INDEX ON plain_prediction (model, predicted_at, shadow_of, model_version, probability,"
                + " prediction) WHERE shadow_of IS NOT NULL");
        for (int round = 0; round < 3; round++) { // the first round warms up
            for (String table : List.of("prediction", "plain_prediction")) {
                long start = System.nanoTime();
                copy(jdbc, table, rows, round);
                if (round > 0) {
                    System.out.printf(Locale.ROOT, "COPY into %s: %,d predictions in batches of %,d, %,.0f/s%n",
                            table.equals("prediction") ? "the partitioned table" : "a plain table", rows,
                            INSERT_BATCH, rows / seconds(start));
                }
            }
        }
    }

    private static void copy(JdbcTemplate jdbc, String table, int rows, int round) {
        Instant now = Instant.now();
        boolean partitioned = table.equals("prediction");
        String month = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC).toString();
        jdbc.execute((Connection c) -> {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql = "COPY " + table + " (prediction_id, model, model_version, predicted_at, received_at,"
                    + " client_hash, prediction, probability, latency_ms, block_id, block_row, quality_violations,"
                    + " final_decision, override_reason, shadow_of, segment_1" + (partitioned ? ", predicted_month" : "")
                    + ") FROM STDIN";
            try {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < rows; i++) {
                    text.append(UUID.randomUUID()).append('\t').append(MODEL).append("\tv1\t")
                            .append(now.plusMillis(i)).append('\t').append(now).append('\t')
                            .append(Integer.toHexString(i * 31 + round)).append("0123456789abcdef0123456789abcdef\t")
                            .append(i % 2).append('\t').append((i % 1000) / 1000.0).append("\t12.5\t")
                            .append(i / INSERT_BATCH).append('\t').append(i % INSERT_BATCH)
                            .append("\t0\t\\N\t\\N\t\\N\tweb");
                    text.append(partitioned ? "\t" + month : "").append('\n');
                    if ((i + 1) % INSERT_BATCH == 0 || i == rows - 1) {
                        copy.copyIn(sql, new StringReader(text.toString()));
                        c.commit();
                        text.setLength(0);
                    }
                }
            } catch (SQLException | IOException e) {
                c.rollback();
                throw new IllegalStateException(e);
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    private static long repeat(JdbcTemplate jdbc, String delete, Object... args) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(delete, args);
            total += deleted;
        } while (deleted == DELETE_BATCH);
        return total;
    }

    private static String size(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT pg_size_pretty(pg_database_size(current_database()))", String.class);
    }

    private static String suffix(YearMonth month) {
        return "_p" + String.format(Locale.ROOT, "%d%02d", month.getYear(), month.getMonthValue());
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
