package io.scorewatch.ingest;

import java.time.Instant;
import java.util.Arrays;

/**
 * The predictions of one model between two instants, column by column, ordered by time.
 * {@code from} is inclusive, {@code to} exclusive.
 *
 * @param model        the model
 * @param from         start of the window (inclusive)
 * @param to           end of the window (exclusive)
 * @param size         number of predictions
 * @param epochMicros  prediction timestamps, microseconds since the epoch (UTC)
 * @param probability  predicted probabilities
 * @param prediction   0/1 decisions
 * @param label        the real outcome: 0, 1, or -1 while unknown
 * @param latencyMs    the model API's response time in milliseconds, NaN when it did not report one
 * @param positions    schema positions of the feature columns read (may be empty)
 * @param features     {@code features[k][i]}: value of feature {@code positions[k]} for prediction i
 *                     (NaN when missing; a categorical value as its dictionary code)
 */
public record PredictionWindow(String model, Instant from, Instant to, int size, long[] epochMicros,
        double[] probability, byte[] prediction, byte[] label, double[] latencyMs, int[] positions,
        double[][] features) {

    /** A window without latencies (every latency NaN). */
    public PredictionWindow(String model, Instant from, Instant to, int size, long[] epochMicros,
            double[] probability, byte[] prediction, byte[] label, int[] positions, double[][] features) {
        this(model, from, to, size, epochMicros, probability, prediction, label, unknownLatencies(size), positions,
                features);
    }

    /** How many predictions have a label. */
    public int labeledCount() {
        int n = 0;
        for (byte b : label) {
            if (b >= 0) {
                n++;
            }
        }
        return n;
    }

    private static double[] unknownLatencies(int size) {
        double[] latencies = new double[size];
        Arrays.fill(latencies, Double.NaN);
        return latencies;
    }
}
