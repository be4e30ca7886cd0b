package io.scorewatch.window;

import java.time.Instant;

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
 */
public record PredictionWindow(String model, Instant from, Instant to, int size, long[] epochMicros,
        double[] probability, byte[] prediction, byte[] label, double[] latencyMs) {

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
}
