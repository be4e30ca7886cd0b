package io.scorewatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class HistogramTests {

    @Test
    void probabilitiesFallInTwentyEqualBinsAndOneBelongsToTheLast() {
        double[] production = {0, 0.049, 0.05, 0.5, 0.999, 1.0, Double.NaN};
        Histogram histogram = Histogram.probability(new double[] {0.2, 0.21}, production, 20);
        long[] expected = new long[20];
        expected[0] = 2;
        expected[1] = 1;
        expected[10] = 1;
        expected[19] = 2;
        assertThat(histogram.production()).isEqualTo(expected);
        assertThat(histogram.reference()).containsExactly(0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(histogram.edges()).hasSize(21).startsWith(0.0, 0.05).endsWith(1.0);
        assertThat(Histogram.probability(null, production, 20).reference()).isNull();
    }

    @Test
    void aContinuousFeatureIsCutAtThePercentilesAndTheTailsGoToTheEndBins() {
        // 0.5, 1.5, ..., 999.5 on both sides, plus one far outlier in production
        double[] reference = IntStream.range(0, 1000).mapToDouble(i -> i + 0.5).toArray();
        double[] production = Arrays.copyOf(reference, 1002);
        production[1000] = 1e9;
        production[1001] = Double.NaN;
        Histogram histogram = Histogram.numeric(reference, production, 10);

        assertThat(histogram.kind()).isEqualTo("numeric");
        assertThat(histogram.edges()).hasSize(11);
        // numpy: quantile(reference, 0.01) = 10.49; quantile(production without NaN, 0.99) = 990.5 (reference: 989.51)
        assertThat(histogram.edges()[0]).isCloseTo(10.49, offset(1e-9));
        assertThat(histogram.edges()[10]).isEqualTo(990.5);
        assertThat(histogram.openBelow()).isTrue();
        assertThat(histogram.openAbove()).isTrue();
        assertThat(Arrays.stream(histogram.reference()).sum()).isEqualTo(1000);
        assertThat(Arrays.stream(histogram.production()).sum()).isEqualTo(1001);
        // 0.5 .. 9.5 lie below the first edge and join the first bin with the 98 values of [10.49, 108.491)
        assertThat(histogram.reference()[0]).isEqualTo(10 + 98);
        assertThat(histogram.production()[9] - histogram.reference()[9]).isEqualTo(1);
    }

    @Test
    void wholeNumbersGetBinsOfAWholeWidthCentredOnTheIntegers() {
        double[] ages = IntStream.rangeClosed(20, 70).mapToDouble(i -> i).toArray();
        Histogram histogram = Histogram.numeric(ages, new double[] {20, 21, 22, 23, 70}, 20);
        // 51 integers in at most 20 bins: width 3, 17 bins from 19.5
        assertThat(histogram.edges()).hasSize(18);
        assertThat(histogram.edges()[0]).isEqualTo(19.5);
        assertThat(histogram.edges()[1]).isEqualTo(22.5);
        assertThat(histogram.edges()[17]).isEqualTo(70.5);
        assertThat(histogram.reference()).containsOnly(3);
        assertThat(histogram.production()[0]).isEqualTo(3);
        assertThat(histogram.production()[1]).isEqualTo(1);
        assertThat(histogram.production()[16]).isEqualTo(1);
        assertThat(histogram.openBelow()).isFalse();
        assertThat(histogram.openAbove()).isFalse();
    }

    @Test
    void aConstantFeatureHasOneBin() {
        Histogram histogram = Histogram.numeric(new double[] {2.5, 2.5}, new double[] {2.5, Double.NaN}, 20);
        assertThat(histogram.edges()).containsExactly(2.0, 3.0);
        assertThat(histogram.reference()).containsExactly(2);
        assertThat(histogram.production()).containsExactly(1);
        Histogram nothing = Histogram.numeric(null, new double[] {Double.NaN}, 20);
        assertThat(nothing.reference()).isNull();
        assertThat(nothing.production()).containsExactly(0);
    }

    @Test
    void categoriesComeMostFrequentFirstAndTheRarestAreSummed() {
        Map<String, Long> reference = new LinkedHashMap<>();
        reference.put("b", 50L);
        reference.put("a", 30L);
        reference.put("c", 15L);
        reference.put("d", 5L);
        Map<String, Long> production = Map.of("a", 10L, "e", 7L, "d", 2L);
        Histogram histogram = Histogram.categorical(reference, production, 3);
        assertThat(histogram.kind()).isEqualTo("categorical");
        assertThat(histogram.categories()).containsExactly("b", "a", Histogram.OTHER);
        assertThat(histogram.reference()).containsExactly(50, 30, 20);
        assertThat(histogram.production()).containsExactly(0, 10, 9);

        Histogram all = Histogram.categorical(reference, production, 10);
        assertThat(all.categories()).containsExactly("b", "a", "c", "d", "e");
        assertThat(all.production()).containsExactly(0, 10, 0, 2, 7);
        assertThat(Histogram.categorical(null, production, 10).reference()).isNull();
    }

    @Test
    void aValueOnAnEdgeBelongsToTheBinAboveIt() {
        assertThat(Histogram.counts(new double[] {0, 1, 1.5, 2, 3, -7, 9, Double.NaN}, new double[] {0, 1, 2, 3}))
                .containsExactly(2, 2, 3);
    }
}
