package io.scorewatch.stats;

/**
 * The numeric PSI of a sample known through a quantile sketch: the bin counts are the sketch's
 * counts below each edge of the reference's {@link PsiBins}, differenced.
 */
public final class SketchPsi {

    private SketchPsi() {
    }

    /** The sketch's values per bin of {@code bins}. */
    public static long[] counts(PsiBins bins, QuantileSketch sketch) {
        double[] edges = bins.edges();
        long[] counts = new long[bins.count()];
        long previous = 0;
        for (int k = 0; k < edges.length; k++) {
            long below = Math.max(previous, sketch.countBelow(edges[k]));
            counts[k] = below - previous;
            previous = below;
        }
        counts[edges.length] = Math.max(0, sketch.count() - previous);
        return counts;
    }

    /** The PSI of the sketch's sample against the reference of {@code bins}. */
    public static PopulationStabilityIndex psi(PsiBins bins, QuantileSketch sketch) {
        return bins.psi(counts(bins, sketch));
    }
}
