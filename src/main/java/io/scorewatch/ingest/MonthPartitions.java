package io.scorewatch.ingest;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly partitions of the raw history on PostgreSQL (see the V36 migration): each table
 * has a partition per calendar month (UTC), named {@code <table>_pYYYYMM}, and a DEFAULT
 * partition for rows no month partition covers. On H2 the tables are plain and there are none.
 *
 * <p>An expired month leaves its table by {@code DETACH PARTITION}, a change of the catalog that
 * holds the parent table's lock for a moment, and its files are removed afterwards by a
 * {@code DROP TABLE} of the detached table, which locks that table alone: reads and inserts of
 * the parent never wait for the file system to free a month's gigabytes.
 */
@Component
final class MonthPartitions {

    /** The partitioned tables and their partition keys, in the order their months are dropped. */
    static final Map<String, String> TABLES = orderedTables();
    /** The name of a table's DEFAULT partition is the table's with this suffix. */
    static final String DEFAULT_SUFFIX = "_default";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");
    /** PostgreSQL's SQLSTATE for a lock not obtained within lock_timeout. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Logger log = LoggerFactory.getLogger(MonthPartitions.class);

    private final JdbcTemplate jdbc;
    private volatile Boolean partitioned;

    MonthPartitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static Map<String, String> orderedTables() {
        Map<String, String> tables = new LinkedHashMap<>();
        // a month's predictions go before its feature blocks: no row ever names a block that is gone
        tables.put("prediction", "predicted_month");
        tables.put("feature_block", "last_predicted_at");
        tables.put("ground_truth", "observed_at");
        return Collections.unmodifiableMap(tables);
    }

    /** Whether the store partitions its raw history (PostgreSQL from V36 on). */
    boolean partitioned() {
        Boolean known = partitioned;
        if (known == null) {
            known = jdbc.execute((ConnectionCallback<Boolean>) c -> "PostgreSQL".equals(
                    c.getMetaData().getDatabaseProductName()))
                    && Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table"
                            + " WHERE partrelid = to_regclass('prediction'))", Boolean.class));
            partitioned = known;
        }
        return known;
    }

    /** The months the table has a partition of, in order. */
    List<YearMonth> months(String table) {
        TreeSet<YearMonth> months = new TreeSet<>();
        for (String child : jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = to_regclass(?)", String.class, table)) {
            monthOfPartition(table, child).ifPresent(months::add);
        }
        return List.copyOf(months);
    }

    /** The month of a table named as a month partition of the table ({@code <table>_pYYYYMM}). */
    private static Optional<YearMonth> monthOfPartition(String table, String name) {
        Matcher m = Pattern.compile(Pattern.quote(table) + "_p(\\d{4})(\\d{2})").matcher(name);
        return m.matches() ? Optional.of(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /**
     * Creates the partitions of these months that do not exist yet, in every table; answers
     * those created. Rows of such a month that the DEFAULT partition holds move into the new
     * partition, in the partition's transaction.
     */
    List<String> create(YearMonth first, YearMonth last, TransactionTemplate transaction) {
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, String> table : TABLES.entrySet()) {
            List<YearMonth> existing = months(table.getKey());
            for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
                if (!existing.contains(month)) {
                    create(table.getKey(), table.getValue(), month, transaction);
                    created.add(partition(table.getKey(), month));
                }
            }
        }
        return created;
    }

    private void create(String table, String key, YearMonth month, TransactionTemplate transaction) {
        String partition = partition(table, month);
        String from = bound(start(month));
        String to = bound(start(month.plusMonths(1)));
        transaction.executeWithoutResult(status -> {
            String inMonth = key + " >= ?::timestamptz AND " + key + " < ?::timestamptz";
            boolean stray = Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + table
                    + DEFAULT_SUFFIX + " WHERE " + inMonth + ")", Boolean.class, from, to));
            if (!stray) {
                jdbc.execute("CREATE TABLE " + partition + " PARTITION OF " + table + " FOR VALUES FROM ('" + from
                        + "') TO ('" + to + "')");
                return;
            }
            // PostgreSQL refuses a partition whose rows the DEFAULT partition holds: they move first
            jdbc.execute("CREATE TABLE " + partition + " (LIKE " + table
                    + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)");
            jdbc.update("WITH moved AS (DELETE FROM " + table + DEFAULT_SUFFIX + " WHERE " + inMonth
                    + " RETURNING *) INSERT INTO " + partition + " SELECT * FROM moved", from, to);
            jdbc.execute("ALTER TABLE " + table + " ATTACH PARTITION " + partition + " FOR VALUES FROM ('" + from
                    + "') TO ('" + to + "')");
        });
    }

    /**
     * Detaches the month partitions that end at or before the cutoff, oldest first, each in a
     * statement of its own, then drops the detached tables. A detach waits at most
     * {@code lockTimeout} for the parent table's lock (reads in progress hold it, and while a
     * detach waits, every new read and insert waits behind it): past that it gives up, and the
     * month goes on the next run. A table detached by a run that stopped before its drop is
     * dropped by the next run.
     */
    Drop dropBefore(Instant cutoff, Duration lockTimeout) {
        TreeSet<YearMonth> dropped = new TreeSet<>();
        List<String> detached = new ArrayList<>(detachedBefore(cutoff));
        Boolean complete = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
                try {
                    for (String table : TABLES.keySet()) {
                        for (YearMonth month : months(table)) {
                            if (!start(month.plusMonths(1)).isAfter(cutoff)) {
                                statement.execute("ALTER TABLE " + table + " DETACH PARTITION "
                                        + partition(table, month));
                                detached.add(partition(table, month));
                                dropped.add(month);
                            }
                        }
                    }
                    return true;
                } catch (SQLException e) {
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    log.warn("A month partition was not detached: its table stayed locked past {}; the next run"
                            + " detaches it", lockTimeout);
                    return false;
                } finally {
                    statement.execute("RESET lock_timeout");
                }
            }
        });
        for (String table : detached) {
            jdbc.execute("DROP TABLE IF EXISTS " + table);
        }
        return new Drop(List.copyOf(dropped), Boolean.TRUE.equals(complete));
    }

    /** Month tables of the raw history that no table has as a partition (detached, not dropped yet). */
    private List<String> detachedBefore(Instant cutoff) {
        List<String> found = new ArrayList<>();
        for (String table : TABLES.keySet()) {
            for (String candidate : jdbc.queryForList("SELECT c.relname FROM pg_class c WHERE c.relkind = 'r'"
                    + " AND c.relname LIKE ? AND c.relnamespace = to_regnamespace(current_schema())"
                    + " AND NOT c.relispartition", String.class, table + "\\_p%")) {
                if (monthOfPartition(table, candidate).filter(month -> !start(month.plusMonths(1)).isAfter(cutoff))
                        .isPresent()) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    /** The months a drop dropped (in one table at least), and whether it dropped every expired one. */
    record Drop(List<YearMonth> months, boolean complete) {
    }

    static String partition(String table, YearMonth month) {
        return table + "_p" + month.format(SUFFIX);
    }

    /** The first instant (UTC) of the instant's month: a prediction's {@code predicted_month}. */
    static Instant monthOf(Instant instant) {
        return start(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static String bound(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toString();
    }
}
