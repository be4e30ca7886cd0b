package io.scorewatch.summary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.scorewatch.stats.QuantileSketch;
import io.scorewatch.stats.ScoreBins;

/**
 * What a span of one model's predictions summarises into, mergeable with the summary of any
 * other span: counts by stored decision and outcome, the confusion counts at the decision
 * threshold in force when it was built, the label counters per probability bin, a quantile
 * sketch of the probability and of the latency, one per numerical feature, the category counts
 * of each categorical feature and the missing values of every feature, and, per numerical
 * feature of the reference dataset active at roll-up, the exact counts of its values per PSI bin
 * of that reference. Merging two summaries gives the summary of both spans: counts add, sketches
 * merge; the PSI bin counts add when both were counted at the same reference's bins and are
 * dropped otherwise.
 */
public final class BucketSummary {

    /** Format 2 adds the PSI bin counts; format 1 (without them) is still read. */
    private static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_PSI_COUNTS = 1;
    /** {@link #psiReference} of a summary without PSI bin counts. */
    static final long NO_REFERENCE = 0;

    long predictions;
    /** By stored decision and known outcome, index {@code 2 * outcome + decision}. */
    final long[] decisionCells = new long[4];
    /** By {@code probability >= threshold} and known outcome, index {@code 2 * outcome + decided}. */
    final long[] thresholdCells = new long[4];
    /** The threshold of {@link #thresholdCells}; NaN once summaries of different thresholds merged. */
    double threshold;
    long highRisk;
    /** The high-risk probability of {@link #highRisk}; NaN once different ones merged. */
    double highRiskProbability;
    final ScoreBins scores;
    final QuantileSketch probability;
    final QuantileSketch latency;
    final Map<String, QuantileSketch> numerical = new TreeMap<>();
    final Map<String, Map<String, Long>> categories = new TreeMap<>();
    final Map<String, Long> missing = new TreeMap<>();
    /** The reference dataset whose PSI bins {@link #psiCounts} count in; {@link #NO_REFERENCE} when none. */
    long psiReference = NO_REFERENCE;
    /** Per numerical feature, its non-missing values per PSI bin of the reference {@link #psiReference}. */
    final Map<String, long[]> psiCounts = new TreeMap<>();

    BucketSummary(double threshold, double highRiskProbability, ScoreBins scores, QuantileSketch probability,
            QuantileSketch latency) {
        this.threshold = threshold;
        this.highRiskProbability = highRiskProbability;
        this.scores = scores;
        this.probability = probability;
        this.latency = latency;
    }

    static BucketSummary empty(double threshold, double highRiskProbability, SummaryProperties properties) {
        return new BucketSummary(threshold, highRiskProbability, ScoreBins.create(properties.probabilityBins()),
                QuantileSketch.create(properties.probabilityK()), QuantileSketch.create(properties.featureK()));
    }

    /** Adds the other span's summary to this one. */
    void merge(BucketSummary other) {
        mergeAllButFeatureSketches(other);
        other.numerical.forEach((name, sketch) -> {
            QuantileSketch mine = numerical.get(name);
            if (mine == null) {
                numerical.put(name, QuantileSketch.fromBytes(sketch.toBytes()));
            } else {
                mine.merge(sketch);
            }
        });
    }

    /**
     * Adds the other spans' summaries to this one, as {@link #merge} one after the other would;
     * the numerical features' sketches are merged feature by feature on the common pool, each
     * feature's sketches in the order given.
     */
    void mergeAll(List<BucketSummary> others) {
        Set<String> names = new TreeSet<>(numerical.keySet());
        for (BucketSummary other : others) {
            mergeAllButFeatureSketches(other);
            names.addAll(other.numerical.keySet());
        }
        Map<String, QuantileSketch> merged = names.parallelStream().collect(Collectors.toConcurrentMap(
                name -> name, name -> {
                    QuantileSketch sketch = numerical.get(name);
                    for (BucketSummary other : others) {
                        QuantileSketch next = other.numerical.get(name);
                        if (next == null) {
                            continue;
                        }
                        if (sketch == null) {
                            sketch = QuantileSketch.fromBytes(next.toBytes());
                        } else {
                            sketch.merge(next);
                        }
                    }
                    return sketch;
                }));
        numerical.putAll(merged);
    }

    /** {@link #merge} but for the numerical features' sketches. */
    private void mergeAllButFeatureSketches(BucketSummary other) {
        mergePsiCounts(other);
        predictions += other.predictions;
        for (int i = 0; i < 4; i++) {
            decisionCells[i] += other.decisionCells[i];
            thresholdCells[i] += other.thresholdCells[i];
        }
        if (Double.compare(threshold, other.threshold) != 0) {
            threshold = Double.NaN;
        }
        highRisk += other.highRisk;
        if (Double.compare(highRiskProbability, other.highRiskProbability) != 0) {
            highRiskProbability = Double.NaN;
        }
        scores.merge(other.scores);
        probability.merge(other.probability);
        latency.merge(other.latency);
        other.categories.forEach((name, counts) -> {
            Map<String, Long> mine = categories.computeIfAbsent(name, n -> new TreeMap<>());
            counts.forEach((category, count) -> mine.merge(category, count, Long::sum));
        });
        other.missing.forEach((name, count) -> missing.merge(name, count, Long::sum));
    }

    /**
     * Adds the other's PSI bin counts: taken as they are into a summary of no prediction, added
     * when both count in the same reference's bins, dropped when they do not.
     */
    private void mergePsiCounts(BucketSummary other) {
        if (other.predictions == 0) {
            return;
        }
        if (predictions == 0) {
            psiReference = other.psiReference;
            psiCounts.clear();
            other.psiCounts.forEach((name, counts) -> psiCounts.put(name, counts.clone()));
            return;
        }
        if (psiReference != other.psiReference) {
            psiReference = NO_REFERENCE;
            psiCounts.clear();
            return;
        }
        other.psiCounts.forEach((name, counts) -> {
            long[] mine = psiCounts.get(name);
            if (mine == null || mine.length != counts.length) {
                psiCounts.put(name, counts.clone());
            } else {
                for (int i = 0; i < counts.length; i++) {
                    mine[i] += counts[i];
                }
            }
        });
    }

    /**
     * A numerical feature's exact count of values per PSI bin of the reference dataset
     * {@code referenceId}, when this summary counted every one of the feature's values in that
     * reference's bins; null otherwise (then the PSI comes from the feature's sketch).
     */
    public long[] psiCounts(String feature, long referenceId) {
        long[] counts = psiCounts.get(feature);
        QuantileSketch sketch = numerical.get(feature);
        if (counts == null || psiReference != referenceId || referenceId == NO_REFERENCE) {
            return null;
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total == (sketch == null ? 0 : sketch.count()) ? counts.clone() : null;
    }

    /** Predictions summarised. */
    public long predictions() {
        return predictions;
    }

    /** Predictions with a known outcome. */
    public long labelled() {
        return decisionCells[0] + decisionCells[1] + decisionCells[2] + decisionCells[3];
    }

    /** Labelled predictions by stored decision: {tn, fp, fn, tp}. */
    public long[] decisionCells() {
        return decisionCells.clone();
    }

    /** Labelled predictions by {@code probability >= threshold()}: {tn, fp, fn, tp}. */
    public long[] thresholdCells() {
        return thresholdCells.clone();
    }

    /** The decision threshold of {@link #thresholdCells()}; NaN when the merged spans used different ones. */
    public double threshold() {
        return threshold;
    }

    /** Predictions with a probability above {@link #highRiskProbability()}. */
    public long highRisk() {
        return highRisk;
    }

    public double highRiskProbability() {
        return highRiskProbability;
    }

    /** The label counters per probability bin. */
    public ScoreBins scores() {
        return scores;
    }

    /** The probability's sketch. */
    public QuantileSketch probability() {
        return probability;
    }

    /** The latency's sketch (predictions that reported one). */
    public QuantileSketch latency() {
        return latency;
    }

    /** A numerical feature's sketch (its non-missing values), if the spans had the feature. */
    public QuantileSketch numerical(String feature) {
        return numerical.get(feature);
    }

    /** A categorical feature's counts by category. */
    public Map<String, Long> categories(String feature) {
        return categories.getOrDefault(feature, Map.of());
    }

    /** A feature's missing values. */
    public long missing(String feature) {
        return missing.getOrDefault(feature, 0L);
    }

    byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(predictions);
            for (int i = 0; i < 4; i++) {
                out.writeLong(decisionCells[i]);
                out.writeLong(thresholdCells[i]);
            }
            out.writeDouble(threshold);
            out.writeLong(highRisk);
            out.writeDouble(highRiskProbability);
            writeBytes(out, scores.toBytes());
            writeBytes(out, probability.toBytes());
            writeBytes(out, latency.toBytes());
            out.writeInt(numerical.size());
            for (Map.Entry<String, QuantileSketch> e : numerical.entrySet()) {
                out.writeUTF(e.getKey());
                writeBytes(out, e.getValue().toBytes());
            }
            out.writeInt(categories.size());
            for (Map.Entry<String, Map<String, Long>> e : categories.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (Map.Entry<String, Long> c : e.getValue().entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeLong(c.getValue());
                }
            }
            out.writeInt(missing.size());
            for (Map.Entry<String, Long> e : missing.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeLong(psiReference);
            out.writeInt(psiCounts.size());
            for (Map.Entry<String, long[]> e : psiCounts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (long c : e.getValue()) {
                    out.writeLong(c);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BucketSummary fromBytes(byte[] body) {
        return read(body, true, false);
    }

    /**
     * A summary from {@link #toBytes()} to merge into another: its sketches are read-only views
     * of {@code body} (nothing copied), and without {@code features} the feature sketches, counts
     * and PSI bin counts are skipped, not read.
     */
    static BucketSummary toMerge(byte[] body, boolean features) {
        return read(body, features, true);
    }

    private static BucketSummary read(byte[] body, boolean features, boolean wrap) {
        try {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            DataInputStream in = new DataInputStream(bytes);
            Sketches sketches = length -> {
                int offset = body.length - bytes.available();
                in.skipNBytes(length);
                return wrap ? QuantileSketch.wrap(body, offset, length)
                        : QuantileSketch.fromBytes(java.util.Arrays.copyOfRange(body, offset, offset + length));
            };
            int format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_PSI_COUNTS) {
                throw new IllegalStateException("unknown summary format " + format);
            }
            long predictions = in.readLong();
            long[] decision = new long[4];
            long[] threshold = new long[4];
            for (int i = 0; i < 4; i++) {
                decision[i] = in.readLong();
                threshold[i] = in.readLong();
            }
            double thresholdValue = in.readDouble();
            long highRisk = in.readLong();
            double highRiskProbability = in.readDouble();
            ScoreBins scores = ScoreBins.fromBytes(readBytes(in));
            QuantileSketch probability = sketches.next(in.readInt());
            BucketSummary summary = new BucketSummary(thresholdValue, highRiskProbability, scores, probability,
                    sketches.next(in.readInt()));
            summary.predictions = predictions;
            System.arraycopy(decision, 0, summary.decisionCells, 0, 4);
            System.arraycopy(threshold, 0, summary.thresholdCells, 0, 4);
            summary.highRisk = highRisk;
            if (!features) {
                return summary;
            }
            for (int i = in.readInt(); i > 0; i--) {
                summary.numerical.put(in.readUTF(), sketches.next(in.readInt()));
            }
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                Map<String, Long> counts = new TreeMap<>();
                for (int j = in.readInt(); j > 0; j--) {
                    counts.put(in.readUTF(), in.readLong());
                }
                summary.categories.put(name, counts);
            }
            for (int i = in.readInt(); i > 0; i--) {
                summary.missing.put(in.readUTF(), in.readLong());
            }
            if (format == FORMAT) {
                summary.psiReference = in.readLong();
                for (int i = in.readInt(); i > 0; i--) {
                    String name = in.readUTF();
                    long[] counts = new long[in.readInt()];
                    for (int j = 0; j < counts.length; j++) {
                        counts[j] = in.readLong();
                    }
                    summary.psiCounts.put(name, counts);
                }
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next sketch of a serialised summary, of the given length in bytes. */
    private interface Sketches {
        QuantileSketch next(int length) throws IOException;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
