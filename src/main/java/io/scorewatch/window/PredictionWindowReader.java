package io.scorewatch.window;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.scorewatch.ingest.FeatureVectors;
import io.scorewatch.segment.Segment;
import io.scorewatch.segment.SegmentSlots;

/**
 * Reads a model's predictions between two instants column by column: the scan streams rows into
 * primitive columns, then reads each feature block the window needs once and copies only the
 * requested positions out of it, so memory is 8 bytes per value read, never a parsed object per
 * row. A window too large for all its feature columns at once is read a group of columns at a
 * time ({@link #columnsPerRead}). Every read is read-only: labels are joined by
 * the intake's label join, never here.
 */
@Component
public class PredictionWindowReader {

    private static final int FETCH_SIZE = 5_000;
    private static final int BLOCK_FETCH_SIZE = 4;
    private static final int IN_LIST = 500;
    /** Blocks read but not yet copied into the columns, at most. */
    private static final int BLOCKS_IN_FLIGHT = 4;
    /** Rows copied together from a block: 16 rows of 200 features are 26 KB. */
    private static final int COPY_TILE = 16;

    /** The longest array every JVM allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final JdbcTemplate jdbc;
    private final boolean h2;
    private final SegmentSlots slots;

    PredictionWindowReader(JdbcTemplate jdbc, StoreDatabase database, SegmentSlots slots) {
        this.slots = slots;
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(FETCH_SIZE);
        this.jdbc = streaming;
        this.h2 = database.isH2();
    }

    /**
     * How many feature columns of a window of {@code rows} rows to read at once: as many as fit,
     * besides {@code reserve} bytes, in {@code share} of the heap that is free now, and in one
     * array; at least one.
     */
    public static int columnsPerRead(int rows, double share, long reserve) {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        long column = Math.max(1L, (long) rows * Double.BYTES);
        long fit = ((long) (free * share) - reserve) / column;
        return (int) Math.max(1, Math.min(fit, MAX_ARRAY_LENGTH / Math.max(1, rows)));
    }

    /** Scores, decisions, labels and latencies of the window, without features. */
    @Transactional(readOnly = true)
    public PredictionWindow scores(String model, Instant from, Instant to) {
        return scores(model, null, from, to);
    }

    /** {@link #scores(String, Instant, Instant)} of the predictions of one segment value; the total when null. */
    @Transactional(readOnly = true)
    public PredictionWindow scores(String model, Segment segment, Instant from, Instant to) {
        return scan(model, segment, null, from, to, true, false, Long.MAX_VALUE).toWindow(model, from, to);
    }

    /**
     * The window's probabilities and labels and where its feature vectors are, from one scan of
     * the score index: then {@link #features} reads any group of feature columns, in the same
     * order.
     */
    @Transactional(readOnly = true)
    public ScoredRows scoredRows(String model, Instant from, Instant to) {
        return scoredRows(model, null, from, to);
    }

    /** {@link #scoredRows(String, Instant, Instant)} of one segment value; the total when null. */
    @Transactional(readOnly = true)
    public ScoredRows scoredRows(String model, Segment segment, Instant from, Instant to) {
        return scoredRows(model, segment, null, from, to);
    }

    /**
     * {@link #scoredRows(String, Segment, Instant, Instant)} of the predictions of one model
     * version; of every version when {@code version} is null.
     */
    @Transactional(readOnly = true)
    public ScoredRows scoredRows(String model, Segment segment, String version, Instant from, Instant to) {
        return scoredRows(model, segment, version, from, to, Long.MAX_VALUE);
    }

    /**
     * {@link #scoredRows(String, Segment, Instant, Instant)}, reading no more than the window's
     * first {@code atMost} rows: a caller that takes a window only up to a size asks for one row
     * more than that and learns from the size whether the window is larger, without a count of
     * its own before the read.
     */
    @Transactional(readOnly = true)
    public ScoredRows scoredRows(String model, Segment segment, Instant from, Instant to, long atMost) {
        return scoredRows(model, segment, null, from, to, atMost);
    }

    /**
     * {@link #scoredRows(String, Segment, Instant, Instant, long)} of the predictions of one model
     * version; of every version when {@code version} is null.
     */
    @Transactional(readOnly = true)
    public ScoredRows scoredRows(String model, Segment segment, String version, Instant from, Instant to,
            long atMost) {
        Columns columns = scan(model, segment, version, from, to, false, true, atMost);
        return new ScoredRows(columns.size, Arrays.copyOf(columns.probability, columns.size),
                Arrays.copyOf(columns.label, columns.size), columns.featureRows());
    }

    /**
     * When the model's latest prediction (not a challenger's shadow) was made, if it has any: one
     * entry of the score index, read from its end.
     */
    @Transactional(readOnly = true)
    public Optional<Instant> latestPrediction(String model) {
        return jdbc.query("SELECT p.predicted_at FROM prediction p WHERE p.model = ? AND p.shadow_of IS NULL"
                + " ORDER BY p.model DESC, p.predicted_at DESC FETCH FIRST 1 ROWS ONLY",
                (rs, row) -> instant(rs, 1), model).stream().findFirst();
    }

    /**
     * A window's probabilities and labels (-1 when unknown), and where the vectors of its rows
     * are, in the same order.
     */
    public record ScoredRows(int size, double[] probability, byte[] label, FeatureRows rows) {
    }

    /**
     * The window's rows in time order from the score index, which holds every column read here
     * (an index-only scan); on H2 lazily, so a long window is not buffered before its first row.
     * Without {@code all}, only probabilities and labels are read; no more than {@code atMost}
     * rows.
     */
    private Columns scan(String model, Segment segment, String version, Instant from, Instant to, boolean all,
            boolean withBlocks, long atMost) {
        Columns columns = new Columns(withBlocks);
        int more = withBlocks ? 5 : 3;
        eachRow("SELECT p.probability, p.actual_default" + (withBlocks ? ", p.block_id, p.block_row" : "")
                + (all ? ", p.predicted_at, p.prediction, p.latency_ms" : "")
                + window(model, segment, version) + TIME_ORDER,
                model, segment, version, from, to, atMost, rs -> {
                    double probability = rs.getDouble(1);
                    int label = label(rs, 2);
                    long block = withBlocks ? rs.getLong(3) : 0;
                    int row = withBlocks ? rs.getInt(4) : 0;
                    long micros = 0;
                    int prediction = 0;
                    double latency = Double.NaN;
                    if (all) {
                        Instant at = instant(rs, more);
                        micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
                        prediction = rs.getShort(more + 1);
                        latency = latency(rs, more + 2);
                    }
                    columns.add(micros, probability, prediction, label, latency, block, row);
                });
        return columns;
    }

    /** A row of a window query. */
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query over the window [from, to) of a model (its parameters: model, from, to) and
     * hands each row to the handler: on one connection, whether or not a transaction holds one,
     * and on H2 lazily, because H2 otherwise buffers a large result (on disk past some ten
     * thousand rows) before the first row.
     */
    private void eachRow(String sql, String model, Segment segment, String version, Instant from, Instant to,
            RowHandler handler) {
        eachRow(sql, model, segment, version, from, to, Long.MAX_VALUE, handler);
    }

    /** {@link #eachRow(String, String, Segment, String, Instant, Instant, RowHandler)}, the first {@code atMost} rows. */
    private void eachRow(String sql, String model, Segment segment, String version, Instant from, Instant to,
            long atMost, RowHandler handler) {
        lazily(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(FETCH_SIZE);
                Object[] args = windowArgs(model, segment, version, from, to);
                for (int i = 0; i < args.length; i++) {
                    select.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = select.executeQuery()) {
                    for (long read = 0; read < atMost && rs.next(); read++) {
                        handler.row(rs);
                    }
                }
            }
        });
    }

    /**
     * The FROM and WHERE clauses of a window read, the prediction table as {@code p}: a
     * challenger's (shadow) prediction is never part of a model's window; for a segment, the
     * rows whose segment column holds that value (read from the score index, which holds the
     * segment columns).
     */
    private String window(String model, Segment segment) {
        return window(model, segment, null);
    }

    /** {@link #window(String, Segment)} of one model version's predictions; of every version when null. */
    private String window(String model, Segment segment, String version) {
        return " FROM prediction p WHERE p.model = ? AND p.predicted_at >= ? AND p.predicted_at < ?"
                + " AND p.shadow_of IS NULL" + (segment == null ? "" : " AND " + slots.column(model, segment.key())
                        + " = ?") + (version == null ? "" : " AND p.model_version = ?");
    }

    /**
     * Time order as the index of the window's rows holds it: the columns that the window fixes
     * lead, so that the store reads the rows in index order and streams them. H2 does not see
     * that {@code ORDER BY predicted_at} alone is that order when the index starts with the
     * model; it then sorts the whole window in a temporary result before the first row.
     */
    private static final String TIME_ORDER = " ORDER BY p.model, p.predicted_at";

    /** The parameters of {@link #window(String, Segment)}. */
    private static Object[] windowArgs(String model, Segment segment, Instant from, Instant to) {
        return windowArgs(model, segment, null, from, to);
    }

    /** The parameters of {@link #window(String, Segment, String)}. */
    private static Object[] windowArgs(String model, Segment segment, String version, Instant from, Instant to) {
        Object[] args = segment == null ? new Object[] {model, utc(from), utc(to)}
                : new Object[] {model, utc(from), utc(to), segment.value()};
        if (version == null) {
            return args;
        }
        Object[] withVersion = Arrays.copyOf(args, args.length + 1);
        withVersion[args.length] = version;
        return withVersion;
    }

    /** Work on a connection. */
    private interface ConnectionWork {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work on one connection, whether or not a transaction holds one; on H2 with lazy
     * query execution, so rows (or blocks) come one by one instead of being buffered first.
     */
    private void lazily(ConnectionWork work) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (h2) {
                setLazy(connection, true);
            }
            try {
                work.run(connection);
            } finally {
                if (h2) {
                    setLazy(connection, false);
                }
            }
            return null;
        });
    }

    /** An outcome column: 0 or 1, -1 when not known. */
    private static int label(ResultSet rs, int column) throws SQLException {
        int label = rs.getShort(column);
        return rs.wasNull() ? -1 : label;
    }

    /** A latency column, NaN when not known. */
    private static double latency(ResultSet rs, int column) throws SQLException {
        double latency = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : latency;
    }

    /**
     * The feature columns at these schema positions, one value per row of {@code rows}: each
     * block the rows name is read once, and its rows are copied out while the next block is
     * read (on the common pool, a few blocks at most in flight).
     */
    @Transactional(readOnly = true)
    public FeatureColumns features(FeatureRows rows, int[] positions) {
        FeatureColumns columns = new FeatureColumns(rows.size, positions.length);
        boolean[] read = new boolean[rows.size];
        Deque<ForkJoinTask<?>> copying = new ArrayDeque<>();
        readBlocks(rows, (block, width, from, to) -> {
            if (copying.size() == BLOCKS_IN_FLIGHT) {
                copying.removeFirst().join();
            }
            copying.addLast(ForkJoinTask.adapt(() -> {
                rows.copy(block, width, from, to, positions, columns.values);
                for (int k = from; k < to; k++) {
                    read[rows.rowOf(k)] = true;
                }
            }).fork());
        });
        copying.forEach(ForkJoinTask::join);
        missingBlocks(read, i -> {
            for (int k = 0; k < positions.length; k++) {
                columns.values[k * rows.size + i] = Double.NaN;
            }
        });
        return columns;
    }

    /** Rows whose block is missing from the store (none should be): their values stay missing. */
    private static void missingBlocks(boolean[] read, IntConsumer missing) {
        for (int i = 0; i < read.length; i++) {
            if (!read[i]) {
                missing.accept(i);
            }
        }
    }

    /** A block's vectors and the entries {@code [from, to)} of {@link FeatureRows} whose rows are in it. */
    private interface BlockSink {
        void accept(byte[] block, int width, int from, int to);
    }

    /** Reads each block the rows name once, in id order, and hands it with its rows to the sink. */
    private void readBlocks(FeatureRows rows, BlockSink sink) {
        int n = rows.size;
        lazily(connection -> { // a few blocks in memory at a time
            int next = 0;
            for (int from = 0; from < rows.blocks.length; from += IN_LIST) {
                int to = Math.min(rows.blocks.length, from + IN_LIST);
                String marks = String.join(",", Collections.nCopies(to - from, "?"));
                try (PreparedStatement select = connection.prepareStatement("SELECT id, row_count, vectors"
                        + " FROM feature_block WHERE id IN (" + marks + ") ORDER BY id")) {
                    select.setFetchSize(BLOCK_FETCH_SIZE);
                    for (int k = from; k < to; k++) {
                        select.setLong(k - from + 1, rows.blocks[k]);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            byte[] vectors = rs.getBytes(3);
                            int width = FeatureVectors.width(vectors, rs.getInt(2));
                            while (next < n && rows.blockOf(next) < id) {
                                next++;
                            }
                            int first = next;
                            while (next < n && rows.blockOf(next) == id) {
                                next++;
                            }
                            if (next > first) {
                                sink.accept(vectors, width, first, next);
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Feature columns in the heap, one after another in one array: a large array, which the
     * collector allocates outside the young generation and frees as soon as it is unreachable,
     * instead of copying a window's columns between generations while they are tested.
     */
    public static final class FeatureColumns {
        private final int rows;
        private final double[] values;

        private FeatureColumns(int rows, int count) {
            this.rows = rows;
            this.values = new double[Math.multiplyExact(rows, count)];
        }

        /** Column k, a copy the caller may modify. */
        public double[] column(int k) {
            return Arrays.copyOfRange(values, k * rows, (k + 1) * rows);
        }
    }

    /** Where the vectors of a window's rows are: a block and a row in it for each. */
    public static final class FeatureRows {
        private final int size;
        private final int[] blockRow;
        /** The distinct blocks, ascending. */
        private final long[] blocks;
        /** The window's rows ordered by block: block rank * size + row index, ascending. */
        private final long[] byBlock;

        FeatureRows(long[] block, int[] blockRow, int size) {
            this.size = size;
            this.blockRow = blockRow;
            this.blocks = Arrays.stream(block, 0, size).sorted().distinct().toArray();
            this.byBlock = new long[size];
            for (int i = 0; i < size; i++) {
                byBlock[i] = (long) Arrays.binarySearch(blocks, block[i]) * size + i;
            }
            Arrays.sort(byBlock);
        }

        /** Rows in the window. */
        public int size() {
            return size;
        }

        private long blockOf(int k) {
            return blocks[(int) (byBlock[k] / size)];
        }

        /** The window row of entry k (entries are ordered by block, then window row). */
        private int rowOf(int k) {
            return (int) (byBlock[k] % size);
        }

        /**
         * Copies the values at {@code positions} of entries {@code [from, to)}, all in this block,
         * into the columns (column c at {@code c * size}): a tile of rows at a time, so the rows
         * being read stay in cache while each column takes its run of values.
         */
        private void copy(byte[] block, int width, int from, int to, int[] positions, double[] columns) {
            int[] window = new int[COPY_TILE];
            int[] offset = new int[COPY_TILE];
            for (int tile = from; tile < to; tile += COPY_TILE) {
                int rowsInTile = Math.min(COPY_TILE, to - tile);
                for (int r = 0; r < rowsInTile; r++) {
                    window[r] = rowOf(tile + r);
                    offset[r] = blockRow[window[r]] * width;
                }
                for (int c = 0; c < positions.length; c++) {
                    int column = c * size;
                    int position = positions[c];
                    for (int r = 0; r < rowsInTile; r++) {
                        columns[column + window[r]] = FeatureVectors.valueAt(block, width, offset[r], position);
                    }
                }
            }
        }
    }

    /**
     * The scores, decisions, outcomes and latencies of the window in no particular order: the
     * narrowest read, served by an index that holds these columns, so the table's rows are
     * never touched.
     */
    @Transactional(readOnly = true)
    public ScoreColumns scoreColumns(String model, Instant from, Instant to) {
        return scoreColumns(model, null, from, to);
    }

    /** {@link #scoreColumns(String, Instant, Instant)} of one segment value; the total when null. */
    @Transactional(readOnly = true)
    public ScoreColumns scoreColumns(String model, Segment segment, Instant from, Instant to) {
        return scoreColumns(model, segment, null, from, to);
    }

    /**
     * {@link #scoreColumns(String, Segment, Instant, Instant)} of the predictions of one model
     * version; of every version when {@code version} is null.
     */
    @Transactional(readOnly = true)
    public ScoreColumns scoreColumns(String model, Segment segment, String version, Instant from, Instant to) {
        return scoreColumns(model, segment, version, from, to, Long.MAX_VALUE);
    }

    /**
     * {@link #scoreColumns(String, Segment, String, Instant, Instant)}, reading no more than
     * {@code atMost} rows: a caller that computes a window exactly only up to a size asks for one
     * row more and learns from the size whether the window is larger, with no count before the read.
     */
    @Transactional(readOnly = true)
    public ScoreColumns scoreColumns(String model, Segment segment, String version, Instant from, Instant to,
            long atMost) {
        Columns columns = new Columns(false);
        eachRow("SELECT p.probability, p.prediction, p.actual_default, p.latency_ms"
                + window(model, segment, version),
                model, segment, version, from, to, atMost,
                rs -> columns.add(0, rs.getDouble(1), rs.getShort(2), label(rs, 3), latency(rs, 4), 0, 0));
        return columns.toScores(model, from, to);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static void setLazy(Connection connection, boolean lazy) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LAZY_QUERY_EXECUTION " + lazy);
        }
    }

    /**
     * The window's predictions counted by decision and known outcome, in the store: nothing but
     * the counts is read.
     */
    @Transactional(readOnly = true)
    public DecisionCounts decisionCounts(String model, Instant from, Instant to) {
        return decisionCounts(model, null, from, to);
    }

    /** {@link #decisionCounts(String, Instant, Instant)} of one segment value; the total when null. */
    @Transactional(readOnly = true)
    public DecisionCounts decisionCounts(String model, Segment segment, Instant from, Instant to) {
        return decisionCounts(model, segment, null, from, to);
    }

    /**
     * {@link #decisionCounts(String, Segment, Instant, Instant)} of the predictions of one model
     * version; of every version when {@code version} is null.
     */
    @Transactional(readOnly = true)
    public DecisionCounts decisionCounts(String model, Segment segment, String version, Instant from, Instant to) {
        long[] cells = new long[4]; // index: 2 * outcome + decision
        long[] total = new long[1];
        jdbc.query("SELECT p.prediction, p.actual_default, COUNT(*)" + window(model, segment, version)
                + " GROUP BY p.prediction, p.actual_default",
                rs -> {
                    int decision = rs.getShort(1);
                    int outcome = rs.getShort(2);
                    boolean labelled = !rs.wasNull();
                    long count = rs.getLong(3);
                    total[0] += count;
                    if (labelled) {
                        cells[2 * outcome + decision] += count;
                    }
                }, windowArgs(model, segment, version, from, to));
        return new DecisionCounts(total[0], cells[0], cells[1], cells[2], cells[3]);
    }

    /**
     * The score columns of every value of one segment key over the window, from one scan of the
     * score index, by the value stored (a kept value, {@code other} or {@code missing}); a value
     * without predictions in the window is absent, and so is a prediction stored before the key
     * was declared. No more than {@code atMost} rows of the window are read in all.
     */
    @Transactional(readOnly = true)
    public Map<String, ScoreColumns> scoreColumnsByValue(String model, String key, Instant from, Instant to,
            long atMost) {
        String column = slots.column(model, key);
        Map<String, Columns> byValue = new HashMap<>();
        eachRow("SELECT p.probability, p.prediction, p.actual_default, p.latency_ms, " + column
                + window(model, null) + " AND " + column + " IS NOT NULL" + TIME_ORDER, model, null, null, from, to,
                atMost, rs -> byValue.computeIfAbsent(rs.getString(5), v -> new Columns(false)).add(0, rs.getDouble(1),
                        rs.getShort(2), label(rs, 3), latency(rs, 4), 0, 0));
        return toScores(byValue, model, from, to);
    }

    /** Columns by value as score columns, in value order. */
    private static Map<String, ScoreColumns> toScores(Map<String, Columns> byValue, String model, Instant from,
            Instant to) {
        Map<String, ScoreColumns> scores = new TreeMap<>();
        byValue.forEach((value, columns) -> scores.put(value, columns.toScores(model, from, to)));
        return scores;
    }

    /**
     * The total's score columns (as {@link #scoreColumns(String, Segment, String, Instant, Instant,
     * long)} reads them) and, for each of these segment keys, its values' columns (as
     * {@link #scoreColumnsByValue} reads them), from one
     * read of the window: the score index holds the segment columns. No more than {@code atMost}
     * rows are read.
     */
    @Transactional(readOnly = true)
    public KeyedScores scoreColumnsWithValues(String model, List<String> keys, Instant from, Instant to,
            long atMost) {
        StringBuilder select = new StringBuilder("SELECT p.probability, p.prediction, p.actual_default, p.latency_ms");
        List<Map<String, Columns>> byValue = new ArrayList<>();
        for (String key : keys) {
            select.append(", ").append(slots.column(model, key));
            byValue.add(new HashMap<>());
        }
        Columns total = new Columns(false);
        eachRow(select + window(model, null) + TIME_ORDER, model, null, null, from, to, atMost, rs -> {
            double probability = rs.getDouble(1);
            short prediction = rs.getShort(2);
            int label = label(rs, 3);
            double latency = latency(rs, 4);
            total.add(0, probability, prediction, label, latency, 0, 0);
            for (int k = 0; k < byValue.size(); k++) {
                String value = rs.getString(5 + k);
                if (value != null) {
                    byValue.get(k).computeIfAbsent(value, v -> new Columns(false)).add(0, probability, prediction,
                            label, latency, 0, 0);
                }
            }
        });
        Map<String, Map<String, ScoreColumns>> keyed = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            keyed.put(keys.get(k), toScores(byValue.get(k), model, from, to));
        }
        return new KeyedScores(total.toScores(model, from, to), keyed);
    }

    /** The window's total score columns, and each segment key's values' columns. */
    public record KeyedScores(ScoreColumns total, Map<String, Map<String, ScoreColumns>> byKey) {
    }

    /**
     * {@link #decisionCounts(String, Segment, Instant, Instant)} of every value of one segment key,
     * from one query; a value without predictions in the window is absent.
     */
    @Transactional(readOnly = true)
    public Map<String, DecisionCounts> decisionCountsByValue(String model, String key, Instant from, Instant to) {
        String column = slots.column(model, key);
        Map<String, long[]> cells = new TreeMap<>(); // per value: 2 * outcome + decision, then the total
        jdbc.query("SELECT " + column + ", p.prediction, p.actual_default, COUNT(*)" + window(model, null) + " AND "
                + column + " IS NOT NULL GROUP BY " + column + ", p.prediction, p.actual_default",
                rs -> {
                    long[] value = cells.computeIfAbsent(rs.getString(1), v -> new long[5]);
                    int decision = rs.getShort(2);
                    int outcome = rs.getShort(3);
                    boolean labelled = !rs.wasNull();
                    long count = rs.getLong(4);
                    value[4] += count;
                    if (labelled) {
                        value[2 * outcome + decision] += count;
                    }
                }, windowArgs(model, null, from, to));
        Map<String, DecisionCounts> counts = new TreeMap<>();
        cells.forEach((value, c) -> counts.put(value, new DecisionCounts(c[4], c[0], c[1], c[2], c[3])));
        return counts;
    }

    /**
     * The window's predictions (of one segment value, the total when null, and of one model
     * version, every version when null), counted up to {@code atMost}.
     */
    @Transactional(readOnly = true)
    public long count(String model, Segment segment, String version, Instant from, Instant to, long atMost) {
        Object[] args = windowArgs(model, segment, version, from, to);
        Object[] withLimit = Arrays.copyOf(args, args.length + 1);
        withLimit[args.length] = atMost;
        Long counted = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1" + window(model, segment, version) + " LIMIT ?) w",
                Long.class, withLimit);
        return counted == null ? 0 : counted;
    }

    /** Growable primitive columns. */
    private static final class Columns {
        private final boolean withBlocks;
        private int size;
        private long[] micros = new long[1024];
        private double[] probability = new double[1024];
        private byte[] prediction = new byte[1024];
        private byte[] label = new byte[1024];
        private double[] latency = new double[1024];
        private long[] block;
        private int[] blockRow;

        Columns(boolean withBlocks) {
            this.withBlocks = withBlocks;
            this.block = new long[withBlocks ? 1024 : 0];
            this.blockRow = new int[withBlocks ? 1024 : 0];
        }

        FeatureRows featureRows() {
            return new FeatureRows(block, blockRow, size);
        }

        void add(long epochMicros, double p, int decision, int actual, double latencyMs, long blockId, int row) {
            if (size == micros.length) {
                int capacity = size * 2;
                micros = Arrays.copyOf(micros, capacity);
                probability = Arrays.copyOf(probability, capacity);
                prediction = Arrays.copyOf(prediction, capacity);
                label = Arrays.copyOf(label, capacity);
                latency = Arrays.copyOf(latency, capacity);
                if (withBlocks) {
                    block = Arrays.copyOf(block, capacity);
                    blockRow = Arrays.copyOf(blockRow, capacity);
                }
            }
            micros[size] = epochMicros;
            probability[size] = p;
            prediction[size] = (byte) decision;
            label[size] = (byte) actual;
            latency[size] = latencyMs;
            if (withBlocks) {
                block[size] = blockId;
                blockRow[size] = row;
            }
            size++;
        }

        ScoreColumns toScores(String model, Instant from, Instant to) {
            return new ScoreColumns(model, from, to, size, Arrays.copyOf(probability, size),
                    Arrays.copyOf(prediction, size), Arrays.copyOf(label, size), Arrays.copyOf(latency, size));
        }

        PredictionWindow toWindow(String model, Instant from, Instant to) {
            return new PredictionWindow(model, from, to, size, Arrays.copyOf(micros, size),
                    Arrays.copyOf(probability, size), Arrays.copyOf(prediction, size), Arrays.copyOf(label, size),
                    Arrays.copyOf(latency, size));
        }
    }
}
