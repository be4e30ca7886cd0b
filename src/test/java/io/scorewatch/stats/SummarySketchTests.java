package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The mergeable summaries' maths against the exact classes on the same rows: the label counters
 * per probability bin within 1e-4 of the exact metrics, the quantile sketches' merges and PSI,
 * and the KS test on sketches (no false alarms on identical distributions, a small shift found).
 *
 * <p>KLL sketches choose at random (from one generator DataSketches shares between all sketches)
 * which half of a compacted level they keep, so a sketch differs from run to run: every assertion
 * on a sketch holds for any of those choices within the sketch's stated 99% rank error, with the
 * margins that bound leaves.
 */
class SummarySketchTests {


    private static final int BINS = 10_000;

    /** Scores of a credit model: defaults score higher; decisions from a threshold, some overridden. */
    private static Rows rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Rows rows = new Rows(n);
        for (int i = 0; i < n; i++) {
            boolean bad = random.nextDouble() < 0.08;
            double z = random.nextGaussian() * 1.2 + (bad ? -1.0 : -2.6);
            double p = 1 / (1 + Math.exp(-z));
            rows.p[i] = p;
            rows.decision[i] = p >= 0.3282 ^ random.nextDouble() < 0.02 ? 1 : 0;
            rows.label[i] = random.nextDouble() < 0.7 ? (bad ? 1 : 0) : -1;
        }
        return rows;
    }

    private record Rows(double[] p, int[] decision, int[] label) {
        Rows(int n) {
            this(new double[n], new int[n], new int[n]);
        }

        int[] labels() {
            return java.util.Arrays.stream(label).filter(l -> l >= 0).toArray();
        }

        double[] labelledP() {
            double[] out = new double[labels().length];
            for (int i = 0, k = 0; i < p.length; i++) {
                if (label[i] >= 0) {
                    out[k++] = p[i];
                }
            }
            return out;
        }
    }

    private static ScoreBins bins(Rows rows, int from, int to) {
        ScoreBins bins = ScoreBins.create(BINS);
        for (int i = from; i < to; i++) {
            bins.add(rows.p[i], rows.decision[i], rows.label[i]);
        }
        return bins;
    }

    @Test
    void labelCountersGiveTheExactMetricsWithinOneTenThousandth() {
        Rows rows = rows(200_000, 7);
        // three parts merged, one through its bytes: the same as one summary of every row
        ScoreBins bins = bins(rows, 0, 50_000);
        bins.merge(ScoreBins.fromBytes(bins(rows, 50_000, 120_000).toBytes()));
        bins.merge(bins(rows, 120_000, 200_000));

        int[] labels = rows.labels();
        double[] p = rows.labelledP();
        assertThat(bins.count()).isEqualTo(200_000);
        assertThat(bins.labelled()).isEqualTo(labels.length);
        RocAuc exactAuc = RocAuc.of(labels, p);
        assertThat(bins.rocAuc().value()).isCloseTo(exactAuc.value(), within(1e-4));
        assertThat(Gini.of(bins.rocAuc()).value()).isCloseTo(Gini.of(exactAuc).value(), within(1e-4));
        assertThat(bins.ksSeparation().statistic()).isCloseTo(KsSeparation.of(labels, p).statistic(), within(1e-4));
        assertThat(bins.brierScore().value()).isCloseTo(BrierScore.of(labels, p).value(), within(1e-12));
        assertThat(bins.calibrationError(10).value())
                .isCloseTo(ExpectedCalibrationError.of(p, labels, 10).value(), within(1e-4));
        assertThat(bins.sumProbability() / bins.count())
                .isCloseTo(java.util.Arrays.stream(rows.p).sum() / rows.p.length, within(1e-12));

        DoubleUnaryOperator calibration = x -> Math.min(1, x * 1.1);
        ConfidenceBasedEstimate exact = ConfidenceBasedEstimate.of(rows.p, calibration, 0.3282, 10, 1);
        ConfidenceBasedEstimate binned = bins.confidenceBasedEstimate(calibration, 0.3282, 10, 1);
        assertThat(binned.rows()).isEqualTo(exact.rows());
        assertThat(binned.rocAuc()).isCloseTo(exact.rocAuc(), within(1e-4));
        assertThat(binned.precision()).isCloseTo(exact.precision(), within(1e-4));
        assertThat(binned.recall()).isCloseTo(exact.recall(), within(1e-4));
        assertThat(binned.f1()).isCloseTo(exact.f1(), within(1e-4));
        assertThat(binned.businessCost() / binned.rows())
                .isCloseTo(exact.businessCost() / exact.rows(), within(1e-4));

        // business cost from the stored decisions: the decided-positive counts are exact
        long decided = java.util.Arrays.stream(rows.decision).filter(d -> d == 1).count();
        assertThat(bins.decidedPositive()).isEqualTo(decided);
    }

    @Test
    void identityCalibrationOnWeightedScoresMatchesTheRowByRowEstimate() {
        double[] scores = {0.1, 0.1, 0.2, 0.5, 0.5, 0.5, 0.9};
        ConfidenceBasedEstimate rows = ConfidenceBasedEstimate.of(scores, x -> x, 0.3, 10, 1);
        ConfidenceBasedEstimate weighted = ConfidenceBasedEstimate.ofWeighted(new double[] {0.5, 0.1, 0.9, 0.2},
                new long[] {3, 2, 1, 1}, x -> x, 0.3, 10, 1);
        assertThat(weighted.rocAuc()).isCloseTo(rows.rocAuc(), within(1e-12));
        assertThat(weighted.f1()).isCloseTo(rows.f1(), within(1e-12));
        assertThat(weighted.businessCost()).isCloseTo(rows.businessCost(), within(1e-12));
        assertThat(weighted.rocAucStandardError()).isCloseTo(rows.rocAucStandardError(), within(1e-12));
    }

    @Test
    void sketchesMergeAndSerialiseAsOneSketchOfEveryValue() {
        SplittableRandom random = new SplittableRandom(3);
        QuantileSketch whole = QuantileSketch.create(200);
        QuantileSketch merged = QuantileSketch.create(200);
        double[] values = new double[100_000];
        for (int part = 0; part < 4; part++) {
            QuantileSketch piece = QuantileSketch.create(200);
            for (int i = 0; i < 25_000; i++) {
                double v = random.nextGaussian();
                values[part * 25_000 + i] = v;
                whole.add(v);
                piece.add(v);
            }
            piece.add(Double.NaN);
            merged.merge(QuantileSketch.fromBytes(piece.toBytes()));
        }
        assertThat(merged.count()).isEqualTo(100_000);
        SortedSample exact = SortedSample.of(values);
        for (double x : new double[] {-2, -1, 0, 0.5, 1.5}) {
            double exactRank = exact.countBelow(x) / 100_000.0;
            assertThat(merged.countBelow(x) / 100_000.0).isCloseTo(exactRank, within(merged.rankError()));
        }
        assertThat(merged.rankError()).isCloseTo(QuantileSketch.rankError(200), within(1e-12));
        assertThat(merged.sizeInBytes()).isLessThan(20_000);
    }

    /**
     * PSI from a sketch, the fallback when a summary has no exact PSI bin counts for the active
     * reference: each edge's rank is within the rank error e of the exact one, so each bin's share
     * within 2e, and the PSI within the largest change of the PSI over shares moved that far (each
     * term {@code (p - q) ln(p / q)} is convex in p: its largest change is at an end). The bound
     * grows with the shift (the log ratio of the shares weighs each share's error); at k = 200 it
     * exceeds 0.005 beyond small shifts, which is why summaries count each feature's values per PSI
     * bin of the reference exactly at roll-up (see io.scorewatch.summary.BucketSummaryTests).
     */
    @Test
    void psiFromASketchIsWithinTheBoundOfItsRankErrorAcrossShifts() {
        SplittableRandom random = new SplittableRandom(11);
        double[] reference = new double[50_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = Math.exp(random.nextGaussian());
        }
        PsiBins bins = PsiBins.of(SortedSample.of(reference));
        for (double shift : new double[] {0, 0.1, 0.2, 0.3, 0.5}) {
            for (int repeat = 0; repeat < 3; repeat++) {
                double[] production = new double[300_000];
                QuantileSketch sketch = QuantileSketch.create(200);
                for (int i = 0; i < production.length; i++) {
                    production[i] = Math.exp(random.nextGaussian() + shift);
                    sketch.add(production[i]);
                }
                double exact = bins.psi(bins.counts(production)).value();
                double summary = bins.psi(SketchPsi.counts(bins, sketch)).value();
                double bound = psiBound(bins, SketchPsi.counts(bins, sketch), 2 * sketch.rankError());
                assertThat(summary).as("shift %s", shift).isCloseTo(exact, within(bound));
                if (shift == 0) {
                    // no shift: the shares' errors count squared, far below the first-order bound
                    assertThat(summary).isCloseTo(exact, within(0.005));
                }
            }
        }
    }

    /** The largest change of the PSI when each production share moves by up to {@code shareError}. */
    private static double psiBound(PsiBins bins, long[] counts, double shareError) {
        long n = java.util.Arrays.stream(counts).sum();
        long[] reference = bins.referenceCounts();
        double bound = 0;
        for (int k = 0; k < counts.length; k++) {
            double q = Math.max((double) reference[k] / bins.referenceTotal(), 1e-4);
            double p = Math.max((double) counts[k] / n, 1e-4);
            double at = (p - q) * Math.log(p / q);
            double up = p + shareError;
            double down = Math.max(p - shareError, 1e-4);
            bound += Math.max(Math.abs((up - q) * Math.log(up / q) - at), Math.abs((down - q) * Math.log(down / q) - at));
        }
        return bound;
    }

    @Test
    void ksOnSketchesFlagsAtMostFivePercentOfIdenticalPairsAtTwoHundredThousand() {
        SplittableRandom random = new SplittableRandom(42);
        int flagged = 0;
        for (int pair = 0; pair < 100; pair++) {
            QuantileSketch a = QuantileSketch.create(200);
            QuantileSketch b = QuantileSketch.create(200);
            for (int i = 0; i < 200_000; i++) {
                a.add(random.nextGaussian());
                b.add(random.nextGaussian());
            }
            if (SketchKolmogorovSmirnov.test(a, b, 0.05).drifted()) {
                flagged++;
            }
        }
        assertThat(flagged).isLessThanOrEqualTo(5);
    }

    @Test
    void ksOnSketchesFlagsATenthOfAStandardDeviationAtOneMillion() {
        SplittableRandom random = new SplittableRandom(5);
        QuantileSketch a = QuantileSketch.create(200);
        QuantileSketch b = QuantileSketch.create(200);
        for (int i = 0; i < 1_000_000; i++) {
            a.add(random.nextGaussian());
            b.add(random.nextGaussian() + 0.1);
        }
        SketchKolmogorovSmirnov ks = SketchKolmogorovSmirnov.test(a, b, 0.05);
        assertThat(ks.drifted()).isTrue();
        // the true gap is 2 * Phi(0.05) - 1 = 0.0399; the sketches' is within their rank errors of it
        assertThat(ks.statistic()).isCloseTo(0.0399, within(ks.rankError()));
        assertThat(ks.pValue()).isLessThan(0.05);
    }

    @Test
    void ksOfAnExactReferenceAgainstASketchOfTheSameDistributionIsNotDrift() {
        SplittableRandom random = new SplittableRandom(9);
        double[] reference = new double[20_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = random.nextGaussian();
        }
        QuantileSketch same = QuantileSketch.create(2000);
        QuantileSketch shifted = QuantileSketch.create(2000);
        for (int i = 0; i < 500_000; i++) {
            double v = random.nextGaussian();
            same.add(v);
            shifted.add(v + 0.1);
        }
        SortedSample sorted = SortedSample.of(reference);
        assertThat(SketchKolmogorovSmirnov.test(sorted, same, 0.05).drifted()).isFalse();
        SketchKolmogorovSmirnov drift = SketchKolmogorovSmirnov.test(sorted, shifted, 0.05);
        assertThat(drift.drifted()).isTrue();
        // the sketch's statistic is within its rank error of the exact one
        double[] all = new double[500_000];
        SplittableRandom again = new SplittableRandom(1);
        for (int i = 0; i < all.length; i++) {
            all[i] = again.nextGaussian() + 0.1;
        }
        assertThat(drift.statistic()).isCloseTo(KolmogorovSmirnov.test(reference, all).statistic(), within(0.02));
    }
}
