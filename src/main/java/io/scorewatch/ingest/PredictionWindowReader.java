package io.scorewatch.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a model's predictions between two instants column by column: the scan streams rows and
 * copies only the requested feature positions out of each stored vector into primitive
 * columns, so memory is 8 bytes per value read, never a parsed object per row. Waiting labels
 * are joined first, so a window's labels are current.
 */
@Component
public class PredictionWindowReader {

    private static final int FETCH_SIZE = 5_000;

    private final JdbcTemplate jdbc;
    private final LabelJoin labels;

    PredictionWindowReader(JdbcTemplate jdbc, LabelJoin labels) {
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(FETCH_SIZE);
        this.jdbc = streaming;
        this.labels = labels;
    }

    /** Scores, decisions and labels of the window, without features. */
    public PredictionWindow scores(String model, Instant from, Instant to) {
        return read(model, from, to, new int[0]);
    }

    /** The window with the feature columns at the given schema positions. */
    @Transactional(readOnly = true)
    public PredictionWindow read(String model, Instant from, Instant to, int[] positions) {
        labels.joinPending();
        Columns columns = new Columns(positions);
        String select = positions.length == 0
                ? "SELECT predicted_at, probability, prediction, actual_default FROM prediction"
                : "SELECT predicted_at, probability, prediction, actual_default, features FROM prediction";
        jdbc.query(select + " WHERE model = ? AND predicted_at >= ? AND predicted_at < ? ORDER BY predicted_at, id",
                rs -> {
                    Instant at = PredictionStore.instant(rs, 1);
                    double probability = rs.getDouble(2);
                    int prediction = rs.getShort(3);
                    int label = rs.getShort(4);
                    if (rs.wasNull()) {
                        label = -1;
                    }
                    ByteBuffer vector = positions.length == 0 ? null
                            : ByteBuffer.wrap(rs.getBytes(5)).order(ByteOrder.LITTLE_ENDIAN);
                    columns.add(at, probability, prediction, label, vector);
                }, model, PredictionStore.utc(from), PredictionStore.utc(to));
        return columns.toWindow(model, from, to);
    }

    /** Growable primitive columns. */
    private static final class Columns {
        private final int[] positions;
        private int size;
        private long[] micros = new long[1024];
        private double[] probability = new double[1024];
        private byte[] prediction = new byte[1024];
        private byte[] label = new byte[1024];
        private double[][] features;

        Columns(int[] positions) {
            this.positions = positions.clone();
            this.features = new double[positions.length][1024];
        }

        void add(Instant at, double p, int decision, int actual, ByteBuffer vector) {
            if (size == micros.length) {
                int capacity = size * 2;
                micros = Arrays.copyOf(micros, capacity);
                probability = Arrays.copyOf(probability, capacity);
                prediction = Arrays.copyOf(prediction, capacity);
                label = Arrays.copyOf(label, capacity);
                for (int k = 0; k < features.length; k++) {
                    features[k] = Arrays.copyOf(features[k], capacity);
                }
            }
            micros[size] = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
            probability[size] = p;
            prediction[size] = (byte) decision;
            label[size] = (byte) actual;
            for (int k = 0; k < positions.length; k++) {
                features[k][size] = FeatureVectors.valueAt(vector, positions[k]);
            }
            size++;
        }

        PredictionWindow toWindow(String model, Instant from, Instant to) {
            double[][] trimmed = new double[features.length][];
            for (int k = 0; k < features.length; k++) {
                trimmed[k] = Arrays.copyOf(features[k], size);
            }
            return new PredictionWindow(model, from, to, size, Arrays.copyOf(micros, size),
                    Arrays.copyOf(probability, size), Arrays.copyOf(prediction, size), Arrays.copyOf(label, size),
                    positions.clone(), trimmed);
        }
    }
}
