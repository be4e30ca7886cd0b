package io.scorewatch.summary;

/** Serialised summaries for benchmarks: the merge of copies of one, and the compaction into days now. */
public final class SummaryBodies {

    private SummaryBodies() {
    }

    /** The summary of {@code copies} spans like the one of {@code body}, serialised. */
    public static byte[] times(byte[] body, int copies) {
        BucketSummary merged = BucketSummary.fromBytes(body);
        BucketSummary one = BucketSummary.fromBytes(body);
        for (int i = 1; i < copies; i++) {
            merged.merge(one);
        }
        return merged.toBytes();
    }

    /** Compacts the model's buckets shorter than a day of every UTC day that ended before the cutoff. */
    public static int compactDays(Summaries summaries, String model, java.time.Instant cutoff) {
        return summaries.compactDays(model, cutoff);
    }

    /** The predictions a serialised summary counts. */
    public static long predictions(byte[] body) {
        return BucketSummary.fromBytes(body).predictions();
    }
}
