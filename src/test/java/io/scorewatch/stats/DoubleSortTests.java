package io.scorewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DoubleSortTests {

    /** Arrays above the radix threshold with ties, signed zeros, infinities, NaNs and subnormals. */
    @Provide
    Arbitrary<double[]> awkwardArrays() {
        Arbitrary<Double> specials = Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE);
        Arbitrary<Double> values = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, specials),
                net.jqwik.api.Tuple.of(5, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(-3, 3).map(i -> (double) i)));
        return values.array(double[].class).ofMinSize(2048).ofMaxSize(6000);
    }

    @Property(tries = 50)
    void sortsLikeArraysSort(@ForAll("awkwardArrays") double[] values) {
        double[] expected = values.clone();
        Arrays.sort(expected);

        DoubleSort.sort(values);

        // Arrays.equals on double[] compares bit patterns (NaNs canonicalised), so -0.0 vs 0.0 counts
        assertThat(Arrays.equals(values, expected)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void sortsLargeGaussianSamples() {
        Random random = new Random(3);
        double[] values = random.doubles(100_000).map(u -> random.nextGaussian() * 1e3).toArray();
        double[] expected = values.clone();
        Arrays.sort(expected);

        DoubleSort.sort(values);

        assertThat(values).containsExactly(expected);
    }
}
