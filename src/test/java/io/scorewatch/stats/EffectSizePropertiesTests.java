package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of chi-square, PSI, Jensen-Shannon and Wasserstein. */
class EffectSizePropertiesTests {

    @Provide
    Arbitrary<double[]> samples() {
        return SampleArbitraries.samples(400);
    }

    @Provide
    Arbitrary<double[]> weights() {
        return SampleArbitraries.weights(6);
    }

    @Property(tries = 300)
    void chiSquareIgnoresWhichSampleIsTheReference(@ForAll("weights") double[] a, @ForAll("weights") double[] b) {
        ChiSquare ab = ChiSquare.homogeneity(counts(a), counts(b));
        ChiSquare ba = ChiSquare.homogeneity(counts(b), counts(a));

        assertThat(ba.degreesOfFreedom()).isEqualTo(ab.degreesOfFreedom());
        assertThat(ba.statistic()).isCloseTo(ab.statistic(), within(1e-12 * Math.max(1, ab.statistic())));
        assertThat(ba.pValue()).isCloseTo(ab.pValue(), within(1e-9 * ab.pValue() + 1e-300));
        assertThat(ab.statistic()).isGreaterThanOrEqualTo(0.0);
        assertThat(ab.pValue()).isBetween(0.0, 1.0);
    }

    @Property(tries = 300)
    void psiIsNonNegativeAndZeroForIdenticalSamples(@ForAll("samples") double[] reference,
            @ForAll("samples") double[] production) {
        assertThat(PopulationStabilityIndex.numeric(reference, production).value()).isGreaterThanOrEqualTo(0.0);
        assertThat(PopulationStabilityIndex.numeric(reference, reference.clone()).value()).isZero();
    }

    @Property(tries = 300)
    void categoricalPsiIsNonNegativeAndZeroForIdenticalCounts(@ForAll("weights") double[] a,
            @ForAll("weights") double[] b, @ForAll @IntRange(min = 1, max = 7) int scale) {
        double[] scaled = a.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= scale;
        }

        assertThat(PopulationStabilityIndex.categorical(counts(a), counts(b)).value()).isGreaterThanOrEqualTo(0.0);
        assertThat(PopulationStabilityIndex.categorical(counts(a), counts(scaled)).value()).isZero();
    }

    @Property(tries = 300)
    void jensenShannonIsSymmetricAndBetweenZeroAndOne(@ForAll("weights") double[] p, @ForAll("weights") double[] q) {
        double pq = JensenShannon.distance(p, q);

        assertThat(JensenShannon.distance(q, p)).isEqualTo(pq);
        assertThat(pq).isBetween(0.0, 1.0 + 1e-12);
        assertThat(JensenShannon.distance(p, p.clone())).isZero();
    }

    @Property(tries = 300)
    void wassersteinIsASymmetricDistance(@ForAll("samples") double[] u, @ForAll("samples") double[] v) {
        double uv = Wasserstein.between(u, v).distance();

        assertThat(Wasserstein.between(v, u).distance()).isCloseTo(uv, within(1e-12 * Math.max(1, uv)));
        assertThat(uv).isGreaterThanOrEqualTo(0.0);
        assertThat(Wasserstein.between(u, u.clone()).distance()).isZero();
    }

    private static Map<String, Long> counts(double[] weights) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            counts.put("c" + i, (long) weights[i]);
        }
        return counts;
    }
}
