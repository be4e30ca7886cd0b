package io.scorewatch.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a model's predictions between two instants column by column: the scan streams rows into
 * primitive columns, then reads each feature block the window needs once and copies only the
 * requested positions out of it, so memory is 8 bytes per value read, never a parsed object per
 * row. Waiting labels are joined first, so a window's labels are current.
 */
@Component
public class PredictionWindowReader {

    private static final int FETCH_SIZE = 5_000;
    private static final int BLOCK_FETCH_SIZE = 4;
    private static final int IN_LIST = 500;

    private final JdbcTemplate jdbc;
    private final LabelJoin labels;
    private final boolean h2;

    PredictionWindowReader(JdbcTemplate jdbc, LabelJoin labels) {
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(FETCH_SIZE);
        this.jdbc = streaming;
        this.labels = labels;
        this.h2 = "H2".equals(streaming.execute((ConnectionCallback<String>) c -> c.getMetaData()
                .getDatabaseProductName()));
    }

    /** Scores, decisions, labels and latencies of the window, without features. */
    @Transactional(readOnly = true)
    public PredictionWindow scores(String model, Instant from, Instant to) {
        return read(model, from, to, new int[0]);
    }

    /** The window with the feature columns at the given schema positions. */
    @Transactional(readOnly = true)
    public PredictionWindow read(String model, Instant from, Instant to, int[] positions) {
        labels.joinPending();
        Columns columns = new Columns(positions);
        jdbc.query("SELECT predicted_at, probability, prediction, actual_default, latency_ms, block_id, block_row"
                + " FROM prediction WHERE model = ? AND predicted_at >= ? AND predicted_at < ? ORDER BY predicted_at",
                rs -> {
                    Instant at = PredictionStore.instant(rs, 1);
                    long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
                    double probability = rs.getDouble(2);
                    int prediction = rs.getShort(3);
                    int label = rs.getShort(4);
                    if (rs.wasNull()) {
                        label = -1;
                    }
                    double latency = rs.getDouble(5);
                    if (rs.wasNull()) {
                        latency = Double.NaN;
                    }
                    columns.add(micros, probability, prediction, label, latency, rs.getLong(6), rs.getInt(7));
                }, model, PredictionStore.utc(from), PredictionStore.utc(to));
        if (positions.length > 0) {
            columns.features = features(new FeatureRows(columns.block, columns.blockRow, columns.size), positions);
        }
        return columns.toWindow(model, from, to);
    }

    /**
     * Where the vectors of the window's predictions are, in the order of {@link #scores}: read
     * once, then {@link #features} reads any group of feature columns from it.
     */
    @Transactional(readOnly = true)
    public FeatureRows featureRows(String model, Instant from, Instant to) {
        labels.joinPending();
        long[][] block = {new long[1024]};
        int[][] row = {new int[1024]};
        int[] size = {0};
        jdbc.query("SELECT block_id, block_row FROM prediction WHERE model = ? AND predicted_at >= ?"
                + " AND predicted_at < ? ORDER BY predicted_at", rs -> {
                    if (size[0] == block[0].length) {
                        block[0] = Arrays.copyOf(block[0], size[0] * 2);
                        row[0] = Arrays.copyOf(row[0], size[0] * 2);
                    }
                    block[0][size[0]] = rs.getLong(1);
                    row[0][size[0]] = rs.getInt(2);
                    size[0]++;
                }, model, PredictionStore.utc(from), PredictionStore.utc(to));
        return new FeatureRows(block[0], row[0], size[0]);
    }

    /**
     * The feature columns at these schema positions, one value per row of {@code rows}: each
     * block the rows name is read once, one at a time, and its rows take their values from it.
     */
    @Transactional(readOnly = true)
    public double[][] features(FeatureRows rows, int[] positions) {
        double[][] features = new double[positions.length][rows.size];
        for (double[] column : features) {
            Arrays.fill(column, Double.NaN); // rows of a block missing from the store (none should be) stay missing
        }
        readBlocks(rows, (i, block, width, row) -> {
            for (int k = 0; k < positions.length; k++) {
                features[k][i] = FeatureVectors.valueAt(block, width, row, positions[k]);
            }
        });
        return features;
    }

    /**
     * The same columns as {@link #features}, for a window whose columns do not fit in the heap:
     * the blocks are read once and the columns written to a temporary file mapped outside the
     * heap, from which each column is read when it is needed. Close it to delete the file.
     */
    @Transactional(readOnly = true)
    public ColumnFile featureFile(FeatureRows rows, int[] positions) throws IOException {
        ColumnFile file = new ColumnFile(rows.size, positions.length);
        try {
            boolean[] read = new boolean[rows.size];
            readBlocks(rows, (i, block, width, row) -> {
                read[i] = true;
                for (int k = 0; k < positions.length; k++) {
                    file.columns[k].put(i, FeatureVectors.valueAt(block, width, row, positions[k]));
                }
            });
            for (int i = 0; i < rows.size; i++) {
                if (!read[i]) { // a block missing from the store (none should be): its rows stay missing
                    for (DoubleBuffer column : file.columns) {
                        column.put(i, Double.NaN);
                    }
                }
            }
            return file;
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Where a window row's values are: its index, its block (little-endian), the block's width, its row there. */
    private interface RowSink {
        void accept(int index, ByteBuffer block, int width, int row);
    }

    /** Reads each block the rows name once, in id order, and hands each of their rows to the sink. */
    private void readBlocks(FeatureRows rows, RowSink sink) {
        int n = rows.size;
        int[] next = {0};
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (h2) {
                setLazy(connection, true); // one block in memory at a time
            }
            try {
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
                                ByteBuffer block = ByteBuffer.wrap(vectors).order(ByteOrder.LITTLE_ENDIAN);
                                while (next[0] < n && rows.blockOf(next[0]) < id) {
                                    next[0]++;
                                }
                                for (; next[0] < n && rows.blockOf(next[0]) == id; next[0]++) {
                                    int i = rows.rowOf(next[0]);
                                    sink.accept(i, block, width, rows.blockRow[i]);
                                }
                            }
                        }
                    }
                }
            } finally {
                if (h2) {
                    setLazy(connection, false);
                }
            }
            return null;
        });
    }

    /** Feature columns in a temporary file, mapped outside the heap. */
    public static final class ColumnFile implements AutoCloseable {
        private final Path path;
        private final int rows;
        private final DoubleBuffer[] columns;

        private ColumnFile(int rows, int count) throws IOException {
            this.rows = rows;
            this.path = Files.createTempFile("scorewatch-window-", ".columns");
            this.columns = new DoubleBuffer[count];
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long bytes = (long) rows * Double.BYTES;
                for (int k = 0; k < count; k++) {
                    columns[k] = channel.map(FileChannel.MapMode.READ_WRITE, k * bytes, bytes)
                            .order(ByteOrder.nativeOrder()).asDoubleBuffer();
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(path);
                throw e;
            }
        }

        /** Column k, copied into the heap. */
        public double[] column(int k) {
            double[] values = new double[rows];
            columns[k].get(0, values);
            return values;
        }

        /** Deletes the file (the mappings go with the garbage collector). */
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
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

        private int rowOf(int k) {
            return (int) (byBlock[k] % size);
        }
    }

    /**
     * The scores, decisions, outcomes and latencies of the window in no particular order: the
     * narrowest read, served by an index that holds these columns, so the table's rows are
     * never touched.
     */
    @Transactional(readOnly = true)
    public ScoreColumns scoreColumns(String model, Instant from, Instant to) {
        labels.joinPending();
        Columns columns = new Columns(new int[0]);
        // one connection for the mode switch and the query, whether or not a transaction holds one
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (h2) {
                // H2 otherwise buffers a large result (on disk past some ten thousand rows) before the first row
                setLazy(connection, true);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT probability, prediction,"
                    + " actual_default, latency_ms FROM prediction WHERE model = ? AND predicted_at >= ?"
                    + " AND predicted_at < ?")) {
                select.setFetchSize(FETCH_SIZE);
                select.setString(1, model);
                select.setObject(2, PredictionStore.utc(from));
                select.setObject(3, PredictionStore.utc(to));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        double probability = rs.getDouble(1);
                        int prediction = rs.getShort(2);
                        int label = rs.getShort(3);
                        if (rs.wasNull()) {
                            label = -1;
                        }
                        double latency = rs.getDouble(4);
                        if (rs.wasNull()) {
                            latency = Double.NaN;
                        }
                        columns.add(0, probability, prediction, label, latency, 0, 0);
                    }
                }
            } finally {
                if (h2) {
                    setLazy(connection, false);
                }
            }
            return null;
        });
        return columns.toScores(model, from, to);
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
        labels.joinPending();
        long[] cells = new long[4]; // index: 2 * outcome + decision
        long[] total = new long[1];
        jdbc.query("SELECT prediction, actual_default, COUNT(*) FROM prediction"
                + " WHERE model = ? AND predicted_at >= ? AND predicted_at < ? GROUP BY prediction, actual_default",
                rs -> {
                    int decision = rs.getShort(1);
                    int outcome = rs.getShort(2);
                    boolean labelled = !rs.wasNull();
                    long count = rs.getLong(3);
                    total[0] += count;
                    if (labelled) {
                        cells[2 * outcome + decision] += count;
                    }
                }, model, PredictionStore.utc(from), PredictionStore.utc(to));
        return new DecisionCounts(total[0], cells[0], cells[1], cells[2], cells[3]);
    }

    /** Growable primitive columns. */
    private static final class Columns {
        private final int[] positions;
        private int size;
        private long[] micros = new long[1024];
        private double[] probability = new double[1024];
        private byte[] prediction = new byte[1024];
        private byte[] label = new byte[1024];
        private double[] latency = new double[1024];
        private long[] block;
        private int[] blockRow;
        private double[][] features = new double[0][];

        Columns(int[] positions) {
            this.positions = positions.clone();
            boolean withFeatures = positions.length > 0;
            this.block = new long[withFeatures ? 1024 : 0];
            this.blockRow = new int[withFeatures ? 1024 : 0];
        }

        void add(long epochMicros, double p, int decision, int actual, double latencyMs, long blockId, int row) {
            if (size == micros.length) {
                int capacity = size * 2;
                micros = Arrays.copyOf(micros, capacity);
                probability = Arrays.copyOf(probability, capacity);
                prediction = Arrays.copyOf(prediction, capacity);
                label = Arrays.copyOf(label, capacity);
                latency = Arrays.copyOf(latency, capacity);
                if (positions.length > 0) {
                    block = Arrays.copyOf(block, capacity);
                    blockRow = Arrays.copyOf(blockRow, capacity);
                }
            }
            micros[size] = epochMicros;
            probability[size] = p;
            prediction[size] = (byte) decision;
            label[size] = (byte) actual;
            latency[size] = latencyMs;
            if (positions.length > 0) {
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
                    Arrays.copyOf(latency, size), positions.clone(), features);
        }
    }
}
