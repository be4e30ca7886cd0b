package io.scorewatch.stats;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A mergeable quantile sketch of a numeric column (Apache DataSketches KLL, doubles): it keeps
 * a few thousand items at most whatever the count, answers ranks within
 * {@link #rankError()} of the exact ones, and merges with another sketch as if both had seen
 * all the values. NaN (a missing value) is not added; the caller counts it.
 */
public final class QuantileSketch {

    private final KllDoublesSketch sketch;

    private QuantileSketch(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    /** An empty sketch with accuracy parameter k (8 to 65535; larger is more accurate and larger). */
    public static QuantileSketch create(int k) {
        return new QuantileSketch(KllDoublesSketch.newHeapInstance(k));
    }

    /** A sketch from {@link #toBytes()}. */
    public static QuantileSketch fromBytes(byte[] bytes) {
        return new QuantileSketch(KllDoublesSketch.heapify(Memory.wrap(bytes)));
    }

    /**
     * A read-only view of a sketch serialised by {@link #toBytes()} at {@code offset} in
     * {@code bytes}, for reading and as the source of a {@link #merge}: nothing is copied.
     */
    public static QuantileSketch wrap(byte[] bytes, int offset, int length) {
        return new QuantileSketch(KllDoublesSketch.wrap(Memory.wrap(bytes).region(offset, length)));
    }

    /** Adds a value; NaN is left out. */
    public void add(double value) {
        if (!Double.isNaN(value)) {
            sketch.update(value);
        }
    }

    /** Adds every value of the other sketch to this one. */
    public void merge(QuantileSketch other) {
        sketch.merge(other.sketch);
    }

    /** Values added. */
    public long count() {
        return sketch.getN();
    }

    /** The accuracy parameter (after merges, the smallest of the merged sketches'). */
    public int k() {
        return sketch.getK();
    }

    /**
     * The normalised rank error of a rank query, at 99% confidence: a rank this sketch answers is
     * within this fraction of the count of the exact rank. 0 while the sketch holds every value.
     */
    public double rankError() {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0.0;
    }

    /** The normalised rank error of sketches with accuracy parameter k, at 99% confidence. */
    public static double rankError(int k) {
        return KllDoublesSketch.getNormalizedRankError(k, false);
    }

    /** How many added values are below {@code x} (strictly), estimated; 0 for an empty sketch. */
    public long countBelow(double x) {
        if (sketch.isEmpty()) {
            return 0;
        }
        return Math.round(sketch.getRank(x, QuantileSearchCriteria.EXCLUSIVE) * sketch.getN());
    }

    /** The value at normalised rank q in [0, 1] (inclusive search); NaN for an empty sketch. */
    public double quantile(double q) {
        return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(q, QuantileSearchCriteria.INCLUSIVE);
    }

    /** The retained items, ascending, and their cumulative weights (values at or below each item). */
    public Steps steps() {
        if (sketch.isEmpty()) {
            return new Steps(new double[0], new long[0], 0);
        }
        DoublesSortedView view = sketch.getSortedView();
        return new Steps(view.getQuantiles(), view.getCumulativeWeights(), sketch.getN());
    }

    /**
     * The sketch's CDF as steps: {@code F(x) = weights[i] / count} for the last item {@code i}
     * at or below x.
     */
    public record Steps(double[] items, long[] cumulativeWeights, long count) {
    }

    /** Serialised, compact. */
    public byte[] toBytes() {
        return sketch.toByteArray();
    }

    /** The serialised size in bytes. */
    public int sizeInBytes() {
        return sketch.getSerializedSizeBytes();
    }
}
