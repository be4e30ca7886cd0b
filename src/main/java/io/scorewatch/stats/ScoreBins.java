package io.scorewatch.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleUnaryOperator;

/**
 * Label counters per probability bin: the probability range [0, 1] cut into equal-width bins
 * (bin {@code floor(p * bins)}, 1 in the last), and per bin the predictions, those decided
 * positive (the stored decision), the labelled positives and negatives, and the sums of the
 * probabilities of all and of the labelled rows. Two counters of the same bins merge by adding.
 *
 * <p>With fine bins (10,000) the figures computed from them differ from the exact ones by less
 * than the bin width: ROC-AUC and KS separation treat the rows of one bin as tied (their order
 * inside the bin is all they lose), the Brier score is exact (sums of p, p squared and labels),
 * the calibration error uses the bins' own probability sums, and the confidence-based estimate
 * takes each bin's mean probability for its rows. Stored sparsely: only bins holding rows.
 */
public final class ScoreBins {

    private static final int FORMAT = 1;

    private final int bins;
    private final long[] count;
    private final long[] decidedPositive;
    private final long[] positives;
    private final long[] negatives;
    private final double[] sumP;
    private final double[] sumPLabelled;
    private final CompensatedSum sumSquaresLabelled = new CompensatedSum();
    private final CompensatedSum sumPositivesP = new CompensatedSum();

    private ScoreBins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("need at least one bin, was " + bins);
        }
        this.bins = bins;
        this.count = new long[bins];
        this.decidedPositive = new long[bins];
        this.positives = new long[bins];
        this.negatives = new long[bins];
        this.sumP = new double[bins];
        this.sumPLabelled = new double[bins];
    }

    /** Empty counters over {@code bins} equal-width bins of [0, 1]. */
    public static ScoreBins create(int bins) {
        return new ScoreBins(bins);
    }

    /** Bins of the probability range. */
    public int bins() {
        return bins;
    }

    /** The width of a bin: how far apart two rows of one bin may be. */
    public double binWidth() {
        return 1.0 / bins;
    }

    /** The bin of a probability. */
    public int binOf(double p) {
        int b = (int) Math.floor(p * bins);
        return Math.max(0, Math.min(bins - 1, b));
    }

    /**
     * Adds a prediction.
     *
     * @param p        its probability
     * @param decision the stored decision, 0 or 1
     * @param label    the outcome, 0 or 1, or -1 while unknown
     */
    public void add(double p, int decision, int label) {
        int b = binOf(p);
        count[b]++;
        decidedPositive[b] += decision == 1 ? 1 : 0;
        sumP[b] += p;
        if (label >= 0) {
            sumPLabelled[b] += p;
            sumSquaresLabelled.add(p * p);
            if (label == 1) {
                positives[b]++;
                sumPositivesP.add(p);
            } else {
                negatives[b]++;
            }
        }
    }

    /** Adds the other counters (same bins) to these. */
    public void merge(ScoreBins other) {
        if (other.bins != bins) {
            throw new IllegalArgumentException("cannot merge " + other.bins + " bins into " + bins);
        }
        for (int b = 0; b < bins; b++) {
            count[b] += other.count[b];
            decidedPositive[b] += other.decidedPositive[b];
            positives[b] += other.positives[b];
            negatives[b] += other.negatives[b];
            sumP[b] += other.sumP[b];
            sumPLabelled[b] += other.sumPLabelled[b];
        }
        sumSquaresLabelled.add(other.sumSquaresLabelled.value());
        sumPositivesP.add(other.sumPositivesP.value());
    }

    public long count() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    public long positives() {
        long n = 0;
        for (long c : positives) {
            n += c;
        }
        return n;
    }

    public long negatives() {
        long n = 0;
        for (long c : negatives) {
            n += c;
        }
        return n;
    }

    public long labelled() {
        return positives() + negatives();
    }

    /** Rows decided positive (the stored decision). */
    public long decidedPositive() {
        long n = 0;
        for (long c : decidedPositive) {
            n += c;
        }
        return n;
    }

    /** The sum of every row's probability. */
    public double sumProbability() {
        CompensatedSum sum = new CompensatedSum();
        for (double s : sumP) {
            sum.add(s);
        }
        return sum.value();
    }

    /**
     * ROC-AUC of the labelled rows, the rows of one bin counted as tied (one half per pair), as
     * {@link RocAuc} counts ties; NaN with one class only.
     */
    public RocAuc rocAuc() {
        long p = positives();
        long n = negatives();
        if (p == 0 || n == 0) {
            return new RocAuc(Double.NaN, p, n);
        }
        double twiceU = 0;
        long below = 0;
        for (int b = 0; b < bins; b++) {
            twiceU += positives[b] * (2.0 * below + negatives[b]);
            below += negatives[b];
        }
        return new RocAuc(twiceU / (2.0 * p * n), p, n);
    }

    /** KS separation of the labelled rows: the largest gap between the classes' CDFs at the bin edges. */
    public KsSeparation ksSeparation() {
        long p = positives();
        long n = negatives();
        if (p == 0 || n == 0) {
            return new KsSeparation(Double.NaN, p, n);
        }
        long cumP = 0;
        long cumN = 0;
        double d = 0;
        for (int b = 0; b < bins; b++) {
            cumP += positives[b];
            cumN += negatives[b];
            d = Math.max(d, Math.abs((double) cumP / p - (double) cumN / n));
        }
        return new KsSeparation(d, p, n);
    }

    /** The Brier score of the labelled rows, exact: {@code (sum p^2 - 2 sum_{y=1} p + positives) / labelled}. */
    public BrierScore brierScore() {
        long labelled = labelled();
        if (labelled == 0) {
            return new BrierScore(Double.NaN);
        }
        return new BrierScore((sumSquaresLabelled.value() - 2 * sumPositivesP.value() + positives()) / labelled);
    }

    /**
     * Expected calibration error of the labelled rows over {@code eceBins} equal-width bins (a
     * divisor of these bins), as {@link ExpectedCalibrationError}.
     */
    public ExpectedCalibrationError calibrationError(int eceBins) {
        if (bins % eceBins != 0) {
            throw new IllegalArgumentException(eceBins + " calibration bins do not divide " + bins + " bins");
        }
        long labelled = labelled();
        if (labelled == 0) {
            return new ExpectedCalibrationError(Double.NaN, eceBins);
        }
        int per = bins / eceBins;
        double ece = 0;
        for (int e = 0; e < eceBins; e++) {
            double p = 0;
            long y = 0;
            for (int b = e * per; b < (e + 1) * per; b++) {
                p += sumPLabelled[b];
                y += positives[b];
            }
            ece += Math.abs(p - y) / labelled;
        }
        return new ExpectedCalibrationError(ece, eceBins);
    }

    /**
     * The confidence-based estimate over every row, each bin's rows taken at the bin's mean
     * probability: see {@link ConfidenceBasedEstimate}.
     */
    public ConfidenceBasedEstimate confidenceBasedEstimate(DoubleUnaryOperator calibration, double threshold,
            double costFn, double costFp) {
        int used = 0;
        for (long c : count) {
            used += c > 0 ? 1 : 0;
        }
        double[] scores = new double[used];
        long[] weights = new long[used];
        for (int b = 0, k = 0; b < bins; b++) {
            if (count[b] > 0) {
                scores[k] = sumP[b] / count[b];
                weights[k] = count[b];
                k++;
            }
        }
        return ConfidenceBasedEstimate.ofWeighted(scores, weights, calibration, threshold, costFn, costFp);
    }

    /**
     * The labelled rows' confusion counts deciding positive the bins at or above the threshold's
     * bin: exact when the threshold is a bin edge.
     */
    public ConfusionMatrix confusionAt(double threshold) {
        int first = (int) Math.ceil(threshold * bins - 1e-9);
        long tn = 0;
        long fp = 0;
        long fn = 0;
        long tp = 0;
        for (int b = 0; b < bins; b++) {
            if (b >= first) {
                fp += negatives[b];
                tp += positives[b];
            } else {
                tn += negatives[b];
                fn += positives[b];
            }
        }
        return new ConfusionMatrix(tn, fp, fn, tp);
    }

    /** Serialised: only the bins that hold rows. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(bins);
            out.writeDouble(sumSquaresLabelled.value());
            out.writeDouble(sumPositivesP.value());
            int used = 0;
            for (long c : count) {
                used += c > 0 ? 1 : 0;
            }
            out.writeInt(used);
            for (int b = 0; b < bins; b++) {
                if (count[b] > 0) {
                    writeVarLong(out, b);
                    writeVarLong(out, count[b]);
                    writeVarLong(out, decidedPositive[b]);
                    writeVarLong(out, positives[b]);
                    writeVarLong(out, negatives[b]);
                    out.writeDouble(sumP[b]);
                    out.writeDouble(sumPLabelled[b]);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counters from {@link #toBytes()}. */
    public static ScoreBins fromBytes(byte[] serialized) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown score bins format " + format);
            }
            ScoreBins bins = new ScoreBins(in.readInt());
            bins.sumSquaresLabelled.add(in.readDouble());
            bins.sumPositivesP.add(in.readDouble());
            int used = in.readInt();
            for (int i = 0; i < used; i++) {
                int b = (int) readVarLong(in);
                bins.count[b] = readVarLong(in);
                bins.decidedPositive[b] = readVarLong(in);
                bins.positives[b] = readVarLong(in);
                bins.negatives[b] = readVarLong(in);
                bins.sumP[b] = in.readDouble();
                bins.sumPLabelled[b] = in.readDouble();
            }
            return bins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeVarLong(DataOutputStream out, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputStream in) throws IOException {
        long value = 0;
        int shift = 0;
        while (true) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }
}
