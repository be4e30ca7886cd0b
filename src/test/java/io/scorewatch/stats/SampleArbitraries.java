package io.scorewatch.stats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators for the property tests: samples with many ties or with continuous values. */
final class SampleArbitraries {

    private SampleArbitraries() {
    }

    /** Non-empty samples of up to {@code maxSize} values, either tie-heavy integers or 2-decimal reals. */
    static Arbitrary<double[]> samples(int maxSize) {
        Arbitrary<double[]> tied = Arbitraries.integers().between(-6, 6).map(i -> (double) i)
                .array(double[].class).ofMinSize(1).ofMaxSize(maxSize);
        Arbitrary<double[]> continuous = Arbitraries.doubles().between(-50, 50).ofScale(2)
                .array(double[].class).ofMinSize(1).ofMaxSize(maxSize);
        return Arbitraries.oneOf(tied, continuous);
    }

    /** Non-negative category weights of a fixed length, not all zero. */
    static Arbitrary<double[]> weights(int length) {
        return Arbitraries.integers().between(0, 500).map(i -> (double) i)
                .array(double[].class).ofSize(length)
                .filter(w -> java.util.Arrays.stream(w).sum() > 0);
    }
}
