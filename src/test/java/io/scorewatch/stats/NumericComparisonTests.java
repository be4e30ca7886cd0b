package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The shared merge gives exactly what each statistic gives on its own. */
class NumericComparisonTests {

    @Provide
    Arbitrary<double[]> samples() {
        return SampleArbitraries.samples(300);
    }

    @Provide
    Arbitrary<double[]> withMissing() {
        return SampleArbitraries.samples(300).flatMap(values -> Arbitraries.integers().between(0, values.length)
                .map(missing -> {
                    double[] copy = values.clone();
                    Arrays.fill(copy, 0, missing, Double.NaN);
                    return copy;
                }));
    }

    @Property(tries = 500)
    void equalsEachStatisticOnItsOwn(@ForAll("samples") double[] reference, @ForAll("withMissing") double[] sample) {
        assertSameAsSeparately(reference, sample);
    }

    @Property(tries = 300)
    void equalsEachStatisticWhenTheReferenceIsTheSmallerSample(@ForAll("samples") double[] reference) {
        double[] sample = new double[reference.length * 3 + 1];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = reference[i % reference.length] + (i % 3) * 0.5;
        }
        assertSameAsSeparately(reference, sample);
    }

    @Property(tries = 1000)
    void runByRunWalkAgreesWithTheValueByValueWalk(@ForAll("samples") double[] reference,
            @ForAll("withMissing") double[] sample) {
        assertWalksAgree(SortedSample.of(reference), SortedSample.of(sample));
        assertWalksAgree(SortedSample.of(sample), SortedSample.of(reference));
    }

    @Test
    void runByRunWalkAgreesOnLargeTiedAndContinuousSamples() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            double[] reference = new double[30_000 + random.nextInt(1_000)];
            double[] window = new double[round % 2 == 0 ? 5_000 : 60_000];
            int scale = round % 3 == 0 ? 1 : 1000; // integer-valued: long runs of ties
            for (int i = 0; i < reference.length; i++) {
                reference[i] = Math.round(random.nextGaussian() * 10 * scale) / (double) scale;
            }
            for (int i = 0; i < window.length; i++) {
                window[i] = Math.round((random.nextGaussian() * 10 + round * 0.1) * scale) / (double) scale;
            }
            assertWalksAgree(SortedSample.of(reference), SortedSample.of(window));
        }
    }

    @Test
    void infiniteAndSignedZeroValuesAsEachStatistic() {
        double[][] samples = {{Double.NEGATIVE_INFINITY, -1, 0.0, 2}, {-0.0, 0.0, 1, Double.POSITIVE_INFINITY},
                {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 3}, {Double.NEGATIVE_INFINITY, 5},
                {-0.0, -0.0, 0.0}, {Double.NaN, 1, Double.NaN}};
        for (double[] reference : samples) {
            for (double[] sample : samples) {
                assertSameAsSeparately(reference, sample);
            }
        }
    }

    @Test
    void undefinedWhenASampleHasNoValue() {
        NumericComparison comparison = NumericComparison.of(SortedSample.of(new double[] {1, 2}),
                SortedSample.of(new double[] {Double.NaN}));

        assertThat(comparison.ks()).isEqualTo(KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {Double.NaN}));
        assertThat(comparison.psi().value()).isNaN();
        assertThat(comparison.wasserstein().distance()).isNaN();
    }

    /** The same KS statistic to the bit, the same distance to a few ulps. */
    private static void assertWalksAgree(SortedSample reference, SortedSample sample) {
        if (reference.isEmpty() || sample.isEmpty()) {
            return;
        }
        NumericComparison.MergedCdfs byRuns = NumericComparison.MergedCdfs.walk(reference, sample);
        NumericComparison.MergedCdfs byValues = NumericComparison.MergedCdfs.stepwise(reference, sample);

        assertThat(byRuns.ksStatistic()).isEqualTo(byValues.ksStatistic())
                .isEqualTo(KolmogorovSmirnov.statistic(reference, sample));
        assertThat(byRuns.wassersteinDistance()).isCloseTo(byValues.wassersteinDistance(),
                within(1e-14 * byValues.wassersteinDistance()));
    }

    private static void assertSameAsSeparately(double[] referenceValues, double[] sampleValues) {
        SortedSample reference = SortedSample.of(referenceValues);
        SortedSample sample = SortedSample.of(sampleValues);

        NumericComparison comparison = NumericComparison.of(reference, sample);

        // a reference kept as its distinct values gives the same doubles
        assertThat(NumericComparison.of(SortedSample.of(referenceValues).compacted(), SortedSample.of(sampleValues)))
                .isEqualTo(comparison);

        assertThat(comparison.ks()).isEqualTo(KolmogorovSmirnov.test(reference, sample));
        assertThat(comparison.psi()).isEqualTo(PopulationStabilityIndex.numeric(reference, sampleValues));
        assertThat(comparison.wasserstein()).isEqualTo(Wasserstein.between(reference, sample));
        assertThat(comparison.wasserstein()).isEqualTo(Wasserstein.between(referenceValues, sampleValues));
    }
}
