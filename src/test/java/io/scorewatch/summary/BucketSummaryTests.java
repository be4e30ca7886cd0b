package io.scorewatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.scorewatch.stats.PsiBins;
import io.scorewatch.stats.SortedSample;

/**
 * PSI on summaries against the exact PSI of the same rows, across shifts: the roll-up counts each
 * numerical feature's values per PSI bin of the active reference, the counts add when summaries
 * merge (through their bytes as well), so the PSI of the merged summary is the exact PSI, however
 * large the shift; summaries counted at another reference's bins give no counts (the PSI then
 * comes from the sketch).
 */
class BucketSummaryTests {

    private static final SummaryProperties PROPERTIES = new SummaryProperties(Duration.ofHours(1), 200, 2000,
            10_000, Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(90), 2_000_000);
    private static final long REFERENCE = 7;

    /** The summary of part of the values, as the roll-up builds it for one bucket. */
    private static BucketSummary part(PsiBins bins, double[] values, int from, int to, long reference) {
        BucketSummary summary = BucketSummary.empty(0.5, 0.8, PROPERTIES);
        double[] part = java.util.Arrays.copyOfRange(values, from, to);
        summary.predictions = part.length;
        summary.numerical.put("x", io.scorewatch.stats.QuantileSketch.create(PROPERTIES.featureK()));
        for (double v : part) {
            summary.numerical.get("x").add(v);
        }
        summary.psiReference = reference;
        summary.psiCounts.put("x", bins.counts(part));
        return summary;
    }

    @Test
    void psiFromTheMergedBinCountsIsTheExactPsiAtEveryShift() {
        SplittableRandom random = new SplittableRandom(11);
        double[] reference = new double[50_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = Math.exp(random.nextGaussian());
        }
        PsiBins bins = PsiBins.of(SortedSample.of(reference));
        for (double shift : new double[] {0, 0.1, 0.2, 0.3, 0.5, 1.0}) {
            double[] production = new double[300_000];
            for (int i = 0; i < production.length; i++) {
                production[i] = Math.exp(random.nextGaussian() + shift);
            }
            double exact = bins.psi(bins.counts(production)).value();
            BucketSummary merged = BucketSummary.empty(0.5, 0.8, PROPERTIES);
            for (int start = 0; start < production.length; start += 100_000) {
                BucketSummary one = part(bins, production, start, start + 100_000, REFERENCE);
                merged.merge(BucketSummary.fromBytes(one.toBytes()));
            }
            long[] counts = merged.psiCounts("x", REFERENCE);
            assertThat(counts).as("shift %s", shift).isNotNull();
            assertThat(bins.psi(counts).value()).as("shift %s", shift).isCloseTo(exact, within(1e-12));
            // another reference's bins: no counts, the PSI comes from the sketch
            assertThat(merged.psiCounts("x", REFERENCE + 1)).isNull();
        }
    }

    @Test
    void summariesCountedAtDifferentReferencesMergeWithoutBinCounts() {
        double[] values = new SplittableRandom(3).doubles(20_000).toArray();
        PsiBins bins = PsiBins.of(SortedSample.of(values));
        BucketSummary merged = BucketSummary.empty(0.5, 0.8, PROPERTIES);
        merged.merge(part(bins, values, 0, 10_000, REFERENCE));
        assertThat(merged.psiCounts("x", REFERENCE)).isNotNull();
        merged.merge(part(bins, values, 10_000, 20_000, REFERENCE + 1));
        assertThat(merged.psiCounts("x", REFERENCE)).isNull();
        assertThat(merged.psiCounts("x", REFERENCE + 1)).isNull();
        assertThat(merged.numerical("x").count()).isEqualTo(20_000);
    }

    @Test
    void mergingFromTheBytesWithoutCopyingGivesTheSameSummaryAndSkipsTheFeaturesWhenAskedTo() {
        double[] values = new SplittableRandom(5).doubles(60_000).toArray();
        PsiBins bins = PsiBins.of(SortedSample.of(values));
        BucketSummary copied = BucketSummary.empty(0.5, 0.8, PROPERTIES);
        BucketSummary wrapped = BucketSummary.empty(0.5, 0.8, PROPERTIES);
        BucketSummary scoresOnly = BucketSummary.empty(0.5, 0.8, PROPERTIES);
        java.util.List<BucketSummary> views = new java.util.ArrayList<>();
        for (int start = 0; start < values.length; start += 20_000) {
            BucketSummary one = part(bins, values, start, start + 20_000, REFERENCE);
            for (int i = start; i < start + 20_000; i++) {
                one.probability.add(values[i]);
                one.scores.add(values[i], 0, -1);
            }
            byte[] body = one.toBytes();
            copied.merge(BucketSummary.fromBytes(body));
            wrapped.merge(BucketSummary.toMerge(body, true));
            scoresOnly.merge(BucketSummary.toMerge(body, false));
            views.add(BucketSummary.toMerge(body, true));
        }
        // all at once, the feature sketches merged feature by feature: the same summary
        BucketSummary all = BucketSummary.empty(0.5, 0.8, PROPERTIES);
        all.mergeAll(views);
        assertThat(all.predictions()).isEqualTo(60_000);
        assertThat(all.probability().count()).isEqualTo(60_000);
        assertThat(all.numerical("x").count()).isEqualTo(60_000);
        assertThat(all.psiCounts("x", REFERENCE)).isEqualTo(copied.psiCounts("x", REFERENCE));
        assertThat(all.scores().toBytes()).isEqualTo(copied.scores().toBytes());
        assertThat(wrapped.predictions()).isEqualTo(60_000);
        assertThat(wrapped.numerical("x").count()).isEqualTo(copied.numerical("x").count());
        assertThat(wrapped.numerical("x").quantile(0.5)).isCloseTo(0.5, within(wrapped.numerical("x").rankError()));
        assertThat(wrapped.psiCounts("x", REFERENCE)).isEqualTo(copied.psiCounts("x", REFERENCE));
        assertThat(scoresOnly.predictions()).isEqualTo(60_000);
        assertThat(scoresOnly.probability().count()).isEqualTo(60_000);
        assertThat(scoresOnly.scores().count()).isEqualTo(60_000);
        assertThat(scoresOnly.numerical("x")).isNull();
    }
}
