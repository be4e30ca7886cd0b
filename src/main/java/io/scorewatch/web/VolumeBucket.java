package io.scorewatch.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions counted in one interval of a volume chart.
 *
 * @param start start of the interval (inclusive), a whole hour or day in UTC
 * @param count predictions timestamped in [start, start + step) and inside the window
 */
record VolumeBucket(Instant start, long count) {

    /**
     * Counts timestamps per {@code step} (an hour or a day), buckets aligned to whole steps since
     * the epoch (UTC), from the bucket holding {@code from} to the one holding the last instant
     * before {@code to}. The first and last bucket may be cut by the window.
     *
     * @param epochMicros timestamps in microseconds since the epoch, each in [from, to)
     */
    static List<VolumeBucket> of(long[] epochMicros, Instant from, Instant to, Duration step) {
        long stepMicros = step.toNanos() / 1_000;
        long first = Math.floorDiv(micros(from), stepMicros);
        long last = Math.floorDiv(micros(to) - 1, stepMicros);
        long[] counts = new long[(int) (last - first + 1)];
        for (long at : epochMicros) {
            long k = Math.floorDiv(at, stepMicros) - first;
            if (k >= 0 && k < counts.length) {
                counts[(int) k]++;
            }
        }
        List<VolumeBucket> buckets = new ArrayList<>(counts.length);
        for (int k = 0; k < counts.length; k++) {
            long startMicros = (first + k) * stepMicros;
            buckets.add(new VolumeBucket(Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000),
                    Math.floorMod(startMicros, 1_000_000) * 1_000L), counts[k]));
        }
        return buckets;
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
